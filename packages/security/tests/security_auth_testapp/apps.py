from django.apps import AppConfig


class SecurityAuthTestAppConfig(AppConfig):
    name = "security_auth_testapp"
    default_auto_field = "django.db.models.BigAutoField"
