"""rail_django.testing: part of the rail-django-core distribution."""
