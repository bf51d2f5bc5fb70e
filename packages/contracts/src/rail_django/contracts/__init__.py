"""Interfaces, value types and registries through which Rail Django packages meet."""

from rail_django.contracts.__about__ import __version__

__all__ = ["__version__"]
