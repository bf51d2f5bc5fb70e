"""PDF templating for Rail Django models."""

from rail_django.extensions.templating.__about__ import __version__

__all__ = ["__version__"]
