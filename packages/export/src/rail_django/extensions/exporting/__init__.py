"""Excel and CSV export of Rail Django model data."""

from rail_django.extensions.exporting.__about__ import __version__

__all__ = ["__version__"]
