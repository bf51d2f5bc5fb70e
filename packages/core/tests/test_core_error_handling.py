"""error_handling settings seen from a client: codes, masking, stack traces, truncation, logs."""

import logging

from core_discovery_testapp.graphql_requests import codes, post_graphql


def _probe(settings, **error_handling):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"probe": {"error_handling": error_handling}}


def test_internal_errors_are_masked_with_an_error_id_the_server_logs(client, caplog):
    with caplog.at_level(logging.ERROR, logger="rail_django.core.errors"):
        response = post_graphql(client, "{ hello boom }")
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"hello": "Hello world", "boom": None}
    error = body["errors"][0]
    assert error["message"] == "Internal server error."
    assert "hunter2" not in response.content.decode()
    assert error["path"] == ["boom"]
    assert error["extensions"]["code"] == "RAIL_GQL_INTERNAL_ERROR"
    error_id = error["extensions"]["errorId"]
    assert "stacktrace" not in error["extensions"]
    record = next(r for r in caplog.records if error_id in r.getMessage())
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None and record.exc_info[0] is ValueError
    assert "resolve_boom" in caplog.text  # the traceback is in the log


def test_unmasked_internal_errors_show_their_message(client, settings):
    _probe(settings, mask_internal_errors=False)
    error = post_graphql(client, "{ boom }").json()["errors"][0]
    assert "hunter2" in error["message"]
    assert error["extensions"]["code"] == "RAIL_GQL_INTERNAL_ERROR"
    assert error["extensions"]["errorId"]


def test_stack_trace_only_when_enabled(client, settings):
    default = post_graphql(client, "{ boom missing }").json()["errors"]
    assert all("stacktrace" not in e["extensions"] for e in default)
    _probe(settings, include_stack_trace=True)
    errors = post_graphql(client, "{ boom }").json()["errors"]
    trace = errors[0]["extensions"]["stacktrace"]
    assert trace[0].startswith("Traceback")
    assert any("resolve_boom" in line for line in trace)


def test_detailed_errors_name_the_exception_but_never_unmask(client, settings):
    _probe(settings, enable_detailed_errors=True)
    errors = {e["path"][0]: e for e in post_graphql(client, "{ boom missing }").json()["errors"]}
    assert errors["missing"]["extensions"]["exception"] == {"type": "RailError"}
    assert "exception" not in errors["boom"]["extensions"]  # masked stays masked
    plain = {e["path"][0]: e for e in _without_details(client, settings)}
    assert "exception" not in plain["missing"]["extensions"]


def _without_details(client, settings):
    _probe(settings, enable_detailed_errors=False)
    return post_graphql(client, "{ boom missing }").json()["errors"]


def test_rail_errors_keep_their_message_code_and_extensions(client):
    error = post_graphql(client, "{ missing }").json()["errors"][0]
    assert error == {
        "message": "No such thing.",
        "locations": [{"line": 1, "column": 3}],
        "path": ["missing"],
        "extensions": {"code": "RAIL_GQL_NOT_FOUND", "model": "Thing"},
    }


def test_graphql_errors_raised_by_resolvers_are_client_errors(client):
    error = post_graphql(client, "{ graphqlFailure }").json()["errors"][0]
    assert error["message"] == "Told you so."
    assert error["extensions"]["code"] == "RAIL_GQL_BAD_REQUEST"


def test_error_code_prefix(client, settings):
    _probe(settings, error_code_prefix="SHOP")
    assert codes(post_graphql(client, "{ missing }")) == ["SHOP_NOT_FOUND"]
    assert codes(post_graphql(client, "{ nope }")) == ["SHOP_VALIDATION_FAILED"]
    assert codes(post_graphql(client, "{ nope")) == ["SHOP_SYNTAX_ERROR"]


def test_prefix_applies_to_http_level_errors(client, settings):
    _probe(settings, error_code_prefix="SHOP")
    response = client.post("/graphql/probe/", data="{", content_type="application/json")
    assert codes(response) == ["SHOP_BAD_REQUEST"]


def test_long_messages_are_truncated(client, settings):
    _probe(settings, max_error_message_length=20)
    message = post_graphql(client, "{ longMessage(length: 500) }").json()["errors"][0]["message"]
    assert len(message) == 20
    assert message.endswith("…")
    short = post_graphql(client, "{ longMessage(length: 5) }").json()["errors"][0]["message"]
    assert short == "xxxxx"


def test_default_truncation_is_500(client):
    message = post_graphql(client, "{ longMessage(length: 900) }").json()["errors"][0]["message"]
    assert len(message) == 500


def test_error_logging_can_be_turned_off(client, settings, caplog):
    _probe(settings, enable_error_logging=False)
    with caplog.at_level(logging.DEBUG, logger="rail_django.core.errors"):
        response = post_graphql(client, "{ boom }")
    assert response.json()["errors"][0]["extensions"]["errorId"]
    assert not [r for r in caplog.records if r.name == "rail_django.core.errors"]


def test_log_level_is_honoured(client, settings, caplog):
    _probe(settings, log_level="WARNING")
    with caplog.at_level(logging.DEBUG, logger="rail_django.core.errors"):
        post_graphql(client, "{ boom }")
    levels = {r.levelno for r in caplog.records if r.name == "rail_django.core.errors"}
    assert levels == {logging.WARNING}


def test_schemas_format_errors_with_their_own_settings(client):
    # "discovered" was registered in code with error_code_prefix "DISC".
    response = post_graphql(client, "{ nope }", schema="discovered")
    assert codes(response) == ["DISC_VALIDATION_FAILED"]
    assert codes(post_graphql(client, "{ nope }")) == ["RAIL_GQL_VALIDATION_FAILED"]
