from django.apps import AppConfig


class CoreDiscoveryTestappConfig(AppConfig):
    name = "core_discovery_testapp"
    label = "core_discovery_testapp"
    default_auto_field = "django.db.models.BigAutoField"
