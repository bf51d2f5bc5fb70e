"""Models of the ``rail_django_security`` app, gathered from the feature packages that own them.

Each feature keeps its models in its own ``models.py`` and adds one explicit import line here
(authorization: add your line below the authentication one).
"""

from rail_django.security.auth.models import RefreshToken, RevokedAccessToken, TokenFamily
from rail_django.security.rbac.models import Role, RoleAssignment

__all__ = ["RefreshToken", "RevokedAccessToken", "Role", "RoleAssignment", "TokenFamily"]
