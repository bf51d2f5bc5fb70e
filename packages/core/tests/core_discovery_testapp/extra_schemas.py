"""Not an app module: found only through ``schema_registry.auto_discover_packages``."""


def register_schema(registry):
    registry.register_schema("extra", description="From auto_discover_packages")
