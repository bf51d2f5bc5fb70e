"""The default permission backend applies Django model permissions; slots refuse conflicts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission, User

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.permissions import (
    DjangoModelPermissionBackend,
    FieldInputMode,
    FieldVisibility,
    Operation,
    get_permission_backend,
    permission_backend,
)
from rail_django.contracts.service_slot import SlotConflictError

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend():
    return DjangoModelPermissionBackend()


def _user(*codenames):
    user = User.objects.create_user(username="u" + "_".join(codenames) or "plain", password="x")
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return User.objects.get(pk=user.pk)  # fresh instance: Django caches permissions per object


def test_default_backend_is_django_model_permissions(fresh_slots):
    assert isinstance(get_permission_backend(), DjangoModelPermissionBackend)


def test_anonymous_is_unauthenticated(backend):
    decision = backend.check_operation(AnonymousUser(), Group, Operation.VIEW)
    assert not decision
    assert decision.code == ErrorCode.UNAUTHENTICATED
    assert backend.check_operation(None, Group, "view").code == ErrorCode.UNAUTHENTICATED


def test_operations_map_to_django_codenames(backend):
    viewer = _user("view_group")
    assert backend.check_operation(viewer, Group, Operation.VIEW).allowed
    denied = backend.check_operation(viewer, Group, Operation.CREATE)
    assert not denied.allowed and denied.code == ErrorCode.PERMISSION_DENIED
    assert "create groups" in denied.reason
    creator = _user("add_group")
    assert backend.check_operation(creator, Group, Operation.CREATE).allowed


def test_codename_override(backend):
    user = _user("change_group")
    assert backend.check_operation(user, Group, Operation.VIEW, codename="change").allowed
    assert not backend.check_operation(user, Group, Operation.VIEW).allowed


def test_superuser_may_do_anything(backend):
    root = User.objects.create_superuser("root", "r@example.com", "x")
    assert backend.check_operation(root, Group, Operation.DELETE).allowed


def test_no_object_scoping_or_field_rules(backend):
    user = _user("view_group")
    qs = Group.objects.all()
    assert backend.scope_queryset(user, qs) is qs
    assert backend.field_read(user, Group, "name").visibility == FieldVisibility.VISIBLE
    assert backend.field_write(user, Group, "name") is True
    assert backend.field_input_mode() == FieldInputMode.REJECT


def test_slot_install_conflict_and_reset(fresh_slots):
    class Custom(DjangoModelPermissionBackend):
        pass

    custom = Custom()
    permission_backend.install(custom, owner="rail_django.security")
    try:
        assert get_permission_backend() is custom
        assert permission_backend.owner == "rail_django.security"
        with pytest.raises(SlotConflictError, match="already did"):
            permission_backend.install(Custom(), owner="someone.else")
        other = Custom()
        permission_backend.install(other, owner="someone.else", replace=True)
        assert get_permission_backend() is other
    finally:
        permission_backend.reset()
    assert isinstance(get_permission_backend(), DjangoModelPermissionBackend)
    assert not isinstance(get_permission_backend(), Custom)


def test_swapped_restores_what_was_active(fresh_slots):
    class First(DjangoModelPermissionBackend):
        pass

    first, second = First(), DjangoModelPermissionBackend()
    permission_backend.install(first, owner="rail_django.security")
    try:
        with permission_backend.swapped(second) as active:
            assert active is second and get_permission_backend() is second
            with (
                pytest.raises(RuntimeError),
                permission_backend.swapped(DjangoModelPermissionBackend()),
            ):
                raise RuntimeError("a failing test")
            assert get_permission_backend() is second
        assert get_permission_backend() is first
        assert permission_backend.owner == "rail_django.security"
    finally:
        permission_backend.reset()
