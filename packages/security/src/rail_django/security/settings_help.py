"""What each key of ``security_settings`` does: the text of the docs' settings reference."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rail_django.contracts.settings_registry import settings_registry

DESCRIPTIONS = {
    "security_settings": {
        "enable_authentication": _(
            "Rail Django's sign-in for the schema: JWTs are read and the login, refreshToken, "
            "logout, changePassword and register mutations exist. Off: Django's own sign-in "
            "(sessions) only."
        ),
        "enable_authorization": _("Check operation permissions (roles, Django permissions)."),
        "enable_policy_engine": _("Apply allow/deny policies on top of roles."),
        "enable_permission_cache": _("Cache each user's roles and permissions."),
        "permission_cache_ttl_seconds": _("Seconds a cached permission set lives."),
        "enable_permission_audit": _("Record permission decisions in the audit log."),
        "permission_audit_log_all": _("Record every decision, not only refusals."),
        "permission_audit_log_denies": _("Record refusals when the permission audit is on."),
        "enable_rate_limiting": _("Count requests per user or client against the limits."),
        "rate_limit_requests_per_minute": _("Operations a user or client may run per minute."),
        "rate_limit_requests_per_hour": _("Operations a user or client may run per hour."),
        "rate_limit_login_requests_per_minute": _(
            "Sensitive operations (sign-in...) a client may run per minute."
        ),
        "rate_limit_login_requests_per_hour": _(
            "Sensitive operations (sign-in...) a client may run per hour."
        ),
        "rate_limit_sensitive_operations": _(
            "Root fields counted against the sign-in budget, once per alias."
        ),
        "rate_limit_cache_alias": _("The Django cache holding the counters (shared: Redis)."),
        "rate_limit_on_cache_outage": _(
            "`allow` or `refuse` other operations when the cache is down; sign-in always refuses."
        ),
        "rate_limit_trusted_proxy_header": _(
            "Header your proxy sets with the client address (None: REMOTE_ADDR only)."
        ),
        "rate_limit_trusted_proxy_count": _(
            "Trusted proxies in front: the address that many entries from the header's right."
        ),
        "enable_query_depth_limiting": _("Enforce `performance_settings.max_query_depth`."),
        "allowed_origins": _(
            "Exact origins that may read answers, with credentials; `*`: any, without."
        ),
        "enable_csrf_protection": _("Require the CSRF token of session and token-cookie requests."),
        "enable_cors": _("Answer CORS requests from `allowed_origins`."),
        "enable_field_permissions": _("Apply field rules: visible, masked or hidden."),
        "field_permission_input_mode": _(
            "`reject`: a refused input field is an error; `strip`: it is dropped."
        ),
        "enable_object_permissions": _("Scope rows to what `_own` / `_assigned` reach."),
        "enable_input_validation": _("Check and clean string inputs of mutations."),
        "enable_sql_injection_protection": _(
            "Satisfied by the ORM's parameterised queries; no keyword is rejected."
        ),
        "enable_xss_protection": _("Remove markup from text inputs (the nh3 HTML sanitiser)."),
        "input_allow_html": _("Keep the allowed HTML tags in inputs (else all HTML goes)."),
        "input_allowed_html_tags": _("Tags kept when `input_allow_html` is on."),
        "input_allowed_html_attributes": _("Attributes kept per tag (`*`: any tag)."),
        "input_max_string_length": _("Longest string input (None: no cap)."),
        "input_truncate_long_strings": _("Cut long strings instead of refusing them."),
        "input_failure_severity": _(
            "`low` / `medium`: text holding markup is refused; `high` / `critical`: cleaned."
        ),
        "input_pattern_scan_limit": _(
            "Characters of a text examined for markup; a longer text with `<` is cleaned whole."
        ),
        "session_timeout_minutes": _("Minutes of inactivity after which a session ends."),
        "max_file_upload_size": _(
            "Largest uploaded file, in bytes; a larger file part is skipped while it streams."
        ),
        "allowed_file_types": _(
            "File extensions accepted for uploads; the content must match the extension."
        ),
    },
}


def describe_sections() -> None:
    """Hand the descriptions to the settings registry (after the sections are registered)."""
    for section, descriptions in DESCRIPTIONS.items():
        settings_registry.describe(section, descriptions)
