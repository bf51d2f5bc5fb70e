"""Django app configuration for rail_django.extensions.mfa."""

from django.apps import AppConfig


class RailDjangoMfaConfig(AppConfig):
    """TOTP devices and backup codes; contributes the MFA mutations and the login gate."""

    name = "rail_django.extensions.mfa"
    label = "rail_django_mfa"
    verbose_name = "rail-django MFA"
    default_auto_field = "django.db.models.BigAutoField"
    #: Devices and backup codes are secrets: never auto-exposed as GraphQL types.
    rail_django_internal = True

    def ready(self) -> None:
        from rail_django.contracts.model_events import model_events
        from rail_django.extensions.mfa.mfa_checks import register_mfa_checks
        from rail_django.extensions.mfa.mfa_fields import register_mfa_fields
        from rail_django.extensions.mfa.mfa_gate import install_mfa_gate

        # Second-factor devices and codes hold secrets: their changes are audited as auth
        # events, never broadcast as model events.
        model_events.ignore_saves_of("rail_django_mfa.TOTPDevice", "rail_django_mfa.BackupCode")
        register_mfa_fields()
        install_mfa_gate()
        register_mfa_checks()
