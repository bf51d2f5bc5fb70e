from django.apps import AppConfig
from django.conf import settings


class StoreConfig(AppConfig):
    """Labelled ``store`` so the guide's dataset (``source_app_label="store"``) runs verbatim.

    Its ``Order`` and ``Customer`` share their class names with other packages' test models,
    and every package's tests run in one process: exposed in the default schema, they would
    rename those packages' types (``StoreOrder``). So the app is internal (no schema exposes it)
    unless the reporting tests' ``REPORTING_TESTS_EXPOSE_STORE`` setting is on.
    """

    name = "reporting_testapp"
    label = "store"
    default_auto_field = "django.db.models.BigAutoField"

    @property
    def rail_django_internal(self) -> bool:
        return not getattr(settings, "REPORTING_TESTS_EXPOSE_STORE", False)
