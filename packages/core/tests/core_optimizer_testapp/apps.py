from django.apps import AppConfig


class CoreOptimizerTestappConfig(AppConfig):
    name = "core_optimizer_testapp"
    label = "core_optimizer_testapp"
    default_auto_field = "django.db.models.BigAutoField"
