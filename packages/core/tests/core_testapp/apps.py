from django.apps import AppConfig


class CoreTestappConfig(AppConfig):
    name = "core_testapp"
    label = "core_testapp"
    default_auto_field = "django.db.models.BigAutoField"
