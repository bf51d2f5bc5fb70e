/* Rail Django's GraphiQL page: mounts the vendored GraphiQL with a same-origin JSON fetcher.
 *
 * Queries go as a JSON POST to the URL the page was served from, with the session cookie
 * (credentials "same-origin") and the headers typed in GraphiQL's header editor. Headers such as
 * Authorization are sent as HTTP headers, never in the URL, and are not persisted.
 */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("rail-graphiql-config").textContent);

  // Django's CSRF cookie, echoed as X-CSRFToken: needed when the user is authenticated by
  // cookies (a session, or JWT cookies set by the login mutation in cookie mode).
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function fetcher(params, options) {
    var headers = Object.assign({}, (options && options.headers) || {}, {
      "Content-Type": "application/json",
      Accept: "application/graphql-response+json, application/json",
    });
    var csrf = csrfToken();
    if (csrf && !headers["X-CSRFToken"]) {
      headers["X-CSRFToken"] = csrf;
    }
    return fetch(config.endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: headers,
      body: JSON.stringify({
        query: params.query,
        variables: params.variables || null,
        operationName: params.operationName || null,
      }),
    }).then(function (response) {
      return response.json();
    });
  }

  // A shared link may prefill the editor (?query=...); nothing else is read from the URL.
  var initialQuery = new URLSearchParams(window.location.search).get("query");
  var props = { fetcher: fetcher, shouldPersistHeaders: false };
  if (initialQuery) {
    props.defaultQuery = initialQuery;
  }
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(React.createElement(GraphiQL, props));
})();
