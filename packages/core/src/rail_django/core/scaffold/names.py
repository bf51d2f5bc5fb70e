"""Which project and app names ``rail-admin`` accepts (Django's rules, stated up front)."""

from __future__ import annotations

import importlib.util
import keyword

from django.utils.translation import gettext as _

# Names the generated layout already uses for its own packages.
RESERVED = {"root", "apps", "deploy", "requirements", "tests"}


def invalid_name_reason(name: str, kind: str) -> str | None:
    """Why ``name`` cannot be a ``kind`` ("project" or "app") name, or ``None`` when it can."""
    if not name.isidentifier() or not name.isascii():
        return _(
            "'%(name)s' is not a valid %(kind)s name. Please make sure the name is a valid "
            "identifier (letters, digits and underscores, not starting with a digit): "
            "try '%(suggestion)s'."
        ) % {"name": name, "kind": kind, "suggestion": _suggest(name)}
    if keyword.iskeyword(name):
        return _("'%(name)s' is a Python keyword and cannot be a %(kind)s name.") % {
            "name": name,
            "kind": kind,
        }
    if name in RESERVED:
        return _("'%(name)s' is a folder of the project layout and cannot be a %(kind)s name.") % {
            "name": name,
            "kind": kind,
        }
    if kind == "app" and _importable(name):
        # The app is imported as ``apps.NAME``, but its label is NAME: a clash with an
        # installed module's app label (``auth``, ``admin``...) or name confuses Django.
        return _(
            "'%(name)s' conflicts with the name of an existing Python module and cannot be "
            "used as an app name. Please try another name."
        ) % {"name": name}
    return None


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _suggest(name: str) -> str:
    cleaned = "".join(ch if ch.isalnum() and ch.isascii() else "_" for ch in name).strip("_")
    if not cleaned or cleaned[0].isdigit():
        cleaned = f"app_{cleaned}"
    return cleaned.lower()


def class_name(name: str) -> str:
    """``my_shop`` -> ``MyShop``: the CamelCase stem of an app's classes."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)
