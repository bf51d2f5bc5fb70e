from django.apps import AppConfig


class SecurityTestappConfig(AppConfig):
    name = "security_testapp"
    label = "security_testapp"
    default_auto_field = "django.db.models.BigAutoField"
