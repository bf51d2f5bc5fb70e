"""Django app configuration for rail_django.security."""

from django.apps import AppConfig


class RailDjangoSecurityConfig(AppConfig):
    """Registers rail-django-security with Django under an explicit, collision-free label."""

    name = "rail_django.security"
    label = "rail_django_security"
    verbose_name = "rail-django-security"
    default_auto_field = "django.db.models.BigAutoField"
    #: Token, role and policy tables are bookkeeping: never auto-exposed as GraphQL types.
    rail_django_internal = True

    def ready(self) -> None:
        # Row scoping, the settings check and the settings cache's invalidation never depend on
        # an INSTALLED_APPS line (core starts the spine too; starting twice is a no-op).
        from rail_django.contracts.startup import start

        start()

        from rail_django.contracts.model_events import model_events

        # Token bookkeeping changes on every sign-in and refresh: not a business event.
        model_events.ignore_saves_of(
            "rail_django_security.TokenFamily",
            "rail_django_security.RefreshToken",
            "rail_django_security.RevokedAccessToken",
        )

        from rail_django.security.settings_sections import register_sections

        register_sections()

        from rail_django.security.settings_help import describe_sections

        describe_sections()

        from rail_django.security.auth.installation import install_authentication

        install_authentication()

        from rail_django.security.authorization_setup import install_authorization

        install_authorization()

        from rail_django.security.rate_limiting import install_rate_limiting

        install_rate_limiting()

        from rail_django.security.input_sanitising import install_input_sanitising

        install_input_sanitising()

        from rail_django.security.cross_origin import install_cross_origin

        install_cross_origin()

        from rail_django.security.uploads import install_upload_limits

        install_upload_limits()

        from django.core import checks

        from rail_django.security.deploy_checks import check_deploy_posture

        checks.register(check_deploy_posture, "rail_django", "security", deploy=True)
