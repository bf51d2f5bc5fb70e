"""rail_django.extensions.audit: part of the rail-django-security distribution."""
