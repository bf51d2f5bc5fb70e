"""rail_django.extensions.metadata: part of the rail-django-core distribution."""
