"""WSGI entry point (``gunicorn root.wsgi``). Production settings unless the environment says
otherwise."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "root.settings.prod")

application = get_wsgi_application()
