"""Roles stored in the database (Django admin, the role GraphQL API) and role assignments.

Roles declared in code or in an app's ``meta.yaml`` live in memory (see
:mod:`rail_django.security.rbac.role_manager`); the tables here hold the roles an administrator
creates at runtime and who holds which role. Assignments name their role, so a role declared in
``meta.yaml`` is assigned exactly like a stored one.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext


class RoleType(models.TextChoices):
    """What a role is for (informative; every type grants the same way)."""

    SYSTEM = "system", "System"
    BUSINESS = "business", "Business"
    FUNCTIONAL = "functional", "Functional"


class Role(models.Model):
    """A role created at runtime. Its name may not shadow a role declared in code or meta.yaml."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    role_type = models.CharField(max_length=20, choices=RoleType.choices, default=RoleType.BUSINESS)
    permissions = models.JSONField(
        default=list, blank=True, help_text='Permission names; wildcards allowed ("store.*").'
    )
    parent_roles = models.JSONField(
        default=list,
        blank=True,
        help_text="Names of the roles whose permissions this one inherits.",
    )
    is_system_role = models.BooleanField(default=False)
    max_users = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        # Every write path (admin, GraphQL, generated mutations, shell) gets the same rules.
        self.full_clean()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from rail_django.security.rbac.role_manager import role_manager

        declared = role_manager.declared_role(self.name)
        if declared is not None:
            where = declared.source
            message = f"The role {self.name!r} is declared in {where}; pick another name."
            raise ValidationError({"name": message})
        problems = _list_problems("permissions", self.permissions)
        problems.update(_list_problems("parent_roles", self.parent_roles))
        if self.name in (self.parent_roles or []):
            problems["parent_roles"] = "A role cannot inherit from itself."
        if problems:
            raise ValidationError(problems)


def _list_problems(key: str, value: object) -> dict[str, str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        return {key: "Must be a list of non-empty strings."}
    return {}


class RoleAssignment(models.Model):
    """One user or one group holding one role (by name)."""

    role_name = models.CharField(max_length=100, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rail_role_assignments",
    )
    group = models.ForeignKey(
        "auth.Group",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rail_role_assignments",
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(user__isnull=False, group__isnull=True)
                    | models.Q(user__isnull=True, group__isnull=False)
                ),
                name="rail_role_assignment_user_xor_group",
            ),
            models.UniqueConstraint(
                fields=["role_name", "user"], name="rail_role_assignment_unique_user"
            ),
            models.UniqueConstraint(
                fields=["role_name", "group"], name="rail_role_assignment_unique_group"
            ),
        ]

    def __str__(self) -> str:
        holder = self.user if self.user_id else self.group
        return f"{holder} → {self.role_name}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.full_clean(validate_unique=False, validate_constraints=False)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from rail_django.security.rbac.role_manager import role_manager

        if (self.user_id is None) == (self.group_id is None):
            raise ValidationError(gettext("Assign the role to exactly one user or one group."))
        role = role_manager.get_role(self.role_name)
        if role is None:
            raise ValidationError({"role_name": f"There is no role {self.role_name!r}."})
        if role.max_users is not None and self.user_id is not None:
            holders = RoleAssignment.objects.filter(role_name=self.role_name, user__isnull=False)
            if self.pk:
                holders = holders.exclude(pk=self.pk)
            if holders.exclude(user_id=self.user_id).count() >= role.max_users:
                message = f"The role {self.role_name!r} is limited to {role.max_users} users."
                raise ValidationError({"role_name": message})
