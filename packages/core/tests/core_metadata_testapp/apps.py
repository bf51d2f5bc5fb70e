from django.apps import AppConfig


class CoreMetadataTestappConfig(AppConfig):
    name = "core_metadata_testapp"
    label = "core_metadata_testapp"
    default_auto_field = "django.db.models.BigAutoField"
