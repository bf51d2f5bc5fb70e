from django.apps import AppConfig


class BenchStoreConfig(AppConfig):
    name = "bench_store"
    label = "bench_store"
    default_auto_field = "django.db.models.BigAutoField"
