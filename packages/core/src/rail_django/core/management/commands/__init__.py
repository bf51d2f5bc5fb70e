"""Management commands of rail-django-core."""
