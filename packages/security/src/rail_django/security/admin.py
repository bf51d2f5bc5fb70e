"""Django admin registrations of the ``rail_django_security`` app, one import per feature."""

import rail_django.security.rbac.admin  # noqa: F401
