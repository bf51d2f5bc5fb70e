"""Mutation text inputs are cleaned with nh3 before they reach the database (guide §8 "Input
Sanitization"): no script, frame, event handler or ``javascript:`` URL is stored, plain text is
stored byte for byte, and the same holds for updates, bulk items, nested inputs and method
mutations' string arguments."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from security_sanitiser_client import (
    BULK_CREATE,
    BULK_UPDATE,
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

PLAIN = [
    "Select Committee Report",
    "Update on Drop Shipping; Union Rules",
    "O'Brien -- notes",
    "1=1 or 2>1",
    "<3 love",
    "Fish & Chips",
    "DROP TABLE articles; -- SELECT * FROM users WHERE 1=1",
    "a < b && c > d",
    "AT&amp;T &lt;b&gt; is text",
    "x <- y, <= 3, << >>",
    'He said "hi" \t\n and\u00a0left',
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_is_stored_byte_for_byte(text):
    payload = create(title=text, body=text)
    assert payload["ok"] is True, payload["errors"]
    article = stored(payload["article"]["id"])
    assert (article.title, article.body) == (text, text)


# The HTML tokenizer opens markup only at "<" followed by a letter, "!", "/" or "?": text
# without that is plain text whatever else it holds ("&", ">", "<3", quotes, SQL words).
_MARKUP_START = re.compile(r"<[A-Za-z!/?]")
_plain_texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=60,
).filter(lambda text: not _MARKUP_START.search(text))


@hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_plain_texts)
def test_generated_plain_text_round_trips_unchanged(text):
    payload = create(title=text or "-", body=text)
    assert payload["ok"] is True, payload["errors"]
    assert stored(payload["article"]["id"]).body == text


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("<script>alert(1)</script>Report", "Report"),
        ("Report<iframe src='https://evil.test'>frame text</iframe>", "Report"),
        ('<img src=x onerror="alert(1)">Photo', "Photo"),
        ('<a href="javascript:alert(1)">Click</a> here', "Click here"),
        ("<b>Fish</b> & Chips > Pasta", "Fish & Chips > Pasta"),
        ("<p onclick='steal()'>Hello</p><!-- note -->", "Hello"),
        ("<svg><script>alert(1)</script></svg>x", "x"),
        ("<b>a</b> < b", "a &lt; b"),  # "<" stays escaped: the text can never open a tag
    ],
)
def test_markup_is_removed_before_it_is_stored(sent, kept):
    payload = create(title=sent, body=sent)
    assert payload["ok"] is True and payload["article"]["title"] == kept
    article = stored(payload["article"]["id"])
    assert (article.title, article.body) == (kept, kept)


def test_allowed_html_survives_when_html_is_allowed(settings):
    security(
        settings,
        input_allow_html=True,
        input_allowed_html_tags=["p", "strong", "a"],
        input_allowed_html_attributes={"*": ["class"], "a": ["href", "title"]},
    )
    sent = (
        '<p class="lead" onclick="x()">Big <strong>news</strong></p>'
        '<a href="https://example.test/" title="t">ok</a>'
        '<a href="javascript:alert(1)">bad</a><script>alert(1)</script><em>not listed</em>'
    )
    payload = create(title="News", body=sent)
    assert payload["ok"] is True
    assert stored(payload["article"]["id"]).body == (
        '<p class="lead">Big <strong>news</strong></p>'
        '<a href="https://example.test/" title="t" rel="noopener noreferrer">ok</a>'
        '<a rel="noopener noreferrer">bad</a>not listed'
    )


def test_the_guide_defaults_keep_formatting_tags_when_html_is_allowed(settings):
    security(settings, input_allow_html=True)
    sent = "<h2>Title</h2><ul><li><em>one</em></li></ul><blockquote>q</blockquote>"
    payload = create(title="x", body=sent + "<iframe></iframe>")
    assert stored(payload["article"]["id"]).body == sent


def test_updates_are_cleaned():
    article = Article.objects.create(title="Old", body="old")
    payload = send(UPDATE, {"id": article.pk, "input": {"body": "<script>x()</script>New"}})
    assert payload["ok"] is True
    assert stored(article.pk).body == "New"


def test_bulk_items_are_cleaned(settings):
    security(settings)
    inputs = [{"title": "<b>One</b>"}, {"title": "Two & <i>three</i>"}, {"title": "<3"}]
    assert send(BULK_CREATE, {"inputs": inputs})["ok"] is True
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "<3",
        "One",
        "Two & three",
    ]
    one = Article.objects.get(title="One")
    update = [{"id": one.pk, "title": "<iframe>x</iframe>Uno"}]
    assert send(BULK_UPDATE, {"inputs": update})["ok"] is True
    assert stored(one.pk).title == "Uno"


def test_nested_inputs_are_cleaned():
    payload = create(
        title="Post",
        commentsCreate=[{"text": "<img src=x onerror=alert(1)>Nice"}, {"text": "5 > 3 & <3"}],
    )
    assert payload["ok"] is True
    texts = Comment.objects.order_by("pk").values_list("text", flat=True)
    assert list(texts) == ["Nice", "5 > 3 & <3"]


def test_method_mutation_string_arguments_are_cleaned():
    article = Article.objects.create(title="Old")
    variables = {"id": article.pk, "title": "<script>1</script>New", "keywords": ["<b>k</b>", "<3"]}
    assert send(RETITLE, variables)["ok"] is True
    article = stored(article.pk)
    assert (article.title, article.body) == ("New", "k <3")


def test_passwords_are_never_altered():
    secret = "<b>p&ss</b><script>w0rd"
    payload = create(title="Locked", accessPassword=secret)
    assert stored(payload["article"]["id"]).access_password == secret


def test_json_fields_are_stored_as_given():
    # JSON is data, not text to display: its strings are the client's to escape when shown.
    value = {"note": "<b>bold</b>", "list": ["<script>x</script>"]}
    payload = create(title="Data", extra=value)
    assert stored(payload["article"]["id"]).extra == value


def test_sql_words_are_never_refused():
    # enable_sql_injection_protection is the ORM's parameterised queries: no word blacklist.
    text = "'; DROP TABLE security_testapp_article; --"
    payload = create(title=text, body="UNION SELECT password FROM auth_user")
    assert payload["ok"] is True
    assert Article.objects.get(title=text).body == "UNION SELECT password FROM auth_user"


@pytest.mark.parametrize("bad", ["<b>a</b>\u0000z", "<b>a</b>\ud800"])
def test_unstorable_text_with_markup_is_still_a_clean_refusal(bad):
    # nh3 cannot read a lone surrogate and drops NUL: core's own refusal still answers.
    payload = send(
        'mutation($t: String!) { createArticle(input: {title: $t}) { ok errors } }', {"t": bad}
    )
    assert errors(payload) == [("title", "RAIL_GQL_VALIDATION_FAILED")]
    assert not Article.objects.exists()
