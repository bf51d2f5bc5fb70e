"""BI reporting datasets and dashboards for Rail Django."""

from rail_django.extensions.reporting.__about__ import __version__

__all__ = ["__version__"]
