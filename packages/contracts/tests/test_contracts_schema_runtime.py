"""The schema runtime: one field-access table compiled per field, row scoping decided once per
model, pipeline steps sorted once, and a permission slot that refuses half a backend."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, User
from django.db.models import QuerySet

from rail_django.contracts.permissions import (
    VISIBLE,
    DjangoModelPermissionBackend,
    FieldDecision,
    FieldInputMode,
    FieldRules,
    FieldVisibility,
    PermissionBackend,
    permission_backend,
)
from rail_django.contracts.queryset_pipeline import Phase, QuerysetPipeline, queryset_pipeline
from rail_django.contracts.schema_runtime import SchemaRuntime, get_schema_runtime
from rail_django.contracts.service_slot import ServiceSlot
from rail_django.contracts.settings_registry import settings_registry

MASKED = FieldDecision(FieldVisibility.MASKED, "***")


class CountingBackend(DjangoModelPermissionBackend):
    """Rules on ``User.email`` only (masked for everyone), counting what it is asked."""

    def __init__(self) -> None:
        super().__init__()
        self.rules_asked: list[tuple[type, str]] = []
        self.reads: list[tuple[object, str]] = []
        self.scopes_asked: list[type] = []
        self.runtimes: list[object] = []

    def field_rules(self, model, field_name, *, runtime=None):
        self.rules_asked.append((model, field_name))
        self.runtimes.append(runtime)
        ruled = model is User and field_name == "email"
        return FieldRules(read=ruled, write=ruled)

    def field_read(self, user, model, field_name, *, runtime=None):
        self.reads.append((user, field_name))
        self.runtimes.append(runtime)
        return MASKED if field_name == "email" else VISIBLE

    def field_write(self, user, model, field_name, *, runtime=None):
        return field_name != "email"

    def field_input_mode(self, *, runtime=None):
        self.runtimes.append(runtime)
        return FieldInputMode.STRIP

    def scopes_rows(self, model, *, runtime=None):
        self.scopes_asked.append(model)
        return model is User

    def scope_queryset(self, user, queryset, operation="view", *, runtime=None) -> QuerySet:
        return queryset.none() if queryset.model is User else queryset


@pytest.fixture
def runtime():
    return SchemaRuntime("probe", settings_registry.resolve(None), models=(User, Group))


@pytest.fixture
def backend():
    counting = CountingBackend()
    with permission_backend.swapped(counting):
        yield counting


# -- field-access table ---------------------------------------------------------------------------
def test_field_rules_are_compiled_once_per_field(runtime, backend):
    table = runtime.field_access
    for _ in range(3):
        assert table.rules(User, "email") == FieldRules(read=True, write=True)
        assert table.rules(User, "username") == FieldRules()
    assert backend.rules_asked == [(User, "email"), (User, "username")]
    # Users are asked about per read, not the compiled rules.
    for user in ("ann", "bob"):
        table.read(user, User, "email")
    assert backend.rules_asked == [(User, "email"), (User, "username")]
    assert set(backend.runtimes) == {runtime}  # the backend is told which schema asks


def test_unruled_fields_never_reach_the_backend_per_user(runtime, backend):
    table = runtime.field_access
    assert table.read("ann", User, "username") is VISIBLE
    assert table.filterable("ann", User, "username") and table.orderable("ann", User, "username")
    assert table.writable("ann", User, "username")
    assert backend.reads == []


def test_masked_fields_are_neither_filterable_nor_orderable(runtime, backend):
    table = runtime.field_access
    assert table.read("ann", User, "email") == MASKED
    assert not table.readable("ann", User, "email")
    assert not table.filterable("ann", User, "email")
    assert not table.orderable("ann", User, "email")
    assert not table.writable("ann", User, "email")
    assert table.input_mode() is FieldInputMode.STRIP


def test_reads_are_memoised_per_request_context(runtime, backend):
    table = runtime.field_access
    request = SimpleNamespace()
    for _ in range(3):
        assert table.read("ann", User, "email", context=request) == MASKED
    assert len(backend.reads) == 1
    table.read("ann", User, "email", context=SimpleNamespace())  # another request
    assert len(backend.reads) == 2
    table.read("ann", User, "email")  # no context: nothing to memoise on
    table.read("ann", User, "email")
    assert len(backend.reads) == 4


def test_two_runtimes_memoise_apart_on_one_request(backend):
    settings = settings_registry.resolve(None)
    first, second = SchemaRuntime("a", settings), SchemaRuntime("b", settings)
    request = SimpleNamespace()
    first.field_access.read("ann", User, "email", context=request)
    second.field_access.read("ann", User, "email", context=request)
    assert len(backend.reads) == 2


def test_installing_another_backend_recompiles_the_table(runtime, backend):
    table = runtime.field_access
    assert table.rules(User, "email").read
    other = CountingBackend()
    with permission_backend.swapped(DjangoModelPermissionBackend()):
        # The default backend rules on nothing.
        assert table.rules(User, "email") == FieldRules()
        assert table.read("ann", User, "email") is VISIBLE
    with permission_backend.swapped(other):
        assert table.rules(User, "email").read
        assert other.rules_asked == [(User, "email")]
    assert table.rules(User, "email").read  # back to the first: compiled for it again
    assert backend.rules_asked == [(User, "email"), (User, "email")]


def test_default_backend_subclass_rules_on_what_it_overrides():
    class ReadsOnly(DjangoModelPermissionBackend):
        def field_read(self, user, model, field_name, *, runtime=None):
            return MASKED

    assert ReadsOnly().field_rules(User, "email") == FieldRules(read=True, write=False)
    assert DjangoModelPermissionBackend().field_rules(User, "email") == FieldRules()


# -- rows -----------------------------------------------------------------------------------------
def test_scopes_rows_is_decided_once_per_model(runtime, backend):
    for _ in range(3):
        assert runtime.scopes_rows(User) is True
        assert runtime.scopes_rows(Group) is False
    assert backend.scopes_asked == [User, Group]
    other = CountingBackend()
    with permission_backend.swapped(other):
        runtime.scopes_rows(User)
        runtime.scopes_rows(User)
    assert other.scopes_asked == [User]


@pytest.mark.django_db
def test_the_pipeline_skips_scoping_for_models_the_backend_never_restricts(runtime, backend):
    from rail_django.contracts.queryset_pipeline import QueryRequest, build_queryset

    Group.objects.create(name="g")
    User.objects.create_user("u")
    assert build_queryset(QueryRequest(Group, runtime=runtime)).count() == 1
    assert build_queryset(QueryRequest(User, runtime=runtime)).count() == 0
    build_queryset(QueryRequest(User, runtime=runtime))
    assert backend.scopes_asked == [Group, User]


# -- the permission slot --------------------------------------------------------------------------
class HalfBackend:
    """Decides operations and nothing else."""

    def check_operation(self, user, model, operation, *, obj=None, codename=None, runtime=None):
        return True


def test_a_slot_with_a_protocol_refuses_an_incomplete_implementation():
    slot: ServiceSlot[PermissionBackend] = ServiceSlot(
        "test backend", DjangoModelPermissionBackend, protocol=PermissionBackend
    )
    with pytest.raises(TypeError) as refused:
        slot.install(HalfBackend(), owner="tests")
    message = str(refused.value)
    assert "test backend: HalfBackend does not implement PermissionBackend" in message
    for name in ("field_input_mode", "field_read", "field_rules", "scope_queryset", "scopes_rows"):
        assert name in message
    assert "check_operation" not in message.split("missing:")[1]
    with pytest.raises(TypeError), slot.swapped(HalfBackend()):
        pass
    assert isinstance(slot.get(), DjangoModelPermissionBackend)
    slot.install(CountingBackend(), owner="tests")  # a complete one is accepted


def test_the_process_permission_slot_refuses_half_a_backend():
    before = permission_backend.get()
    with pytest.raises(TypeError, match="missing: "):
        permission_backend.install(HalfBackend(), owner="tests", replace=True)
    assert permission_backend.get() is before


# -- steps ----------------------------------------------------------------------------------------
class Step:
    def __init__(self, name: str) -> None:
        self.name = name

    def apply(self, queryset, request):
        return queryset


def test_steps_are_sorted_once_per_change():
    pipeline = QuerysetPipeline()
    version = pipeline.version
    pipeline.register(Step("late"), Phase.PAGINATE)
    pipeline.register(Step("early"), Phase.SCOPE)
    assert pipeline.version == version + 2
    ordered = pipeline.steps()
    assert [step.name for step in ordered] == ["early", "late"]
    assert pipeline.steps() is ordered  # not sorted again on read
    pipeline.unregister("nothing-registered")
    assert pipeline.version == version + 2 and pipeline.steps() is ordered
    pipeline.unregister("early")
    assert pipeline.version == version + 3
    assert [step.name for step in pipeline.steps()] == ["late"]


def test_runtime_steps_follow_the_pipeline_version(runtime):
    steps = runtime.steps
    assert runtime.steps is steps
    try:
        queryset_pipeline.register(Step("runtime_probe"), Phase.OPTIMIZE)
        refreshed = runtime.steps
        assert refreshed is not steps and "runtime_probe" in [s.name for s in refreshed]
        assert runtime.steps is refreshed
    finally:
        queryset_pipeline.unregister("runtime_probe")
    assert "runtime_probe" not in [s.name for s in runtime.steps]


# -- settings ------------------------------------------------------------------------------------
def test_get_schema_runtime_carries_the_schema_settings(settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"probe": {}}
    runtime = get_schema_runtime("probe")
    assert runtime.name == "probe"
    assert runtime.settings is settings_registry.resolve("probe")
    assert runtime.section("no_such_section") == {}
