"""Background tasks and webhooks for Rail Django."""

from rail_django.extensions.tasks.__about__ import __version__

__all__ = ["__version__"]
