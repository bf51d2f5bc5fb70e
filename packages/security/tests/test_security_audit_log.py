"""The database audit log, from outside: real HTTP flows leave rows found with the guide's ORM
query; a failing write does not fail the request (unless fail-closed); a burst loses nothing;
the retention command and the read-only admin."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.utils import timezone
from security_auth_client import (
    LOGIN,
    LOGOUT,
    PASSWORD,
    REFRESH,
    auth_wiring,  # noqa: F401 - fixture
    login,
    ok,
    post,
)

from rail_django.contracts.audit import AuditEvent as Event
from rail_django.contracts.audit import audit_sink, record_audit_event
from rail_django.extensions.audit.models import AuditEvent, get_audit_event_model
from rail_django.extensions.audit.sink import DatabaseAuditSink

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("auth_wiring")]

CHANGE = """
mutation Change($old: String!, $new: String!) {
  changePassword(oldPassword: $old, newPassword: $new) { success token refreshToken }
}
"""


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@x.test", PASSWORD)


def types() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("event_type", flat=True))


def test_the_audit_app_installs_the_database_sink_and_its_model():
    assert isinstance(audit_sink.get(), DatabaseAuditSink)
    assert get_audit_event_model() is AuditEvent


def test_every_auth_event_of_a_real_http_flow_is_a_row(client, alice):
    agent = {"HTTP_USER_AGENT": "audit-test/1.0"}
    post(client, LOGIN, {"username": "alice", "password": "wrong"}, **agent)
    failure = AuditEvent.objects.filter(event_type="auth.login.failure").get()
    assert (failure.outcome, failure.ip, failure.user_agent) == (
        "failure",
        "127.0.0.1",
        "audit-test/1.0",
    )
    assert failure.details["username"] == "alice"
    payload = login(client, "alice")
    ok(post(client, REFRESH, {"refreshToken": payload["refreshToken"]}))
    post(client, REFRESH, {"refreshToken": payload["refreshToken"]})  # reuse
    second = login(client, "alice")
    new = "another long passphrase 77"
    ok(post(client, CHANGE, {"old": PASSWORD, "new": new}, token=second["token"]))
    third = login(client, "alice", new)
    post(client, LOGOUT, token=third["token"])
    assert types() == [
        "auth.login.failure",
        "auth.login.success",
        "auth.token.refresh",
        "auth.token.reuse_detected",
        "auth.login.success",
        "auth.password.change",
        "auth.login.success",
        "auth.logout",
    ]
    success = AuditEvent.objects.filter(event_type="auth.login.success").first()
    assert success.operation_name == "Login"  # the document's operation name
    assert success.actor_id == str(alice.pk) and success.target_model == alice._meta.label
    for row in AuditEvent.objects.all():
        text = str(row.details)
        assert PASSWORD not in text and new not in text and payload["refreshToken"] not in text


def test_a_failing_write_does_not_fail_the_request_and_is_logged(
    client, alice, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(AuditEvent, "save", broken)
    with caplog.at_level("ERROR", logger="rail_django.audit"):
        assert login(client, "alice")["token"]
    [record] = [r for r in caplog.records if "audit write failed" in r.getMessage()]
    assert record.audit["action"] == "auth.login.success"


def test_fail_closed_mode_fails_the_request(client, alice, monkeypatch, settings):
    settings.RAIL_DJANGO_AUDIT_FAIL_CLOSED = True

    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(AuditEvent, "save", broken)
    response = post(client, LOGIN, {"username": "alice", "password": PASSWORD})
    assert "errors" in response.json() and not (response.json().get("data") or {}).get("login")


def test_a_burst_of_1000_login_events_loses_none():
    # 1,000 calls of the sink (a full HTTP burst of 1,000 logins is too slow for the suite).
    for index in range(1000):
        record_audit_event(Event("auth.login.success", actor_id=index, details={"ip": "10.0.0.1"}))
    assert AuditEvent.objects.filter(event_type="auth.login.success").count() == 1000
    assert set(AuditEvent.objects.values_list("actor_id", flat=True)) == {
        str(i) for i in range(1000)
    }


def test_rail_audit_purge_deletes_only_older_events():
    record_audit_event(Event("auth.logout", occurred_at=timezone.now() - timedelta(days=100)))
    record_audit_event(Event("auth.logout"))
    out = StringIO()
    call_command("rail_audit_purge", "--older-than", "90d", stdout=out)
    assert AuditEvent.objects.count() == 1
    assert "1 audit event older than" in out.getvalue()


def test_the_admin_is_read_only_filterable_and_needs_the_audit_permission(django_user_model):
    from django.contrib.admin import AdminSite
    from django.contrib.auth.models import Permission
    from django.test import RequestFactory

    from rail_django.extensions.audit.admin import AuditEventAdmin

    model_admin = AuditEventAdmin(AuditEvent, AdminSite())
    staff = django_user_model.objects.create_user("staff", "s@x.test", "pw", is_staff=True)
    request = RequestFactory().get("/")
    request.user = staff
    assert not model_admin.has_view_permission(request)
    staff.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    request.user = django_user_model.objects.get(pk=staff.pk)
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert "event_type" in model_admin.list_filter


def test_a_denied_permission_over_http_is_a_row(settings):
    from security_authz_client import gql, person

    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": {"enable_permission_audit": True}}
    stranger = person("stranger")
    gql("{ projects { name } }", stranger)
    denied = AuditEvent.objects.filter(event_type="permission.denied").get()
    assert (denied.outcome, denied.actor_id) == ("denied", str(stranger.pk))
    assert denied.ip == "127.0.0.1"  # from the request, which the permission backend never sees
    assert (denied.target_model, denied.schema) == ("security_testapp.Project", "gql")


@pytest.mark.django_db(transaction=True)
def test_generated_create_update_delete_are_rows_with_field_names_only():
    from security_authz_client import gql, person

    boss = person("boss", superuser=True)
    create = """mutation($owner: ID!) { createProject(input: {name: "Zeta", owner: $owner,
      apiToken: "tok-very-secret", clientEmail: "hidden@client.test"}) {
        ok errors project { id } } }"""
    # Real commits (transaction=True): each mutation's model event is delivered after it commits,
    # inside its request.
    created = gql(create, boss, {"owner": str(boss.pk)})["data"]["createProject"]
    assert created["ok"], created
    pk = created["project"]["id"]
    update = 'mutation($id: ID!) { updateProject(id: $id, input: {name: "Eta"}) { ok } }'
    assert gql(update, boss, {"id": pk})["data"]["updateProject"]["ok"]
    delete = "mutation($id: ID!) { deleteProject(id: $id) { ok } }"
    assert gql(delete, boss, {"id": pk})["data"]["deleteProject"]["ok"]
    rows = AuditEvent.objects.filter(
        event_type__startswith="model.", target_model="security_testapp.Project"
    ).order_by("id")
    assert [r.event_type for r in rows] == ["model.created", "model.updated", "model.deleted"]
    assert {(r.target_model, r.target_pk, r.actor_id) for r in rows} == {
        ("security_testapp.Project", pk, str(boss.pk))
    }
    assert "name" in rows[1].details["changed_fields"]
    assert {r.ip for r in rows} == {"127.0.0.1"}
    for row in rows:
        assert "tok-very-secret" not in str(row.details) and "hidden@" not in str(row.details)


def test_failures_from_one_ip_over_many_accounts_raise_bruteforce_and_lock_the_ip(
    client, alice, settings
):
    settings.JWT_BRUTEFORCE_IP_THRESHOLD = 3
    for name in ("x1", "x2", "x3"):
        post(client, LOGIN, {"username": name, "password": "guess"})
    suspected = AuditEvent.objects.filter(event_type="auth.bruteforce.suspected").get()
    assert (suspected.details["scope"], suspected.ip) == ("ip", "127.0.0.1")
    refused = post(client, LOGIN, {"username": "alice", "password": PASSWORD})
    assert "errors" in refused.json()
    assert AuditEvent.objects.filter(event_type="auth.login.throttled").count() == 1


def test_failures_for_one_account_from_many_ips_raise_bruteforce(client, alice, settings):
    settings.JWT_BRUTEFORCE_ACCOUNT_THRESHOLD = 3
    for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        post(client, LOGIN, {"username": "alice", "password": "guess"}, REMOTE_ADDR=ip)
    suspected = AuditEvent.objects.filter(event_type="auth.bruteforce.suspected").get()
    assert (suspected.details["scope"], suspected.details["username"]) == ("account", "alice")


def test_audit_events_query_filters_orders_pages_and_needs_the_audit_permission():
    from django.contrib.auth.models import Permission
    from security_authz_client import codes, gql, person

    for action in ("auth.logout", "auth.login.failure", "auth.login.failure"):
        record_audit_event(Event(action))
    query = """{ auditEvents(where: {eventType: {eq: "auth.login.failure"}},
      orderBy: ["-createdAt"], limit: 1) { eventType outcome } }"""
    joe = person("joe")
    assert codes(gql(query, joe)) == ["RAIL_GQL_PERMISSION_DENIED"]
    joe.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    assert gql(query, joe)["data"]["auditEvents"] == [
        {"eventType": "auth.login.failure", "outcome": "success"}
    ]
    # The model declares no add permission (default_permissions = ()): no create is generated.
    forged = 'mutation { createAuditEvent(input: {eventType: "x", outcome: "y"}) { ok } }'
    assert codes(gql(forged, joe)) == ["RAIL_GQL_VALIDATION_FAILED"]
    assert not AuditEvent.objects.filter(event_type="x").exists()


def test_a_slow_write_is_logged_as_backpressure(settings, caplog):
    settings.RAIL_DJANGO_AUDIT_SLOW_WRITE_MS = -1
    with caplog.at_level("WARNING", logger="rail_django.audit"):
        record_audit_event(Event("auth.logout"))
    assert any("audit write of auth.logout took" in r.getMessage() for r in caplog.records)
    assert AuditEvent.objects.count() == 1


def test_even_a_superuser_cannot_forge_change_or_delete_an_audit_row_over_graphql():
    from security_authz_client import codes, gql, person

    record_audit_event(Event("auth.logout"))
    pk = str(AuditEvent.objects.get().pk)
    boss = person("boss", superuser=True)
    # No add/change/delete permission is declared, so no such mutation is generated at all.
    create = 'mutation { createAuditEvent(input: {eventType: "x", outcome: "y"}) { ok } }'
    update = 'mutation($id: ID!) { updateAuditEvent(id: $id, input: {eventType: "x"}) { ok } }'
    delete = "mutation($id: ID!) { deleteAuditEvent(id: $id) { ok } }"
    assert codes(gql(create, boss)) == ["RAIL_GQL_VALIDATION_FAILED"]
    assert codes(gql(update, boss, {"id": pk})) == ["RAIL_GQL_VALIDATION_FAILED"]
    assert codes(gql(delete, boss, {"id": pk})) == ["RAIL_GQL_VALIDATION_FAILED"]
    assert list(AuditEvent.objects.values_list("event_type", flat=True)) == ["auth.logout"]


@pytest.mark.parametrize("auth_wiring", ["endpoint"], indirect=True)
def test_a_burst_of_1000_http_logins_loses_no_event(client, alice):
    for _ in range(1000):
        response = post(client, LOGIN, {"username": "alice", "password": PASSWORD})
        assert response.status_code == 200
    assert AuditEvent.objects.filter(event_type="auth.login.success").count() == 1000


def test_audit_settings_are_checked(settings):
    from rail_django.extensions.audit.checks import check_audit_settings

    assert check_audit_settings() == []
    settings.RAIL_DJANGO_AUDIT_EVENT_MODEL = "nope.Missing"
    settings.RAIL_DJANGO_AUDIT_DATABASE = "audit"
    settings.RAIL_DJANGO_AUDIT_FAIL_CLOSED = "yes"
    ids = [problem.id for problem in check_audit_settings()]
    assert ids == ["rail_django_audit.E001", "rail_django_audit.E002", "rail_django_audit.E003"]


def test_get_audit_event_model_follows_the_swappable_setting(settings):
    from django.core.exceptions import ImproperlyConfigured
    from security_testapp.models import Project

    settings.RAIL_DJANGO_AUDIT_EVENT_MODEL = "security_testapp.Project"
    assert get_audit_event_model() is Project
    settings.RAIL_DJANGO_AUDIT_EVENT_MODEL = "nope.Missing"
    with pytest.raises(ImproperlyConfigured):
        get_audit_event_model()


def test_an_event_of_a_rolled_back_transaction_is_kept(django_capture_on_commit_callbacks):
    from django.db import transaction

    from rail_django.extensions.audit.sink import flush_pending

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        record_audit_event(Event("permission.denied"))
        assert AuditEvent.objects.count() == 0  # buffered until the commit
    assert types() == ["permission.denied"]
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        record_audit_event(Event("auth.login.failure"))
        1 / 0  # noqa: B018 - the user's work fails and rolls back
    assert types() == ["permission.denied"]
    flush_pending()  # what request_finished does
    assert types() == ["permission.denied", "auth.login.failure"]


def test_fail_closed_writes_inside_the_users_transaction(settings):
    from django.db import transaction

    settings.RAIL_DJANGO_AUDIT_FAIL_CLOSED = True
    with transaction.atomic():
        record_audit_event(Event("auth.logout"))
        assert types() == ["auth.logout"]
