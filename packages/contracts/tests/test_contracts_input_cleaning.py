"""The input-cleaner slot: text is stored as given until a cleaner is installed, an installed
cleaner must implement the protocol, and secrets are recognised by name."""

from __future__ import annotations

import pytest

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.input_cleaning import (
    InputCleaner,
    StoreAsGiven,
    TextRefusal,
    input_cleaner,
    looks_secret,
)
from rail_django.contracts.schema_runtime import SchemaRuntime
from rail_django.contracts.service_slot import ServiceSlot


def test_the_default_stores_text_as_given():
    slot = ServiceSlot("input_cleaner", StoreAsGiven, protocol=InputCleaner)
    assert slot.get().for_schema(SchemaRuntime("default", {})) is None


def test_a_cleaner_without_for_schema_is_refused_at_install():
    class HalfCleaner:
        def clean(self, value, *, name):
            return value

    with pytest.raises(TypeError, match="for_schema"), input_cleaner.swapped(HalfCleaner()):
        pass


def test_a_swapped_cleaner_is_active_then_restored():
    class Shouting:
        def for_schema(self, runtime):
            return self

        def clean(self, value, *, name):
            return value.upper()

    before = input_cleaner.get()
    with input_cleaner.swapped(Shouting()) as cleaner:
        text = input_cleaner.get().for_schema(SchemaRuntime("default", {}))
        assert text is cleaner and text.clean("abc", name="title") == "ABC"
    assert input_cleaner.get() is before


def test_a_refusal_defaults_to_invalid_argument():
    assert TextRefusal("too long").code is ErrorCode.INVALID_ARGUMENT


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("password", True),
        ("new_password", True),
        ("oldPassword", True),
        ("passwd", True),
        ("client_secret", True),
        ("passphrase", True),
        ("title", False),
        ("pass_count", False),
        ("description", False),
    ],
)
def test_secret_names(name, secret):
    assert looks_secret(name) is secret
