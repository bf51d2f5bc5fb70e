"""``manage.py rail_export_schema``: write each schema's SDL or introspection JSON for codegen."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from graphql import introspection_from_schema, print_schema

from rail_django.core.registry import SchemaNotFound, canonical_name, schema_registry


class Command(BaseCommand):
    help = (
        "Export the SDL (default) or introspection JSON of the registered GraphQL schemas, "
        "for client code generation. Writes <schema>.graphql / <schema>.json into --output, "
        "or prints to stdout."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "schemas", nargs="*", metavar="SCHEMA", help="Schema names (default: every schema)."
        )
        parser.add_argument(
            "--format",
            choices=("sdl", "json"),
            default="sdl",
            help='sdl: GraphQL SDL; json: the standard introspection result ({"data": ...}).',
        )
        parser.add_argument(
            "--output",
            "-o",
            metavar="DIR",
            help="Directory to write one file per schema into (default: stdout).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        names = [canonical_name(n) for n in options["schemas"]] or list(schema_registry.names())
        output = Path(options["output"]) if options["output"] else None
        if output is not None:
            output.mkdir(parents=True, exist_ok=True)
        elif options["format"] == "json" and len(names) > 1:
            raise CommandError(
                "--format json prints one schema to stdout: name it, or use --output DIR."
            )
        for name in names:
            try:
                schema = schema_registry.get_schema(name)
            except SchemaNotFound:
                known = ", ".join(schema_registry.names()) or "none"
                raise CommandError(f"Unknown schema {name!r} (registered: {known}).") from None
            text = _render(schema.graphql_schema, options["format"])
            if output is None:
                if len(names) > 1:
                    self.stdout.write(f"# schema: {name}")
                self.stdout.write(text)
            else:
                suffix = "graphql" if options["format"] == "sdl" else "json"
                target = output / f"{name}.{suffix}"
                target.write_text(text + "\n", encoding="utf-8")
                self.stderr.write(f"Wrote {target}")


def _render(graphql_schema: Any, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"data": introspection_from_schema(graphql_schema)}, indent=2)
    return print_schema(graphql_schema)
