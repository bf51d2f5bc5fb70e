from django.apps import AppConfig
from django.conf import settings


class ExportShopConfig(AppConfig):
    """The export tests' shop. Internal (no schema exposes it) unless the export tests'
    ``EXPORT_TESTS_EXPOSE_SHOP`` setting is on, so its class names never rename other packages'
    types in the shared test process."""

    name = "export_testapp"
    label = "exportshop"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The dramatiq worker processes of the export tests decide with the tests' backend.
        if getattr(settings, "EXPORT_TESTS_WORKER", False):
            from export_backend import ShopBackend

            from rail_django.contracts.permissions import permission_backend

            permission_backend.install(ShopBackend(), owner="export-tests", replace=True)

    @property
    def rail_django_internal(self) -> bool:
        return not getattr(settings, "EXPORT_TESTS_EXPOSE_SHOP", False)
