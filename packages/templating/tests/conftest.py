"""Fixtures of the templating tests: invoices owned by two users, a backend scoping invoices to
their owner, static files from the test app, media in a temporary folder."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rail_django.contracts.permissions import permission_backend


@pytest.fixture(autouse=True)
def templating_settings(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.MEDIA_URL = "/media/"
    settings.STATIC_ROOT = str(tmp_path / "static-root")
    settings.RAIL_DJANGO_GRAPHQL_TEMPLATING = {"rate_limit": {"enable": False}}
    return settings


@pytest.fixture(autouse=True)
def own_invoices_backend():
    from templating_backend import OwnInvoicesBackend

    with permission_backend.swapped(OwnInvoicesBackend()):
        yield


def _viewer(make, name, **extra):
    from django.contrib.auth.models import Permission

    user = make(name, f"{name}@x.test", "pw", **extra)
    user.user_permissions.add(Permission.objects.get(codename="view_pdfinvoice"))
    return user


@pytest.fixture
def users(db, django_user_model):
    from django.contrib.auth.models import Group

    make = django_user_model.objects.create_user
    accountant = _viewer(make, "carol")
    accountant.groups.add(Group.objects.create(name="accounting"))
    return {
        "boss": _viewer(make, "boss", is_staff=True),
        "alice": _viewer(make, "alice"),
        "bob": _viewer(make, "bob"),
        "carol": accountant,
        "nobody": make("nobody", "n@x.test", "pw"),
    }


@pytest.fixture
def invoices(users):
    from templating_testapp.models import PdfInvoice, PdfInvoiceLine

    alice = PdfInvoice.objects.create(
        number="INV-1", customer="<b>ACME</b> & Co", owner=users["alice"]
    )
    bob = PdfInvoice.objects.create(number="INV-2", customer="Bob's shop", owner=users["bob"])
    for invoice in (alice, bob):
        for n in range(3):
            PdfInvoiceLine.objects.create(
                invoice=invoice, description=f"Item {n} of {invoice.number}", amount=Decimal("9.50")
            )
    return {"alice": alice, "bob": bob}
