"""A Django project in one file, run in its own process by ``test_security_spine_startup.py``.

``INSTALLED_APPS`` is what the guide tells a user to write: ``rail_django.core`` and the
extensions, with ``rail_django.contracts`` only when ``RAIL_PROBE_CONTRACTS_APP=1``.

- ``python security_spine_probe.py check``: Django's ``manage.py check`` (with
  ``RAIL_PROBE_MISSPELT=1`` the settings hold ``query_settings.max_page_sise``);
- ``python security_spine_probe.py scenario``: row scoping over HTTP and the settings cache
  under ``override_settings``; prints one ``RESULT:`` line of JSON.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import django
from django.conf import settings
from django.urls import include, path

TESTS = Path(__file__).resolve().parent
RESULT_MARKER = "RESULT:"

urlpatterns = [path("", include("rail_django.core.urls"))]


def configure() -> None:
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    apps = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions"]
    if os.environ.get("RAIL_PROBE_CONTRACTS_APP") == "1":
        apps.append("rail_django.contracts")
    apps += ["rail_django.core", "rail_django.security", "security_testapp"]
    graphql: dict[str, object] = {}
    if os.environ.get("RAIL_PROBE_MISSPELT") == "1":
        graphql = {"query_settings": {"max_page_sise": 5}}
    settings.configure(
        DEBUG=False,
        SECRET_KEY="rail-django-spine-probe-not-secret",
        ALLOWED_HOSTS=["testserver"],
        INSTALLED_APPS=apps,
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ],
        ROOT_URLCONF=__name__,
        USE_TZ=True,
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        RAIL_DJANGO_GRAPHQL=graphql,
    )
    django.setup()


def projects(client: object) -> list[str] | list[object]:
    response = client.post(  # type: ignore[attr-defined]
        "/graphql/",
        data=json.dumps({"query": '{ projects(orderBy: ["name"]) { name } }'}),
        content_type="application/json",
    )
    answer = response.json()
    if "errors" in answer:
        return [error.get("extensions", {}).get("code") for error in answer["errors"]]
    return [row["name"] for row in answer["data"]["projects"]]


def page_size() -> object:
    from rail_django.contracts.settings_registry import settings_registry

    return settings_registry.resolve(None)["query_settings"]["default_page_size"]


def scenario() -> dict[str, object]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client, override_settings
    from security_testapp.models import Project

    from rail_django.security import role_manager

    call_command("migrate", run_syncdb=True, verbosity=0)
    users = get_user_model().objects
    ann, bob = users.create_user("ann"), users.create_user("bob")
    for user in (ann, bob):
        role_manager.assign_role(user, "project_member")  # view_project_own only
    Project.objects.create(name="Apollo", owner=ann)
    Project.objects.create(name="Borealis", owner=bob)
    client = Client()
    client.force_login(ann)
    result: dict[str, object] = {
        "apps": list(settings.INSTALLED_APPS),
        "scoped": projects(client),
        "page_size_before": page_size(),
    }
    with override_settings(
        RAIL_DJANGO_GRAPHQL={
            "query_settings": {"default_page_size": 7},
            "security_settings": {"enable_object_permissions": False},
        }
    ):
        result["page_size_inside"] = page_size()
        result["unscoped"] = projects(client)
    result["page_size_after"] = page_size()
    result["scoped_after"] = projects(client)
    return result


def main(argv: list[str]) -> int:
    configure()
    if argv[1:2] == ["check"]:
        from django.core.management import execute_from_command_line

        execute_from_command_line([argv[0], "check"])
        return 0
    print(RESULT_MARKER + json.dumps(scenario()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
