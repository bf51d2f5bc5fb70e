"""``modelSchema`` for one user: the model's facts narrowed and annotated by permissions.

The facts (:mod:`.model_facts`) are built once per (schema, model). Each request then asks the
schema runtime's field-access table and the permission backend the per-user questions
(readable, writable, visibility, allowed) and takes a fingerprint of the answers; the served
document, and its ``metadataVersion`` hash, are built once per (model, fingerprint, language)
and reused for every user with the same answers.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import Any

from django.db.models import Model
from django.utils.translation import get_language

from rail_django.contracts.permissions import FieldVisibility
from rail_django.core.mutations.operation_access import refusal
from rail_django.extensions.metadata.model_facts import FactsBuilder, ModelFacts

#: Served documents kept per schema (distinct permission sets x models x languages).
MAX_DOCUMENTS = 2048


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _version(document: dict[str, Any]) -> str:
    encoded = json.dumps(document, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()[:20]


def _transition_allowed(user: Any, permission: str | None, per_row: bool) -> bool | None:
    if per_row:
        return None  # decided per row by django-fsm's callable: unknown without one
    if permission is None:
        return True
    return bool(getattr(user, "has_perm", lambda _p: False)(permission))


class MetadataService:
    """The metadata of one built schema: facts per model, served documents per permission set."""

    def __init__(self, build: Any) -> None:
        self.runtime = build.runtime
        self.schema_name = build.schema_name
        self.models = build.models
        self._builder = FactsBuilder(build)
        self._facts: dict[type[Model], ModelFacts] = {}
        self._documents: OrderedDict[Any, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    # -- lookup --------------------------------------------------------------------------------
    def find(self, app: str, model: str) -> type[Model] | None:
        """The schema's model ``app.model`` (names compared case-insensitively), or ``None``."""
        for candidate in self.models:
            opts = candidate._meta
            if opts.app_label.lower() == app.lower() and model.lower() in (
                candidate.__name__.lower(),
                opts.model_name,
            ):
                return candidate
        return None

    def app_models(self, app: str | None) -> tuple[type[Model], ...]:
        if app is None:
            return self.models
        return tuple(m for m in self.models if m._meta.app_label.lower() == app.lower())

    def facts(self, model: type[Model]) -> ModelFacts:
        facts = self._facts.get(model)
        if facts is None:
            facts = self._builder.facts(model)
            self._facts[model] = facts
        return facts

    # -- per user ------------------------------------------------------------------------------
    def model_schema(self, model: type[Model], user: Any, request: Any = None) -> dict[str, Any]:
        """The ``modelSchema`` document of ``model`` as ``user`` sees it (snake_case keys)."""
        facts = self.facts(model)
        answers = self._answers(facts, user, request)
        key = (model, get_language(), answers)
        document = self._documents.get(key)
        if document is None:
            document = self._document(facts, answers)
            with self._lock:
                self._documents[key] = document
                while len(self._documents) > MAX_DOCUMENTS:
                    self._documents.popitem(last=False)
        return document

    def _answers(self, facts: ModelFacts, user: Any, request: Any) -> tuple[Any, ...]:
        """Every per-user decision the document depends on, as one hashable value."""
        table = self.runtime.field_access
        model = facts.model

        def field_answer(django_name: str, editable: bool) -> tuple[str, bool]:
            visibility = table.read(user, model, django_name, context=request).visibility
            writable = (
                editable
                and django_name not in facts.read_only
                and visibility is not FieldVisibility.HIDDEN
                and table.writable(user, model, django_name)
            )
            return (str(visibility), bool(writable))

        fields = tuple(field_answer(f.django_name, f.editable) for f in facts.fields)
        relations = tuple(field_answer(r.django_name, r.editable) for r in facts.relationships)
        mutations = tuple(
            m.enabled
            and refusal(facts.options, model, m.permission_operation, user, codename=m.codename)
            is None
            for m in facts.mutations
        )
        transitions = tuple(
            _transition_allowed(user, t.permission, t.per_row_permission)
            for f in facts.fields
            for t in f.fsm_transitions
        )
        filters = tuple(
            table.filterable(user, model, spec.field_name.split("__")[0])
            for part in facts.parts
            for spec in part.filters
        )
        can_list = facts.access.refusal(user) is None
        return (fields, relations, mutations, transitions, filters, can_list)

    def _document(self, facts: ModelFacts, answers: tuple[Any, ...]) -> dict[str, Any]:
        field_answers, relation_answers, mutation_answers, transitions, filters, can_list = answers
        allowed_transitions = iter(transitions)
        fields = []
        for facts_field, (visibility, writable) in zip(facts.fields, field_answers, strict=True):
            field_transitions = [
                {
                    "name": t.name,
                    "source": list(t.source),
                    "target": t.target,
                    "label": _text(t.label),
                    "permission": t.permission,
                    "allowed": next(allowed_transitions),
                }
                for t in facts_field.fsm_transitions
            ]
            if visibility == FieldVisibility.HIDDEN:
                continue
            fields.append(
                {
                    "name": facts_field.name,
                    "verbose_name": _text(facts_field.verbose_name),
                    "help_text": _text(facts_field.help_text),
                    "field_type": facts_field.field_type,
                    "graphql_type": facts_field.graphql_type,
                    "required": facts_field.required,
                    "nullable": facts_field.nullable,
                    "editable": facts_field.editable,
                    "unique": facts_field.unique,
                    "has_default": facts_field.has_default,
                    "max_length": facts_field.max_length,
                    "max_digits": facts_field.max_digits,
                    "decimal_places": facts_field.decimal_places,
                    "choices": [
                        {"value": value, "label": _text(label)}
                        for value, label in facts_field.choices
                    ],
                    **dict(facts_field.flags),
                    "fsm_transitions": field_transitions,
                    "related_model": facts_field.related_model,
                    "related_list_field": facts_field.related_list_field,
                    "readable": visibility == FieldVisibility.VISIBLE,
                    "writable": writable,
                    "visibility": visibility.upper(),
                }
            )
        relationships = [
            {
                "name": r.name,
                "verbose_name": _text(r.verbose_name),
                "related_app": r.related_app,
                "related_model": r.related_model,
                "related_list_field": r.related_list_field,
                "relation_type": r.relation_type,
                "is_reverse": r.is_reverse,
                "is_to_one": r.is_to_one,
                "is_to_many": r.is_to_many,
                "required": r.required,
                "on_delete": r.on_delete,
                "through": r.through,
                "readable": visibility == FieldVisibility.VISIBLE,
                "writable": writable,
            }
            for r, (visibility, writable) in zip(facts.relationships, relation_answers, strict=True)
            if visibility != FieldVisibility.HIDDEN
        ]
        mutations = [
            {
                "name": m.name,
                "operation": m.operation,
                "allowed": allowed,
                "required_permissions": list(m.required_permissions),
            }
            for m, allowed in zip(facts.mutations, mutation_answers, strict=True)
        ]
        keep_filter = iter(filters)
        filter_list = []
        for part in facts.parts:
            for spec in part.filters:
                if not next(keep_filter):
                    continue
                filter_list.append(
                    {
                        "field_name": spec.field_name,
                        "field_label": _text(spec.field_label),
                        "is_nested": spec.is_nested,
                        "related_model": spec.related_model,
                        "options": [
                            {
                                "name": option.name,
                                "lookup": option.lookup,
                                "help_text": _text(option.help_text),
                                "choices": [
                                    {"value": c.value, "label": _text(c.label)}
                                    for c in option.choices
                                ],
                            }
                            for option in spec.options
                        ],
                    }
                )
        by_operation = {"CREATE": False, "UPDATE": False, "DELETE": False}
        for mutation in mutations:
            if mutation["operation"] in by_operation and mutation["allowed"]:
                by_operation[mutation["operation"]] = True
        exportable = any(part.extra.get("exportable") for part in facts.parts)
        document: dict[str, Any] = {
            "app": facts.app,
            "model": facts.name,
            "verbose_name": _text(facts.verbose_name),
            "verbose_name_plural": _text(facts.verbose_name_plural),
            "primary_key": facts.primary_key,
            "ordering": list(facts.ordering),
            "list_field": facts.list_field,
            "retrieve_field": facts.retrieve_field,
            "fields": fields,
            "relationships": relationships,
            "filters": filter_list,
            "mutations": mutations,
            "permissions": {
                "can_list": can_list,
                "can_create": by_operation["CREATE"],
                "can_update": by_operation["UPDATE"],
                "can_delete": by_operation["DELETE"],
                "can_export": can_list and exportable,
            },
            "field_groups": [
                {"key": key, "label": _text(label), "fields": list(names)}
                for key, label, names in facts.field_groups
            ],
            "templates": [
                {"key": t.key, "title": _text(t.title), "endpoint": t.endpoint}
                for part in facts.parts
                for t in part.templates
            ],
            "custom_metadata": facts.custom_metadata,
        }
        document["metadata_version"] = _version(document)
        return document
