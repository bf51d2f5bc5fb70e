"""``manage.py rail_persisted_operations``: register a front end's operations for a schema.

Reads the operations a front end extracted (Apollo's persisted query manifest, a
``{"<sha256>": "<document>"}`` map, or a folder of ``.graphql`` files), checks every document
against the schema, and writes the manifest that ``persisted_operations.allowlist_only`` runs from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from graphql import parse, validate

from rail_django.core.http.operation_manifest import (
    ManifestError,
    manifest_at,
    read_operations,
    write_manifest,
)
from rail_django.core.registry import SchemaNotFound, canonical_name, schema_registry
from rail_django.core.settings_sections import schema_settings


class Command(BaseCommand):
    help = _(
        "Register the operations a front end uses: check each against the schema and write the "
        "manifest that persisted_operations.allowlist_only runs from."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "source",
            nargs="?",
            help=_(
                "An Apollo persisted query manifest, a {sha256: document} JSON map, or a folder "
                "of .graphql files. Without it, the schema's current manifest is checked."
            ),
        )
        parser.add_argument("--schema", default="gql", help=_("Schema name (default: gql)."))
        parser.add_argument(
            "--output",
            "-o",
            help=_("Where to write the manifest (default: the schema's allowlist_path)."),
        )
        parser.add_argument(
            "--merge",
            action="store_true",
            help=_("Keep the operations already in the output manifest."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = canonical_name(options["schema"])
        try:
            schema = schema_registry.get_schema(name)
        except SchemaNotFound:
            known = ", ".join(schema_registry.names()) or "-"
            raise CommandError(
                _("Unknown schema %(name)r (registered: %(known)s).")
                % {"name": name, "known": known}
            ) from None
        output = (
            options["output"] or schema_settings(name)["persisted_operations"]["allowlist_path"]
        )
        source = options["source"] or output
        if not source:
            raise CommandError(
                _("Give a source, or set persisted_operations.allowlist_path for %(name)r.")
                % {"name": name}
            )
        try:
            operations = read_operations(source)
            if options["merge"] and output and output != source and Path(output).exists():
                operations = [*manifest_at(output).by_id.values(), *operations]
        except ManifestError as exc:
            raise CommandError(str(exc)) from None
        problems = []
        for operation in operations:
            errors = validate(schema.graphql_schema, parse(operation.body))
            problems += [f"{operation.name or operation.id}: {error.message}" for error in errors]
        if problems:
            raise CommandError(
                ngettext(
                    "%(count)d operation does not validate against schema %(name)r:\n%(errors)s",
                    "%(count)d operations do not validate against schema %(name)r:\n%(errors)s",
                    len(problems),
                )
                % {"count": len(problems), "name": name, "errors": "\n".join(problems)}
            )
        if options["source"] and output:
            write_manifest(operations, output)
            count = len({op.id for op in operations})
            self.stdout.write(
                ngettext(
                    "%(count)d operation registered for schema %(name)r in %(path)s.",
                    "%(count)d operations registered for schema %(name)r in %(path)s.",
                    count,
                )
                % {"count": count, "name": name, "path": output}
            )
        else:
            self.stdout.write(
                ngettext(
                    "%(count)d operation validates against schema %(name)r.",
                    "%(count)d operations validate against schema %(name)r.",
                    len(operations),
                )
                % {"count": len(operations), "name": name}
            )
