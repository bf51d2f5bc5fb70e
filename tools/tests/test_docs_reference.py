"""The generated reference pages are what the code says, and every error code is documented."""

from __future__ import annotations

from rail_tools_testing import run_tool


def test_reference_pages_are_up_to_date() -> None:
    done = run_tool("docs_reference.py", "--check")
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_error_code_has_a_status_and_a_meaning() -> None:
    from rail_django.contracts.error_codes import ErrorCode
    from rail_django.contracts.error_reference import ERROR_REFERENCE, undocumented_codes

    assert undocumented_codes() == []
    assert list(ERROR_REFERENCE) == list(ErrorCode)  # the page follows the enum's order
    for code, doc in ERROR_REFERENCE.items():
        assert doc.status and str(doc.meaning).endswith("."), code


def test_every_error_code_has_a_category() -> None:
    from rail_django.contracts.error_categories import uncategorized_codes

    assert uncategorized_codes() == []
