"""rail_django.generators: part of the rail-django-core distribution."""
