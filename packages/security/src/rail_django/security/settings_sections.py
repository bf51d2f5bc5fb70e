"""The ``security_settings`` section rail-django-security owns, with the guide's defaults.

Declared once here and registered with the contracts' settings registry from the security app's
``AppConfig.ready()``. Authentication, authorization, field/object permissions and input
sanitizing all read their switches from this one section, per schema:
``settings_registry.resolve(schema_name)["security_settings"]["enable_field_permissions"]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from rail_django.contracts.settings_registry import SettingsSection, settings_registry
from rail_django.security.cross_origin.origin_list import origin_list_problems

OWNER = "rail_django.security"

_INPUT_MODES = ("reject", "strip")
_SEVERITIES = ("low", "medium", "high", "critical")
_OUTAGE_POLICIES = ("allow", "refuse")


def _combinations(values: Mapping[str, Any]) -> Iterable[str]:
    mode = values["field_permission_input_mode"]
    if mode not in _INPUT_MODES:
        yield _("field_permission_input_mode must be one of %(choices)s (got %(value)r)") % {
            "choices": _INPUT_MODES,
            "value": mode,
        }
    severity = values["input_failure_severity"]
    if severity not in _SEVERITIES:
        yield _("input_failure_severity must be one of %(choices)s (got %(value)r)") % {
            "choices": _SEVERITIES,
            "value": severity,
        }
    for key in (
        "permission_cache_ttl_seconds",
        "rate_limit_requests_per_minute",
        "rate_limit_requests_per_hour",
        "rate_limit_login_requests_per_minute",
        "rate_limit_login_requests_per_hour",
        "rate_limit_trusted_proxy_count",
        "input_pattern_scan_limit",
        "max_file_upload_size",
    ):
        if values[key] <= 0:
            yield _("%(key)s must be greater than 0 (got %(value)r)") % {
                "key": key,
                "value": values[key],
            }
    timeout = values["session_timeout_minutes"]
    if timeout is not None and timeout <= 0:
        yield _("session_timeout_minutes must be greater than 0 or None (got %(value)r)") % {
            "value": timeout
        }
    outage = values["rate_limit_on_cache_outage"]
    if outage not in _OUTAGE_POLICIES:
        yield _("rate_limit_on_cache_outage must be one of %(choices)s (got %(value)r)") % {
            "choices": _OUTAGE_POLICIES,
            "value": outage,
        }
    yield from origin_list_problems(values["allowed_origins"])
    kinds = values["allowed_file_types"]
    wrong = [k for k in kinds if not (isinstance(k, str) and k.startswith(".") and len(k) > 1)]
    if wrong:
        yield _(
            "allowed_file_types must list file extensions with their dot, such as '.pdf' "
            "(got %(value)r)"
        ) % {"value": wrong}
    cap = values["input_max_string_length"]
    if cap is not None and cap <= 0:
        yield _("input_max_string_length must be greater than 0 or None (got %(value)r)") % {
            "value": cap
        }
    yield from _html_allow_list(values)


#: Tags whose contents the sanitiser removes (nh3 cannot keep a tag and drop its content).
_NEVER_ALLOWED_TAGS = ("script", "style")


def _html_allow_list(values: Mapping[str, Any]) -> Iterable[str]:
    tags = values["input_allowed_html_tags"]
    if not all(isinstance(tag, str) for tag in tags):
        yield _("input_allowed_html_tags must be a list of tag names (got %(value)r)") % {
            "value": tags
        }
    else:
        for tag in sorted(set(tags) & set(_NEVER_ALLOWED_TAGS)):
            yield _("input_allowed_html_tags may not allow %(tag)r: its content is script") % {
                "tag": tag
            }
    attributes = values["input_allowed_html_attributes"]
    for tag, names in attributes.items():
        if not isinstance(tag, str) or not isinstance(names, (list, tuple, set, frozenset)):
            yield _(
                "input_allowed_html_attributes must map tag names (or '*') to lists of "
                "attribute names (got %(tag)r: %(names)r)"
            ) % {"tag": tag, "names": names}
            continue
        for name in names:
            where = {"tag": tag, "name": name}
            if not isinstance(name, str):
                yield (
                    _("input_allowed_html_attributes[%(tag)r] holds a non-string %(name)r") % where
                )
            elif name.lower().startswith("on"):
                yield _(
                    "input_allowed_html_attributes[%(tag)r] may not allow %(name)r: "
                    "event-handler attributes run script"
                ) % where
            elif name.lower() == "rel":
                yield _(
                    "input_allowed_html_attributes[%(tag)r] may not allow 'rel': the sanitiser "
                    'sets rel="noopener noreferrer" on links'
                ) % where


SECURITY_SETTINGS = SettingsSection(
    name="security_settings",
    owner=OWNER,
    inert={
    },
    defaults={
        "enable_authentication": True,
        "enable_authorization": True,
        "enable_policy_engine": True,
        "enable_permission_cache": True,
        "permission_cache_ttl_seconds": 300,
        "enable_permission_audit": False,
        "permission_audit_log_all": False,
        "permission_audit_log_denies": True,
        "enable_rate_limiting": False,
        "rate_limit_requests_per_minute": 60,
        "rate_limit_requests_per_hour": 1000,
        # Beyond the guide: the sensitive budget, the client address and the outage policy.
        "rate_limit_login_requests_per_minute": 10,
        "rate_limit_login_requests_per_hour": 100,
        "rate_limit_sensitive_operations": [
            "login",
            "register",
            "refreshToken",
            "changePassword",
            "verifyTotp",
            "redeemBackupCode",
        ],
        "rate_limit_cache_alias": "default",
        "rate_limit_on_cache_outage": "allow",
        "rate_limit_trusted_proxy_header": None,
        "rate_limit_trusted_proxy_count": 1,
        "enable_query_depth_limiting": True,
        "allowed_origins": ["*"],
        "enable_csrf_protection": True,
        "enable_cors": True,
        "enable_field_permissions": True,
        "field_permission_input_mode": "reject",
        "enable_object_permissions": True,
        "enable_input_validation": True,
        "enable_sql_injection_protection": True,
        "enable_xss_protection": True,
        "input_allow_html": False,
        "input_allowed_html_tags": [
            "p",
            "br",
            "strong",
            "em",
            "u",
            "ol",
            "ul",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
        ],
        "input_allowed_html_attributes": {
            "*": ["class"],
            "a": ["href", "title"],
            "img": ["src", "alt", "width", "height"],
        },
        "input_max_string_length": None,
        "input_truncate_long_strings": False,
        "input_failure_severity": "high",
        "input_pattern_scan_limit": 10000,
        "session_timeout_minutes": 30,
        "max_file_upload_size": 10 * 1024 * 1024,
        "allowed_file_types": [".jpg", ".jpeg", ".png", ".pdf", ".txt"],
    },
    types={
        "input_max_string_length": (int, type(None)),
        "session_timeout_minutes": (int, float, type(None)),
        "rate_limit_trusted_proxy_header": (str, type(None)),
        "input_allowed_html_tags": (list, tuple),
        "input_allowed_html_attributes": (dict,),
    },
    validators=(_combinations,),
)

SECTIONS = (SECURITY_SETTINGS,)


def register_sections() -> None:
    """Declare the security sections (called from the security app's ``AppConfig.ready()``)."""
    for section in SECTIONS:
        settings_registry.register(section)
