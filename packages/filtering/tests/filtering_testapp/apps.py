from django.apps import AppConfig


class FilteringTestappConfig(AppConfig):
    name = "filtering_testapp"
    label = "filtering_testapp"
    default_auto_field = "django.db.models.BigAutoField"
