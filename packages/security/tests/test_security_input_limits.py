"""What the input-sanitising settings change: the length cap (refused per field, or truncated),
``input_failure_severity`` (markup refused instead of cleaned), ``input_pattern_scan_limit``,
the switches that turn it off, and the system checks on bad values. A refusal writes nothing."""

from __future__ import annotations

import pytest
from django.core import checks
from django.test import Client
from django.utils import translation
from security_sanitiser_client import (
    BULK_CREATE,
    RETITLE,
    UPDATE,
    create,
    errors,
    security,
    send,
    stored,
)
from security_testapp.models import Article, Comment

pytestmark = pytest.mark.django_db

TOO_LONG = "RAIL_GQL_STRING_TOO_LONG"
MARKUP = "RAIL_GQL_MARKUP_REFUSED"


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    yield
    translation.deactivate()


def test_a_string_over_the_cap_is_refused_with_its_path(settings):
    security(settings, input_max_string_length=10)
    payload = create(title="A title that is too long", body="short")
    assert payload["ok"] is False and payload["article"] is None
    assert errors(payload) == [("title", TOO_LONG)]
    assert payload["errors"][0]["message"] == (
        "Ensure this text has at most 10 characters (it has 24)."
    )
    assert not Article.objects.exists()


def test_the_message_is_translated(settings):
    security(settings, input_max_string_length=10)
    settings.LANGUAGE_CODE = "fr"
    payload = create(title="A title that is too long")
    assert errors(payload) == [("title", TOO_LONG)]
    assert payload["errors"][0]["message"] == (
        "Assurez-vous que ce texte comporte au plus 10 caractères (il en a 24)."
    )


def test_a_nested_refusal_rolls_the_whole_mutation_back(settings):
    security(settings, input_max_string_length=10)
    payload = create(title="Post", commentsCreate=[{"text": "fine"}, {"text": "x" * 11}])
    assert errors(payload) == [("commentsCreate.1.text", TOO_LONG)]
    assert not Article.objects.exists() and not Comment.objects.exists()


def test_a_bulk_refusal_names_the_item_and_writes_nothing(settings):
    security(settings, input_max_string_length=5)
    inputs = [{"title": "ok"}, {"title": "too long"}, {"title": "fine", "body": "far too long"}]
    payload = send(BULK_CREATE, {"inputs": inputs})
    assert errors(payload) == [("inputs.1.title", TOO_LONG), ("inputs.2.body", TOO_LONG)]
    assert not Article.objects.exists()


def test_a_method_argument_over_the_cap_is_refused(settings):
    security(settings, input_max_string_length=5)
    article = Article.objects.create(title="Old")
    payload = send(RETITLE, {"id": article.pk, "title": "New", "keywords": ["ok", "toolong"]})
    assert errors(payload) == [("keywords.1", TOO_LONG)]
    assert stored(article.pk).title == "Old"


def test_truncation_cuts_instead_of_refusing(settings):
    security(settings, input_max_string_length=10, input_truncate_long_strings=True)
    payload = create(title="A title that is too long", body="<b>Fish</b> & Chips")
    assert payload["ok"] is True
    article = stored(payload["article"]["id"])
    # The cap counts the text as sent (checked before any parsing); the cut is then cleaned.
    assert (article.title, article.body) == ("A title th", "Fish")


def test_a_password_over_the_cap_is_refused_never_cut(settings):
    security(settings, input_max_string_length=10, input_truncate_long_strings=True)
    payload = create(title="Locked", accessPassword="correct horse battery")
    assert errors(payload) == [("accessPassword", TOO_LONG)]
    assert not Article.objects.exists()


def test_a_low_failure_severity_refuses_markup_instead_of_cleaning_it(settings):
    security(settings, input_failure_severity="medium")
    article = Article.objects.create(title="Old", body="old")
    payload = send(UPDATE, {"id": article.pk, "input": {"title": "New", "body": "<b>x</b>"}})
    assert errors(payload) == [("body", MARKUP)]
    assert (stored(article.pk).title, stored(article.pk).body) == ("Old", "old")
    # Plain text is not markup, at any severity.
    assert create(title="<3 love", body="Fish & Chips")["ok"] is True


