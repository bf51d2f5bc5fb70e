"""What a model field is, decided without a user: its type, constraints, choices and flags.

Computed once per (schema, model) by :mod:`.model_facts` and reused for every user; the per-user
part (readable, writable, visibility) is added when the metadata is served.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import ForeignObjectRel

from rail_django.extensions.metadata.fsm import FsmTransition, fsm_transitions, is_fsm_field

#: Django field classes whose values are numbers (the flags a form builder picks a widget from).
_NUMERIC = (models.IntegerField, models.FloatField, models.DecimalField)
_TEXT = (models.CharField, models.TextField)


@dataclass(frozen=True)
class FieldFacts:
    """One non-reverse field of a model, as the metadata describes it."""

    name: str  # the API name (camelCase when the schema's types are)
    django_name: str
    verbose_name: Any
    help_text: Any
    field_type: str
    graphql_type: str
    required: bool
    nullable: bool
    editable: bool
    unique: bool
    primary_key: bool
    has_default: bool
    max_length: int | None
    max_digits: int | None
    decimal_places: int | None
    choices: tuple[tuple[str, Any], ...]
    flags: tuple[tuple[str, bool], ...]
    fsm_transitions: tuple[FsmTransition, ...]
    related_model: str | None
    related_list_field: str | None


def _choices(field: Any) -> tuple[tuple[str, Any], ...]:
    # A relation's choices would be every row of the related table: never enumerated. The
    # client queries ``related_list_field`` instead.
    if field.is_relation or not getattr(field, "choices", None):
        return ()
    flat: list[tuple[str, Any]] = []
    for value, label in field.flatchoices:
        flat.append((str(value), label))
    return tuple(flat)


def classification_flags(field: Any) -> tuple[tuple[str, bool], ...]:
    """The widget-selection flags of ``field``, in the order the metadata serves them."""
    is_datetime = isinstance(field, models.DateTimeField)
    is_image = isinstance(field, models.ImageField)
    return (
        ("is_date", isinstance(field, models.DateField) and not is_datetime),
        ("is_datetime", is_datetime),
        ("is_time", isinstance(field, models.TimeField)),
        ("is_duration", isinstance(field, models.DurationField)),
        ("is_numeric", isinstance(field, _NUMERIC)),
        ("is_integer", isinstance(field, models.IntegerField)),
        ("is_decimal", isinstance(field, models.DecimalField)),
        ("is_boolean", isinstance(field, models.BooleanField)),
        ("is_text", isinstance(field, _TEXT)),
        ("is_rich_text", isinstance(field, models.TextField)),
        ("is_email", isinstance(field, models.EmailField)),
        ("is_url", isinstance(field, models.URLField)),
        ("is_uuid", isinstance(field, models.UUIDField)),
        ("is_ip_address", isinstance(field, models.GenericIPAddressField)),
        ("is_file", isinstance(field, models.FileField) and not is_image),
        ("is_image", is_image),
        ("is_json", isinstance(field, models.JSONField)),
        ("is_binary", isinstance(field, models.BinaryField)),
        ("is_choice", bool(getattr(field, "choices", None)) and not field.is_relation),
        ("is_relation", bool(field.is_relation)),
        ("is_primary_key", bool(getattr(field, "primary_key", False))),
        ("is_fsm_field", is_fsm_field(field)),
    )


def _required(field: Any) -> bool:
    if getattr(field, "primary_key", False) or not field.editable:
        return False
    return not field.blank and not field.has_default() and not field.null


def field_facts(
    model: type[models.Model],
    field: Any,
    *,
    name: str,
    graphql_type: str,
    related_list_field: str | None,
) -> FieldFacts:
    """The facts of one forward field of ``model`` (not a reverse relation)."""
    related = field.related_model if field.is_relation else None
    return FieldFacts(
        name=name,
        django_name=field.name,
        verbose_name=field.verbose_name,
        help_text=field.help_text,
        field_type=type(field).__name__,
        graphql_type=graphql_type,
        required=_required(field),
        nullable=bool(field.null),
        editable=bool(field.editable) and not getattr(field, "primary_key", False),
        unique=bool(field.unique),
        primary_key=bool(getattr(field, "primary_key", False)),
        has_default=field.has_default(),
        max_length=getattr(field, "max_length", None),
        max_digits=getattr(field, "max_digits", None),
        decimal_places=getattr(field, "decimal_places", None),
        choices=_choices(field),
        flags=classification_flags(field),
        fsm_transitions=fsm_transitions(model, field),
        related_model=related._meta.label if related is not None else None,
        related_list_field=related_list_field,
    )


def is_forward(field: Any) -> bool:
    """A field the model's table (or its m2m table) holds, as opposed to a reverse relation."""
    return not isinstance(field, ForeignObjectRel)


def named_type(graphene_type: Any) -> str:
    """``[Tag!]!`` -> ``Tag``: the named type at the bottom of a graphene field type."""
    text = str(graphene_type)
    return text.strip("[]!").replace("!", "").strip("[]")
