"""Every Django field type through GraphQL, the custom scalars, choices and type settings."""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from decimal import Decimal

import pytest
from core_query_client import codes, ok, run, user_with
from core_testapp.models import Customer, FieldZoo, Product
from django.core.files.base import ContentFile

from rail_django.core.schema_builder import build_schema

pytestmark = pytest.mark.django_db

EXTENSIONS = {
    "schema_settings": {"query_extensions": ["core_testapp.graphql_extensions.EchoQuery"]}
}


@pytest.fixture
def admin(django_user_model):
    return user_with(django_user_model, "admin", superuser=True)


def test_every_field_type_round_trips(admin, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.MEDIA_URL = "/media/"
    key = uuid.UUID("12345678-1234-5678-1234-567812345678")
    zoo = FieldZoo.objects.create(
        big=2**40,
        small=-3,
        integer=7,
        positive=8,
        positive_small=9,
        positive_big=2**50,
        float_value=1.5,
        decimal_value=Decimal("1234.5678"),
        boolean=True,
        nullable_boolean=None,
        char="c",
        text="long text",
        slug="a-slug",
        email="a@b.test",
        url="https://example.com/x",
        uuid=key,
        ip="2001:db8::1",
        json={"a": [1, 2, {"b": None}]},
        duration=dt.timedelta(days=1, hours=2, seconds=3),
        binary=b"\x00\xffrail",
        date=dt.date(2024, 2, 29),
        time=dt.time(13, 45, 30),
        datetime=dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.UTC),
        file_path="/tmp/x",
        priority=FieldZoo.Priority.HIGH,
    )
    zoo.attachment.save("hello.txt", ContentFile(b"hi"))
    data = ok(
        run(
            """query($id: ID!) { fieldZoo(id: $id) {
                id big small integer positive positiveSmall positiveBig floatValue decimalValue
                boolean nullableBoolean char text slug email url uuid ip json duration binary
                date time datetime filePath priority attachment { name url } } }""",
            user=admin,
            variables={"id": str(zoo.pk)},
        )
    )["fieldZoo"]
    assert data == {
        "id": str(zoo.pk),
        "big": 2**40,
        "small": -3,
        "integer": 7,
        "positive": 8,
        "positiveSmall": 9,
        "positiveBig": 2**50,
        "floatValue": 1.5,
        "decimalValue": "1234.5678",
        "boolean": True,
        "nullableBoolean": None,
        "char": "c",
        "text": "long text",
        "slug": "a-slug",
        "email": "a@b.test",
        "url": "https://example.com/x",
        "uuid": str(key),
        "ip": "2001:db8::1",
        "json": {"a": [1, 2, {"b": None}]},
        "duration": "P1DT02H00M03S",
        "binary": base64.b64encode(b"\x00\xffrail").decode(),
        "date": "2024-02-29",
        "time": "13:45:30",
        "datetime": "2024-05-01T12:30:00+00:00",
        "filePath": "/tmp/x",
        "priority": "HIGH",
        "attachment": {"name": zoo.attachment.name, "url": f"/media/{zoo.attachment.name}"},
    }


def test_empty_optional_fields_read_as_null(admin):
    zoo = FieldZoo.objects.create()
    data = ok(
        run(
            "query($id: ID!) { fieldZoo(id: $id) { attachment { name } duration binary date ip } }",
            user=admin,
            variables={"id": str(zoo.pk)},
        )
    )
    assert data["fieldZoo"] == {
        "attachment": None,
        "duration": None,
        "binary": None,
        "date": None,
        "ip": None,
    }


def test_field_types_in_the_schema():
    sdl = str(build_schema("gql"))
    assert "big: BigInt!" in sdl
    assert "decimalValue: Decimal!" in sdl
    assert "attachment: StoredFile" in sdl
    assert "email: Email!" in sdl
    assert "duration: Duration" in sdl
    # A pk that is not called id is served under its name and as id.
    coupon = sdl[sdl.index("type Coupon {") :].split("}")[0]
    assert "id: ID!" in coupon and "code: String!" in coupon


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("DateTime", "2024-05-01T12:30:00+02:00", "2024-05-01T12:30:00+02:00"),
        ("DateTime", "2024-05-01T12:30:00", "2024-05-01T12:30:00+00:00"),
        ("Date", "2024-02-29", "2024-02-29"),
        ("Time", "08:15", "08:15:00"),
        ("Json", {"k": [1, "two"]}, {"k": [1, "two"]}),
        ("Uuid", "12345678-1234-5678-1234-567812345678", "12345678-1234-5678-1234-567812345678"),
        ("Email", "x@example.com", "x@example.com"),
        ("Url", "https://rail.test/a?b=1", "https://rail.test/a?b=1"),
        ("Phone", "+33 6 12-34-56-78", "+33612345678"),
        ("Decimal", "10.50", "10.50"),
        ("Decimal", 3, "3"),
        ("Binary", "AP8=", "AP8="),
        ("Duration", "P1DT2H", "P1DT02H00M00S"),
    ],
)
def test_scalars_parse_and_serialise(settings, field, value, expected):
    settings.RAIL_DJANGO_GRAPHQL = EXTENSIONS
    graphql_type = {"Json": "JSON", "Uuid": "UUID", "Url": "URL"}.get(field, field)
    answer = run(f"query($v: {graphql_type}!) {{ echo{field}(value: $v) }}", variables={"v": value})
    assert ok(answer)[f"echo{field}"] == expected


