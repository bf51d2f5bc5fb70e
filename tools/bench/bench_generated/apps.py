from django.apps import AppConfig


class BenchGeneratedConfig(AppConfig):
    name = "bench_generated"
    label = "bench_generated"
    default_auto_field = "django.db.models.BigAutoField"
