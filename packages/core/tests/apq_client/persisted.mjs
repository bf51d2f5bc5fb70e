// Apollo Client with its persisted-queries link, as a front end configures it: sends the hash
// first, then the document when the server does not know it. Prints one JSON line per query.
// Usage: node persisted.mjs <graphql url> <GET|POST>
import { createHash } from "node:crypto";
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client/core/index.js";
import { createPersistedQueryLink } from "@apollo/client/link/persisted-queries/index.js";

const [url, method] = process.argv.slice(2);
const bodies = [];
const recordingFetch = async (uri, options) => {
  bodies.push(options.method === "GET" ? uri.toString() : options.body);
  return fetch(uri, options);
};
const sha256 = (text) => createHash("sha256").update(text).digest("hex");
const link = createPersistedQueryLink({ sha256, useGETForHashedQueries: method === "GET" }).concat(
  new HttpLink({ uri: url, fetch: recordingFetch }),
);
const client = new ApolloClient({ link, cache: new InMemoryCache() });
const query = gql`query Hello { hello }`;
for (const round of [1, 2]) {
  bodies.length = 0;
  const result = await client.query({ query, fetchPolicy: "network-only" });
  console.log(JSON.stringify({ round, data: result.data, requests: bodies }));
}
