"""The export payload, checked and normalised before anything touches the database.

``POST /api/v1/export/`` (and ``exportModel``) take the guide's payload::

    {"app_name": "store", "model_name": "Product", "file_extension": "xlsx",
     "fields": ["name", "category.name", {"accessor": "price", "title": "Unit Price"}],
     "max_rows": 10000, "variables": {"is_active": true}, "ordering": ["-price"]}

plus ``"async": true`` (run as a job) and ``"template": "<name>"`` (start from a template of
``RAIL_DJANGO_EXPORT["templates"]``; the request's ``variables`` and ``ordering`` are added).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.extensions.exporting.export_settings import FORMATS

KEYS = {
    "app_name",
    "model_name",
    "file_extension",
    "fields",
    "max_rows",
    "variables",
    "ordering",
    "async",
    "template",
    "filename",
}
#: Operators of the filtering package's ``where`` input: a dict holding one is a where already.
_WHERE_WORDS = {"AND", "OR", "NOT"}


@dataclass(frozen=True)
class ExportSpec:
    """One export, as asked: still unchecked against the schema and the user."""

    app_name: str
    model_name: str
    file_extension: str
    fields: tuple[Any, ...]
    max_rows: int | None = None
    where: Mapping[str, Any] = field(default_factory=dict)
    ordering: tuple[str, ...] = ()
    run_async: bool = False
    template: str | None = None
    filename: str | None = None
    neutralize_formulas: bool = True
    permission: str = ""

    def as_payload(self) -> dict[str, Any]:
        """The JSON a job stores to run this export again in a worker."""
        return {
            "app_name": self.app_name,
            "model_name": self.model_name,
            "file_extension": self.file_extension,
            "fields": list(self.fields),
            "max_rows": self.max_rows,
            "where": dict(self.where),
            "ordering": list(self.ordering),
            "template": self.template,
            "filename": self.filename,
            "neutralize_formulas": self.neutralize_formulas,
            "permission": self.permission,
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> ExportSpec:
        """The inverse of :meth:`as_payload`."""
        return cls(
            app_name=payload["app_name"],
            model_name=payload["model_name"],
            file_extension=payload["file_extension"],
            fields=tuple(payload["fields"]),
            max_rows=payload.get("max_rows"),
            where=payload.get("where") or {},
            ordering=tuple(payload.get("ordering") or ()),
            run_async=True,
            template=payload.get("template"),
            filename=payload.get("filename"),
            neutralize_formulas=payload.get("neutralize_formulas", True),
            permission=payload.get("permission") or "",
        )


def _bad(message: str, code: ErrorCode = ErrorCode.INVALID_ARGUMENT) -> RailError:
    return RailError(message, code)


def as_where(variables: Any) -> dict[str, Any]:
    """``variables`` as the filtering package's ``where`` input: ``{field: value}`` (the
    guide's form) is equality, ``{field: {operator: value}}`` is passed on as written."""
    if variables is None:
        return {}
    if not isinstance(variables, Mapping):
        raise _bad(_("variables must be an object."), ErrorCode.INVALID_FILTER)
    where: dict[str, Any] = {}
    for key, value in variables.items():
        if key in _WHERE_WORDS or isinstance(value, Mapping):
            where[key] = value
        elif isinstance(value, list):
            where[key] = {"in": value}
        else:
            where[key] = {"isNull": True} if value is None else {"eq": value}
    return where


