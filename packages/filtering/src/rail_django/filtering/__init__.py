"""Typed nested `where` filters, relation filters and quick search for Rail Django."""

from rail_django.filtering.__about__ import __version__

__all__ = ["__version__"]
