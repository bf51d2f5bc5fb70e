"""The dramatiq worker entry point: ``dramatiq rail_django.extensions.tasks.worker``.

Sets Django up (``DJANGO_SETTINGS_MODULE`` must be set), builds the broker from
``task_settings.broker_url`` and declares the actors. Each worker process also runs one
housekeeping thread: it re-sends webhook deliveries that are due (retries, and rows a killed
worker left behind once their lease expired) and deletes task records older than
``result_ttl_seconds``.
"""

from __future__ import annotations

import django

django.setup()

from rail_django.extensions.tasks.backends.rail_backend import get_rail_backend  # noqa: E402
from rail_django.extensions.tasks.housekeeping import start_housekeeping  # noqa: E402

dispatcher = get_rail_backend().dispatcher()
broker = dispatcher.broker
start_housekeeping()