@pytest.mark.parametrize(
    ("field", "graphql_type", "value"),
    [
        ("DateTime", "DateTime", "yesterday"),
        ("DateTime", "DateTime", 1714566600),
        ("Date", "Date", "2023-02-29"),
        ("Date", "Date", "2024-05-01T00:00:00"),
        ("Time", "Time", "25:00"),
        ("Uuid", "UUID", "not-a-uuid"),
        ("Email", "Email", "nobody"),
        ("Url", "URL", "javascript:alert(1)"),
        ("Phone", "Phone", "0612"),
        ("Decimal", "Decimal", "NaN"),
        ("Decimal", "Decimal", "ten"),
        ("Decimal", "Decimal", True),
        ("Binary", "Binary", "not base64!"),
        ("Duration", "Duration", "soon"),
    ],
)
def test_scalars_refuse_bad_values_with_a_clear_message(settings, field, graphql_type, value):
    settings.RAIL_DJANGO_GRAPHQL = EXTENSIONS
    answer = run(f"query($v: {graphql_type}!) {{ echo{field}(value: $v) }}", variables={"v": value})
    assert answer["data"] is None
    error = answer["errors"][0]
    assert error["code"] == "RAIL_GQL_INVALID_ARGUMENT"
    assert error["message"].startswith(graphql_type)


def test_scalar_literals_are_strict_too(settings):
    settings.RAIL_DJANGO_GRAPHQL = EXTENSIONS
    answer = run('{ echoDate(value: 20240501) echoDecimal(value: "1e400x") }')
    messages = " ".join(e["message"] for e in answer["errors"])
    assert codes(answer) == ["RAIL_GQL_INVALID_ARGUMENT"] * 2
    assert "Date must be given as a string" in messages
    assert "Decimal is not a number" in messages
    assert ok(run("{ echoDecimal(value: 12.50) echoJson(value: {a: [1, true]}) }")) == {
        "echoDecimal": "12.50",
        "echoJson": {"a": [1, True]},
    }


def test_disabled_scalars_are_served_as_strings(admin, settings):
    FieldZoo.objects.create(json={"a": 1}, decimal_value=Decimal("2.5000"))
    query = "{ fieldZoos { json decimalValue } }"
    assert ok(run(query, user=admin))["fieldZoos"] == [{"json": {"a": 1}, "decimalValue": "2.5000"}]
    settings.RAIL_DJANGO_GRAPHQL = {
        "custom_scalars": {"JSON": {"enabled": False}, "Decimal": {"enabled": False}}
    }
    sdl = str(build_schema("gql"))
    # The generated model types give up the scalar (an extension's own type may keep it).
    zoo = sdl[sdl.index("type FieldZoo {") :].split("}")[0]
    assert "json: String!" in zoo and "JSON" not in zoo
    assert ok(run(query, user=admin))["fieldZoos"] == [
        {"json": '{"a": 1}', "decimalValue": "2.5000"}
    ]


def test_custom_field_mappings(admin, settings):
    FieldZoo.objects.create(char="+33612345678", text="x")
    settings.RAIL_DJANGO_GRAPHQL = {
        "type_generation_settings": {
            "custom_field_mappings": {
                "django.db.models.CharField": "Phone",
                "django.db.models.TextField": "graphene.ID",
            }
        }
    }
    sdl = str(build_schema("gql"))
    zoo = sdl[sdl.index("type FieldZoo {") :].split("}")[0]
    assert "char: Phone!" in zoo and "text: ID!" in zoo
    assert ok(run("{ fieldZoos { char text } }", user=admin)) == {
        "fieldZoos": [{"char": "+33612345678", "text": "x"}]
    }


def test_choices_with_the_same_names_on_two_models_do_not_clash(admin):
    Product.objects.create(name="P", sku="S", price=1, slug="p", status="archived")
    Customer.objects.create(name="C", email="c@x.test", status="draft")
    sdl = str(build_schema("gql"))
    assert "enum ProductStatusChoices {" in sdl and "enum CustomerStatusChoices {" in sdl
    product_enum = sdl[sdl.index("enum ProductStatusChoices {") :].split("}")[0]
    assert '"""On sale"""\n  ACTIVE' in product_enum
    data = ok(run("{ products { status } customers { status } }", user=admin))
    assert data == {"products": [{"status": "ARCHIVED"}], "customers": [{"status": "DRAFT"}]}


def test_help_text_descriptions_follow_generate_descriptions(settings):
    sdl = str(build_schema("gql"))
    assert '"""Stock keeping unit."""\n  sku: String!' in sdl
    assert '"""Something the shop sells."""\ntype Product' in sdl
    settings.RAIL_DJANGO_GRAPHQL = {"type_generation_settings": {"generate_descriptions": False}}
    sdl = str(build_schema("gql"))
    assert "Stock keeping unit." not in sdl and "Something the shop sells." not in sdl


def test_auto_camelcase_switches(admin, settings):
    Product.objects.create(name="P", sku="S", price=1, slug="p")
    assert ok(run('{ products(orderBy: ["name"]) { isActive createdAt } }', user=admin))
    settings.RAIL_DJANGO_GRAPHQL = {"type_generation_settings": {"auto_camelcase": False}}
    data = ok(
        run('{ products(orderBy: ["name"]) { is_active } orderItems { unit_price } }', user=admin)
    )
    assert data == {"products": [{"is_active": True}], "orderItems": []}
    settings.RAIL_DJANGO_GRAPHQL = {"schema_settings": {"auto_camelcase": False}}
    data = ok(run('{ order_items(order_by: ["id"]) { unit_price } }', user=admin))
    assert data == {"order_items": []}
