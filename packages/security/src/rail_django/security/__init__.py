"""JWT authentication, RBAC, policy engine, field masking, audit log and MFA for Rail Django."""

from rail_django.security.__about__ import __version__

__all__ = ["__version__"]
