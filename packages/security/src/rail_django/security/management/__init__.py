"""Management commands of rail-django-security."""
