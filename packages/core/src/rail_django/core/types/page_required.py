"""The error of a nested list asked for no page that holds more rows than an unpaged list may
return (:func:`rail_django.core.queries.pagination.unpaged_rows`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import ngettext

from rail_django.contracts.error_codes import ErrorCode, RailError

__all__ = ["page_required"]


def page_required(info: Any, cap: int, query_settings: Mapping[str, Any]) -> RailError:
    """``RAIL_GQL_PAGE_REQUIRED`` for the list ``info`` resolves, which holds more than ``cap``."""
    values = {
        "field": info.field_name,
        "type": info.parent_type.name,
        "cap": cap,
        "max": query_settings["max_page_size"],
    }
    if query_settings["enable_pagination"]:
        message = ngettext(
            "%(field)s holds more than %(cap)s row for this %(type)s: pass limit (at most "
            "%(max)s) and offset to page through them, e.g. %(field)s(limit: %(max)s, offset: 0).",
            "%(field)s holds more than %(cap)s rows for this %(type)s: pass limit (at most "
            "%(max)s) and offset to page through them, e.g. %(field)s(limit: %(max)s, offset: 0).",
            cap,
        )
    else:
        message = ngettext(
            "%(field)s holds more than %(cap)s row for this %(type)s, more than one list may "
            "return; this schema does not page lists (query_settings.enable_pagination).",
            "%(field)s holds more than %(cap)s rows for this %(type)s, more than one list may "
            "return; this schema does not page lists (query_settings.enable_pagination).",
            cap,
        )
    return RailError(
        message % values,
        ErrorCode.PAGE_REQUIRED,
        extensions={"field": info.field_name, "maxRows": cap, "maxPageSize": values["max"]},
    )
