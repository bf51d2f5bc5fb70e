"""Django app configuration for rail_django.extensions.subscriptions."""

from django.apps import AppConfig


class RailDjangoSubscriptionsConfig(AppConfig):
    """Registers rail-django-subscriptions with Django under an explicit, collision-free label."""

    name = "rail_django.extensions.subscriptions"
    label = "rail_django_subscriptions"
    verbose_name = "rail-django-subscriptions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rail_django.contracts.model_events import model_events
        from rail_django.contracts.plugins import ContributionKind, plugin_registry
        from rail_django.extensions.subscriptions.event_relay import relay_model_event
        from rail_django.extensions.subscriptions.schema_fields import subscription_fields
        from rail_django.extensions.subscriptions.settings_sections import register_sections

        register_sections()
        plugin_registry.register(
            ContributionKind.SUBSCRIPTION_FIELDS, subscription_fields, plugin=self.name
        )
        if not getattr(self, "_relaying", False):
            model_events.subscribe(relay_model_event)
            self._relaying = True
