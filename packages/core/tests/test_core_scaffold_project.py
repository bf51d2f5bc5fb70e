"""A project from ``rail-admin startproject``, run for real: checks, migrations, an HTTP server
answering GraphQL, an app added with ``startapp``, and the project's own tests."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from core_scaffold_project import clean_env, database_url, env_file, manage, rail_admin, run

ADMIN_PASSWORD = "a-long-test-only-password-9c1f"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """``my_platform`` with the ``inventory`` app added as its README says, migrated."""
    folder = tmp_path_factory.mktemp("scaffold")
    rail_admin("startproject", "my_platform", cwd=folder)
    path = folder / "my_platform"
    rail_admin("startapp", "inventory", cwd=path)
    base = path / "root/settings/base.py"
    store = '    "apps.store",\n'
    added = base.read_text().replace(store, store + '    "apps.inventory",\n')
    base.write_text(added)
    with database_url() as url:
        env = {"DATABASE_URL": url} if url else {}
        manage(path, "migrate", "--no-input", **env)
        yield path, env


def test_check_passes_with_no_issues(project):
    path, env = project
    assert "System check identified no issues (0 silenced)." in manage(path, "check", **env).stdout


def test_deploy_checks_pass_with_the_example_environment(project):
    path, _env = project
    example = env_file(path / ".env.example")
    assert example["DJANGO_SETTINGS_MODULE"] == "root.settings.production"
    checked = manage(path, "check", "--deploy", "--fail-level", "WARNING", **example)
    assert "System check identified no issues" in checked.stdout
    assert "WARNINGS" not in checked.stderr
    # LOG_PATH (relative to deploy/docker/) is where production writes its log file.
    assert (path / "logs").is_dir()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_DEBUG": "True"}, "DJANGO_DEBUG must be False"),
        ({"DJANGO_ALLOWED_HOSTS": None}, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_unsafely(project, change, message):
    path, _env = project
    example = env_file(path / ".env.example")
    # .env (development) fills in what the environment lacks: move it away for this run.
    environment = {**example, **{k: v for k, v in change.items() if v is not None}}
    for key in (k for k, v in change.items() if v is None):
        del environment[key]
    hidden = path / ".env"
    kept = hidden.rename(path / ".env.kept")
    try:
        refused = manage(path, "check", check=False, **environment)
    finally:
        kept.rename(hidden)
    assert refused.returncode != 0
    assert "ImproperlyConfigured" in refused.stderr
    assert message in refused.stderr


def test_production_graphql_settings_are_closed(project):
    path, _env = project
    code = (
        "from rail_django.core.settings_sections import schema_settings; "
        "s = schema_settings('gql')['schema_settings']; "
        "print(s['enable_graphiql'], s['graphiql_superuser_only'], s['enable_introspection'])"
    )
    shown = manage(path, "shell", "-v", "0", "-c", code, **env_file(path / ".env.example"))
    assert shown.stdout.splitlines()[-1].split() == ["True", "True", "False"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _post(url: str, query: str, token: str | None = None) -> dict:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        url, data=json.dumps({"query": query}).encode(), headers=headers, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def server(project):
    """``manage.py runserver`` on a free port, with a superuser and one product."""
    path, env = project
    manage(
        path, "createsuperuser", "--no-input", "--username", "admin", "--email", "a@example.com",
        DJANGO_SUPERUSER_PASSWORD=ADMIN_PASSWORD, **env,
    )  # fmt: skip
    manage(
        path, "shell", "-c",
        "from apps.store.models import Category, Product; "
        "Product.objects.create(name='Lamp', price='12.00', "
        "category=Category.objects.create(name='Home', slug='home'))",
        **env,
    )  # fmt: skip
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=path,
        env=clean_env(**env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/graphql/"
    try:
        for _ in range(120):
            if process.poll() is not None:
                raise AssertionError(f"runserver exited: {process.stderr.read()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_container_health_check_passes_under_production_settings(project):
    """deploy/healthcheck.py (the Dockerfile's HEALTHCHECK) against the app server started with
    the example's production environment: plain HTTP inside the container, HTTPS redirect on."""
    path, database = project
    example = env_file(path / ".env.example")
    port = _free_port()
    # The example's DATABASE_URL names a server of the user's network: this run's database.
    env = {key: value for key, value in example.items() if key != "DATABASE_URL"}
    env.update(database, DJANGO_SECURE_SSL_REDIRECT="True")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"],
        cwd=path, env=clean_env(**env), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/health/live/"
    try:
        _wait_for_port(process, port)
        checked = run(sys.executable, "deploy/healthcheck.py", cwd=path, check=False,
                      HEALTHCHECK_URL=url, **env)  # fmt: skip
        assert checked.returncode == 0, checked.stderr
        # Anything else over plain HTTP is still redirected to HTTPS.
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/graphql/", headers={"Host": example["DJANGO_ALLOWED_HOSTS"]}
        )
        opener = urllib.request.build_opener(_NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirected:
            opener.open(request, timeout=60)
        assert redirected.value.code == 301
        assert redirected.value.headers["Location"].startswith("https://")
    finally:
        process.terminate()
        process.wait(timeout=30)
    # Nothing listens: unhealthy.
    down = run(sys.executable, "deploy/healthcheck.py", cwd=path, check=False,
               HEALTHCHECK_URL=url, **env)  # fmt: skip
    assert down.returncode == 1 and "unhealthy" in down.stderr


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _wait_for_port(process, port):
    for _ in range(120):
        if process.poll() is not None:
            raise AssertionError(f"runserver exited: {process.stderr.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("runserver did not start")


LOGIN = f'mutation {{ login(username: "admin", password: "{ADMIN_PASSWORD}") {{ token }} }}'


def test_the_api_answers_over_http(server):
    anonymous = _post(server, "{ products { name } }")
    assert anonymous["errors"][0]["extensions"]["code"] == "RAIL_GQL_UNAUTHENTICATED"
    token = _post(server, LOGIN)["data"]["login"]["token"]
    answer = _post(server, "{ products { name price category { name } } }", token)
    assert answer == {
        "data": {"products": [{"name": "Lamp", "price": "12.00", "category": {"name": "Home"}}]}
    }


def test_the_startapp_model_is_in_the_schema(server):
    token = _post(server, LOGIN)["data"]["login"]["token"]
    answer = _post(server, "{ inventoryItems { name } }", token)
    assert answer == {"data": {"inventoryItems": []}}
    fields = _post(server, "{ __schema { mutationType { fields { name } } } }", token)
    names = {field["name"] for field in fields["data"]["__schema"]["mutationType"]["fields"]}
    assert "createInventoryItem" in names


def test_the_projects_own_tests_pass(project):
    path, env = project
    tested = manage(path, "test", "--no-input", **env)
    assert "OK" in tested.stderr.splitlines()[-2:] or tested.stderr.rstrip().endswith("OK")
    assert "Ran 4 tests" in tested.stderr


def test_the_generated_code_is_lint_clean(project):
    path: Path = project[0]
    linted = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated", "--select", "E,F,W",
         "--line-length", "100", "--exclude", "migrations", "."],
        cwd=path, capture_output=True, text=True,
    )  # fmt: skip
    assert linted.returncode == 0, linted.stdout
