"""Development settings: the default of ``manage.py`` and of ``rundemo``.

Debug on, a fixed development secret key, local hosts only, GraphiQL and introspection on, and
default passwords for the demo users (``admin``/``admin``, ``viewer``/``viewer``) unless the
environment sets others. Never serve these settings on a network.
"""

import os

from root.settings.base import *  # noqa: F403
from root.settings.base import RAIL_DJANGO_GRAPHQL

DEBUG = True
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "django-insecure-rail-django-store-example-development-only"
)
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

DEMO_ADMIN_PASSWORD = os.environ.get("DEMO_ADMIN_PASSWORD") or "admin"
DEMO_VIEWER_PASSWORD = os.environ.get("DEMO_VIEWER_PASSWORD") or "viewer"

# The demo's passwords are short on purpose; keep Django's validators for real projects.
AUTH_PASSWORD_VALIDATORS = []

# Show which field or argument is wrong while developing.
RAIL_DJANGO_GRAPHQL = {
    **RAIL_DJANGO_GRAPHQL,
    "error_handling": {"enable_detailed_errors": True},
}
