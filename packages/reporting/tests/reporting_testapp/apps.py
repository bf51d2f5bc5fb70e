from django.apps import AppConfig


class StoreConfig(AppConfig):
    """Labelled ``store`` so the guide's dataset (``source_app_label="store"``) runs verbatim."""

    name = "reporting_testapp"
    label = "store"
    default_auto_field = "django.db.models.BigAutoField"