def depth_of(value: Any) -> int:
    """How deeply ``value`` nests objects (``{"a": {"eq": 1}}`` is 2), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, Mapping):
            deepest = max(deepest, level)
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level) for v in item)
    return deepest


def _ordering(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _bad(
            _('ordering must be a list of field paths such as "-price".'),
            ErrorCode.INVALID_ORDERING,
        )
    return tuple(value)


def merge_template(payload: Mapping[str, Any], templates: Mapping[str, Any]) -> dict[str, Any]:
    """The payload of a template run: the template's keys, then the request's filters."""
    name = payload.get("template")
    if name is None:
        return dict(payload)
    if not isinstance(name, str) or name not in templates:
        raise _bad(_("No export template named %(name)r.") % {"name": name}, ErrorCode.NOT_FOUND)
    template = dict(templates[name])
    merged = {k: v for k, v in template.items() if k not in ("title",)}
    where = dict(as_where(template.get("variables")))
    where.update(as_where(payload.get("variables")))
    merged["variables"] = where
    for key in ("ordering", "max_rows", "async", "filename", "file_extension"):
        if key in payload:
            merged[key] = payload[key]
    merged["template"] = name
    return merged


def parse_spec(payload: Any, values: Mapping[str, Any]) -> ExportSpec:
    """Check the shape of ``payload`` against ``values`` (the effective ``RAIL_DJANGO_EXPORT``)."""
    if not isinstance(payload, Mapping):
        raise _bad(_("The request body must be a JSON object."), ErrorCode.BAD_REQUEST)
    unknown = sorted(set(payload) - KEYS)
    if unknown:
        raise _bad(
            _("Unknown key %(key)r (known: %(known)s).")
            % {"key": unknown[0], "known": ", ".join(sorted(KEYS))}
        )
    templates = values["templates"]
    template_used = payload.get("template")
    payload = merge_template(payload, templates)
    for key in ("app_name", "model_name"):
        if not isinstance(payload.get(key), str) or not payload.get(key):
            raise _bad(_("%(key)s is required (a string).") % {"key": key})
    extension = payload.get("file_extension", values["default_format"])
    if not isinstance(extension, str) or extension.lower().lstrip(".") not in FORMATS:
        raise _bad(
            _("file_extension must be one of %(formats)s (got %(value)r).")
            % {"formats": ", ".join(FORMATS), "value": extension},
            ErrorCode.UNSUPPORTED_EXPORT_FORMAT,
        )
    fields = payload.get("fields")
    if not isinstance(fields, list) or not fields:
        raise _bad(_("fields must be a non-empty list."))
    if len(fields) > values["max_fields"]:
        raise _bad(
            ngettext(
                "At most %(limit)d field may be exported at once (got %(count)d).",
                "At most %(limit)d fields may be exported at once (got %(count)d).",
                values["max_fields"],
            )
            % {"limit": values["max_fields"], "count": len(fields)}
        )
    max_rows = payload.get("max_rows")
    if max_rows is not None and (
        isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows <= 0
    ):
        raise _bad(_("max_rows must be a positive integer."))
    if max_rows is not None and max_rows > values["max_rows"]:
        raise _bad(
            _("max_rows may be at most %(limit)d (EXPORT_MAX_ROWS).")
            % {"limit": values["max_rows"]},
            ErrorCode.TOO_MANY_ROWS,
        )
    where = as_where(payload.get("variables"))
    if depth_of(where) > values["max_filter_depth"]:
        raise _bad(
            ngettext(
                "variables nest deeper than %(limit)d level.",
                "variables nest deeper than %(limit)d levels.",
                values["max_filter_depth"],
            )
            % {"limit": values["max_filter_depth"]},
            ErrorCode.INVALID_FILTER,
        )
    ordering = _ordering(payload.get("ordering"))
    if len(ordering) > values["max_ordering_keys"]:
        raise _bad(
            ngettext(
                "At most %(limit)d ordering key is allowed.",
                "At most %(limit)d ordering keys are allowed.",
                values["max_ordering_keys"],
            )
            % {"limit": values["max_ordering_keys"]},
            ErrorCode.INVALID_ORDERING,
        )
    run_async = payload.get("async", False)
    if not isinstance(run_async, bool):
        raise _bad(_("async must be true or false."))
    filename = payload.get("filename")
    if filename is not None and not isinstance(filename, str):
        raise _bad(_("filename must be a string."))
    template = templates.get(template_used, {}) if template_used else {}
    return ExportSpec(
        app_name=payload["app_name"],
        model_name=payload["model_name"],
        file_extension=extension.lower().lstrip("."),
        fields=tuple(fields),
        max_rows=max_rows,
        where=where,
        ordering=ordering,
        run_async=run_async,
        template=template_used,
        filename=filename,
        # Only a template may turn neutralising off: a request never can.
        neutralize_formulas=bool(template.get("neutralize_formulas", True)),
        permission=template.get("permission", ""),
    )
