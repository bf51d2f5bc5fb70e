"""Django admin registrations of the ``rail_django_security`` app, one line per feature."""

from django.contrib import admin

from rail_django.security.rbac.admin import register_rbac_admin

register_rbac_admin(admin.site)
