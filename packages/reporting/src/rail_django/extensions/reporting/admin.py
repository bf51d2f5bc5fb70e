"""The Django admin of datasets: saving runs the model's validation, so every wrong dimension or
metric is shown on the form with what is wrong."""

from django.contrib import admin

from rail_django.extensions.reporting.models import ReportingDataset


@admin.register(ReportingDataset)
class ReportingDatasetAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "source_app_label", "source_model", "is_active")
    list_filter = ("is_active", "source_app_label")
    search_fields = ("code", "title", "description")
    readonly_fields = ("created_at", "updated_at")
