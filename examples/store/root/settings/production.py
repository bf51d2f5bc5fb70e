"""Alias of :mod:`root.settings.prod` under the name the guide's deployment chapter uses
(``DJANGO_SETTINGS_MODULE=root.settings.production``)."""

from root.settings.prod import *  # noqa: F403
