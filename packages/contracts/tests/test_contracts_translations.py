"""The error reference's meanings are lazy translations: French when French is active."""

from __future__ import annotations

from django.utils import translation

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.error_reference import ERROR_REFERENCE


def test_meanings_render_in_the_active_language():
    meaning = ERROR_REFERENCE[ErrorCode.QUERY_TOO_DEEP].meaning
    with translation.override("fr"):
        assert str(meaning) == "Plus profond que `max_query_depth`."
    with translation.override("en"):
        assert str(meaning) == "Deeper than `max_query_depth`."


def test_every_meaning_has_a_french_translation():
    with translation.override("fr"):
        french = {code: str(doc.meaning) for code, doc in ERROR_REFERENCE.items()}
    with translation.override("en"):
        english = {code: str(doc.meaning) for code, doc in ERROR_REFERENCE.items()}
    assert [code for code in ERROR_REFERENCE if french[code] == english[code]] == []
    # The APQ protocol tokens are quoted verbatim, never translated.
    assert "`PersistedQueryNotFound`" in french[ErrorCode.PERSISTED_QUERY_NOT_FOUND]
