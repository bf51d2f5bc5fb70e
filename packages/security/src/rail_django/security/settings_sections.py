"""The ``security_settings`` section rail-django-security owns, with the guide's defaults.

Declared once here and registered with the contracts' settings registry from the security app's
``AppConfig.ready()``. Authentication, authorization, field/object permissions and input
sanitizing all read their switches from this one section, per schema:
``settings_registry.resolve(schema_name)["security_settings"]["enable_field_permissions"]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rail_django.contracts.settings_registry import SettingsSection, settings_registry

OWNER = "rail_django.security"

_INPUT_MODES = ("reject", "strip")
_SEVERITIES = ("low", "medium", "high", "critical")
_OUTAGE_POLICIES = ("allow", "refuse")


def _combinations(values: Mapping[str, Any]) -> Iterable[str]:
    mode = values["field_permission_input_mode"]
    if mode not in _INPUT_MODES:
        yield f"field_permission_input_mode must be one of {_INPUT_MODES} (got {mode!r})"
    severity = values["input_failure_severity"]
    if severity not in _SEVERITIES:
        yield f"input_failure_severity must be one of {_SEVERITIES} (got {severity!r})"
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
            yield f"{key} must be greater than 0 (got {values[key]!r})"
    timeout = values["session_timeout_minutes"]
    if timeout is not None and timeout <= 0:
        yield f"session_timeout_minutes must be greater than 0 or None (got {timeout!r})"
    outage = values["rate_limit_on_cache_outage"]
    if outage not in _OUTAGE_POLICIES:
        yield f"rate_limit_on_cache_outage must be one of {_OUTAGE_POLICIES} (got {outage!r})"
    kinds = values["allowed_file_types"]
    wrong = [k for k in kinds if not (isinstance(k, str) and k.startswith(".") and len(k) > 1)]
    if wrong:
        yield (
            "allowed_file_types must list file extensions with their dot, such as '.pdf' "
            f"(got {wrong!r})"
        )
    cap = values["input_max_string_length"]
    if cap is not None and cap <= 0:
        yield f"input_max_string_length must be greater than 0 or None (got {cap!r})"


SECURITY_SETTINGS = SettingsSection(
    name="security_settings",
    owner=OWNER,
    inert={
        "enable_input_validation": "input sanitisation (a later security issue)",
        "enable_sql_injection_protection": "input sanitisation (a later security issue)",
        "enable_xss_protection": "input sanitisation (a later security issue)",
        "input_allow_html": "input sanitisation (a later security issue)",
        "input_allowed_html_attributes": "input sanitisation (a later security issue)",
        "input_allowed_html_tags": "input sanitisation (a later security issue)",
        "input_failure_severity": "input sanitisation (a later security issue)",
        "input_max_string_length": "input sanitisation (a later security issue)",
        "input_pattern_scan_limit": "input sanitisation (a later security issue)",
        "input_truncate_long_strings": "input sanitisation (a later security issue)",
        "allowed_origins": "CORS support",
        "enable_cors": "CORS support",
        "enable_csrf_protection": "nothing: JWT cookies follow JWT_ENFORCE_CSRF",
        "enable_authentication": (
            "nothing: middleware_settings.enable_authentication_middleware turns tokens on or off"
        ),
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
    },
    validators=(_combinations,),
)

SECTIONS = (SECURITY_SETTINGS,)


def register_sections() -> None:
    """Declare the security sections (called from the security app's ``AppConfig.ready()``)."""
    for section in SECTIONS:
        settings_registry.register(section)
