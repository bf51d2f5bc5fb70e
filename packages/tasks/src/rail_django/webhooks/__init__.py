"""rail_django.webhooks: part of the rail-django-tasks distribution."""
