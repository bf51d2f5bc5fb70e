"""Discovered by the schema registry: ``register_schema(registry)`` is called once per discovery."""

from core_discovery_testapp.probe_schema import probe_schema

#: How many times discovery called the hook (tests check rediscovery after ``clear()``).
calls = {"count": 0}


def register_schema(registry):
    calls["count"] += 1
    registry.register_schema(
        "discovered",
        settings={"error_handling": {"error_code_prefix": "DISC"}},
        description="Registered by core_discovery_testapp.schemas",
    )
    registry.register_schema(
        "probe",
        description="A hand-written graphene schema whose resolvers fail in known ways",
        schema=probe_schema,
    )