def test_critical_cleans_markup_like_high(settings):
    security(settings, input_failure_severity="critical")
    assert stored(create(title="<b>x</b>")["article"]["id"]).title == "x"


def test_past_the_scan_limit_a_string_with_angle_brackets_is_cleaned_whole(settings):
    # The parser examines at most input_pattern_scan_limit characters; a longer text with "<"
    # is cleaned as HTML without asking whether it holds markup (the safe side).
    security(settings, input_pattern_scan_limit=20)
    long_text = "a" * 30 + "<script>alert(1)</script> & <3"
    payload = create(title="x", body=long_text)
    assert stored(payload["article"]["id"]).body == "a" * 30 + " & &lt;3"
    plain = "b" * 30 + " Fish & Chips > Pasta"  # no "<": never parsed, stored as sent
    assert stored(create(title="y", body=plain)["article"]["id"]).body == plain


def test_without_input_validation_text_is_stored_as_given(settings):
    security(settings, enable_input_validation=False, input_max_string_length=5)
    payload = create(title="<b>x</b>", body="<script>kept</script>")
    article = stored(payload["article"]["id"])
    assert (article.title, article.body) == ("<b>x</b>", "<script>kept</script>")


def test_without_xss_protection_the_length_cap_still_acts(settings):
    security(settings, enable_xss_protection=False, input_max_string_length=30)
    payload = create(title="<b>x</b>", body="<script>kept</script>")
    assert stored(payload["article"]["id"]).body == "<script>kept</script>"
    assert errors(create(title="x" * 31)) == [("title", TOO_LONG)]


def test_without_the_validation_middleware_nothing_is_cleaned(settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "middleware_settings": {"enable_validation_middleware": False},
        "security_settings": {"input_max_string_length": 5},
    }
    payload = create(title="<b>long title</b>")
    assert stored(payload["article"]["id"]).title == "<b>long title</b>"


def test_settings_act_per_schema(settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": {"security_settings": {"enable_input_validation": False}}
    }
    payload = create(title="<b>x</b>")
    assert stored(payload["article"]["id"]).title == "<b>x</b>"


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"input_allowed_html_tags": ["p", "script"]}, "may not allow 'script'"),
        ({"input_allowed_html_attributes": {"*": ["onclick"]}}, "event-handler"),
        ({"input_allowed_html_attributes": {"a": ["rel"]}}, "noopener"),
        ({"input_allowed_html_attributes": {"a": "href"}}, "lists of attribute names"),
        ({"input_failure_severity": "severe"}, "input_failure_severity"),
        ({"input_pattern_scan_limit": 0}, "input_pattern_scan_limit"),
    ],
)
def test_bad_values_are_system_check_errors(settings, values, words):
    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": values}
    messages = [m.msg for m in checks.run_checks() if m.level >= checks.ERROR]
    assert any(words in message for message in messages), messages


def test_the_keys_are_no_longer_inert(settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "security_settings": {
            "enable_input_validation": True,
            "enable_sql_injection_protection": True,
            "enable_xss_protection": True,
            "input_allow_html": False,
            "input_allowed_html_tags": ["p"],
            "input_allowed_html_attributes": {"*": ["class"]},
            "input_max_string_length": 100,
            "input_truncate_long_strings": False,
            "input_pattern_scan_limit": 100,
            "input_failure_severity": "high",
        },
        "middleware_settings": {"enable_validation_middleware": True},
    }
    ids = [m.id for m in checks.run_checks()]
    assert "rail_django.W001" not in ids


def test_the_french_markup_message(settings):
    security(settings, input_failure_severity="low")
    client = Client()
    from security_sanitiser_client import CREATE, editor

    from rail_django.testing import GraphQLTestClient

    client.force_login(editor())
    settings.LANGUAGE_CODE = "fr"
    response = GraphQLTestClient(client).execute(CREATE, {"input": {"title": "<i>x</i>"}})
    payload = dict(response)["data"]["createArticle"]
    assert errors(payload) == [("title", MARKUP)]
    assert payload["errors"][0]["message"] == (
        "Ce texte contient du balisage HTML qui n'est pas autorisé."
    )
