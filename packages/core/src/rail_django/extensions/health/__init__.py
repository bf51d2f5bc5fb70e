"""rail_django.extensions.health: part of the rail-django-core distribution."""
