"""ASGI entry point (``uvicorn root.asgi:application``). Production settings unless the
environment says otherwise."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "root.settings.prod")

application = get_asgi_application()
