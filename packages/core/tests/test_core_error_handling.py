"""error_handling settings seen from a client: codes, categories, masking, stack traces,
truncation, logs, and what a production deploy refuses."""

import logging

import pytest
from core_discovery_testapp.graphql_requests import codes, post_graphql
from django.core import checks


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
    settings.DEBUG = True
    default = post_graphql(client, "{ boom missing }").json()["errors"]
    assert all("stacktrace" not in e["extensions"] for e in default)
    _probe(settings, include_stack_trace=True)
    errors = post_graphql(client, "{ boom }").json()["errors"]
    trace = errors[0]["extensions"]["stacktrace"]
    assert trace[0].startswith("Traceback")
    assert any("resolve_boom" in line for line in trace)


def test_detailed_errors_name_the_exception_but_never_unmask(client, settings):
    settings.DEBUG = True
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
        "extensions": {"code": "RAIL_GQL_NOT_FOUND", "category": "not_found", "model": "Thing"},
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


def test_details_and_stack_traces_never_reach_clients_with_debug_off(client, settings):
    settings.DEBUG = False
    _probe(settings, include_stack_trace=True, enable_detailed_errors=True)
    errors = post_graphql(client, "{ boom missing }", schema="probe").json()["errors"]
    assert errors and all(
        "stacktrace" not in e["extensions"] and "exception" not in e["extensions"]
        for e in errors
    )
    refused = [m for m in checks.run_checks() if m.id == "rail_django.E203"]
    assert {m.level for m in refused} == {checks.ERROR}
    assert sorted(m.msg.split(" is on")[0] for m in refused) == [
        "error_handling.enable_detailed_errors",
        "error_handling.include_stack_trace",
    ]
    settings.DEBUG = True
    assert not [m for m in checks.run_checks() if m.id == "rail_django.E203"]


def test_every_error_says_its_category_unless_turned_off(client, settings):
    by_path = {e["path"][0]: e for e in post_graphql(client, "{ boom missing }").json()["errors"]}
    assert by_path["boom"]["extensions"]["category"] == "internal"
    assert by_path["missing"]["extensions"]["category"] == "not_found"
    invalid = post_graphql(client, "{ nope }").json()["errors"][0]["extensions"]
    assert invalid == {"code": "RAIL_GQL_VALIDATION_FAILED", "category": "validation"}
    http = client.post("/graphql/", data="{", content_type="application/json").json()
    assert http["errors"][0]["extensions"]["category"] == "bad_request"
    _probe(settings, enable_error_categorization=False, error_code_prefix="SHOP")
    plain = post_graphql(client, "{ missing }", schema="probe").json()["errors"][0]
    assert plain["extensions"] == {"code": "SHOP_NOT_FOUND", "model": "Thing"}


def test_with_the_error_middleware_off_internal_errors_reach_django_in_debug_only(
    client, settings
):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "probe": {"middleware_settings": {"enable_error_handling_middleware": False}}
    }
    settings.DEBUG = True
    with pytest.raises(ValueError, match="hunter2"):
        post_graphql(client, "{ boom }", schema="probe")
    assert codes(post_graphql(client, "{ missing }", schema="probe")) == ["RAIL_GQL_NOT_FOUND"]
    assert not [m for m in checks.run_checks() if m.id == "rail_django.E203"]
    settings.DEBUG = False
    assert codes(post_graphql(client, "{ boom }", schema="probe")) == ["RAIL_GQL_INTERNAL_ERROR"]
    refused = [m for m in checks.run_checks() if m.id == "rail_django.E203"]
    assert [m.msg.split(" is off")[0] for m in refused] == [
        "middleware_settings.enable_error_handling_middleware"
    ]
