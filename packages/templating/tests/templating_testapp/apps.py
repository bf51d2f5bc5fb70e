from django.apps import AppConfig
from django.conf import settings


class TemplatingTestappConfig(AppConfig):
    """Invoices with PDF templates. Internal (no schema exposes it) unless the templating
    tests' ``TEMPLATING_TESTS_EXPOSE`` setting is on (the metadata test), so its types never
    appear in other packages' schemas."""

    name = "templating_testapp"
    label = "templating_testapp"
    default_auto_field = "django.db.models.BigAutoField"

    @property
    def rail_django_internal(self) -> bool:
        return not getattr(settings, "TEMPLATING_TESTS_EXPOSE", False)

    def ready(self) -> None:
        from templating_testapp import documents  # noqa: F401 - registers the function template
