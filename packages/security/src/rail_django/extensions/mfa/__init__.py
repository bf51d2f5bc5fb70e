"""rail_django.extensions.mfa: part of the rail-django-security distribution."""
