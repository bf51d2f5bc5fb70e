"""Django app configuration of the storefront."""

from django.apps import AppConfig


class StoreConfig(AppConfig):
    """Labelled ``store``: permissions read ``store.view_product``, as in the guide."""

    name = "apps.store"
    label = "store"
    verbose_name = "Store"
    default_auto_field = "django.db.models.BigAutoField"
