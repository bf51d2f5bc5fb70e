"""``rail-admin``: its names, its refusals and what it prints (run as a user runs it)."""

from __future__ import annotations

import tomllib

from core_scaffold_project import REPO, env_file, rail_admin


def test_the_console_script_is_declared():
    project = tomllib.loads((REPO / "packages/core/pyproject.toml").read_text())["project"]
    assert project["scripts"]["rail-admin"] == "rail_django.core.scaffold.cli:main"


def test_version_and_help(tmp_path):
    from rail_django.core import __version__

    assert rail_admin("--version", cwd=tmp_path).stdout.strip() == f"rail-admin {__version__}"
    helped = rail_admin("--help", cwd=tmp_path).stdout
    assert "startproject" in helped and "startapp" in helped


def test_an_invalid_project_name_is_refused_like_django_does(tmp_path):
    refused = rail_admin("startproject", "my-platform", cwd=tmp_path, check=False)
    assert refused.returncode == 1
    assert "'my-platform' is not a valid project name" in refused.stderr
    assert "try 'my_platform'" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_project_is_created_with_a_fresh_secret_and_next_steps(tmp_path):
    created = rail_admin("startproject", "shop", cwd=tmp_path)
    project = tmp_path / "shop"
    assert "python manage.py migrate" in created.stdout
    assert "http://localhost:8000/graphql/" in created.stdout
    for name in (
        "manage.py", "root/settings/base.py", "root/settings/dev.py",
        "root/settings/production.py", "root/urls.py", "root/wsgi.py", "root/asgi.py",
        "apps/store/models.py", "apps/store/meta.yaml", "requirements/base.txt",
        "requirements/dev.txt", "requirements/prod.txt", "requirements/rail-django.txt",
        "Dockerfile", "deploy/docker/docker-compose.yml", "deploy/nginx/default.conf",
        "deploy/deploy.sh", "deploy/README.md", ".env.example", ".gitignore",
    ):  # fmt: skip
        assert (project / name).is_file(), name
    assert ".env" in (project / ".gitignore").read_text().splitlines()
    assert not list(project.rglob("*-tpl"))
    secret = env_file(project / ".env")["DJANGO_SECRET_KEY"]
    assert len(secret) >= 50
    assert secret not in (project / ".env.example").read_text()

    rail_admin("startproject", "other", str(tmp_path / "other"), cwd=tmp_path)
    assert env_file(tmp_path / "other/.env")["DJANGO_SECRET_KEY"] != secret


def test_nothing_is_overwritten(tmp_path):
    rail_admin("startproject", "shop", cwd=tmp_path)
    settings = (tmp_path / "shop/root/settings/base.py").read_text()
    again = rail_admin("startproject", "shop", cwd=tmp_path, check=False)
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert (tmp_path / "shop/root/settings/base.py").read_text() == settings

    project = tmp_path / "shop"
    rail_admin("startapp", "inventory", cwd=project)
    (project / "apps/inventory/models.py").write_text("# mine\n")
    twice = rail_admin("startapp", "inventory", cwd=project, check=False)
    assert twice.returncode == 1
    assert "already exists" in twice.stderr
    assert (project / "apps/inventory/models.py").read_text() == "# mine\n"


def test_startapp_validates_its_name_and_its_folder(tmp_path):
    outside = rail_admin("startapp", "inventory", cwd=tmp_path, check=False)
    assert outside.returncode == 1
    assert "is not a Rail Django project" in outside.stderr
    rail_admin("startproject", "shop", cwd=tmp_path)
    for name, message in (
        ("my-app", "is not a valid app name"),
        ("class", "is a Python keyword"),
        ("json", "conflicts with the name of an existing Python module"),
        ("root", "is a folder of the project layout"),
    ):
        refused = rail_admin("startapp", name, cwd=tmp_path / "shop", check=False)
        assert refused.returncode == 1, name
        assert message in refused.stderr, (name, refused.stderr)
    assert sorted(p.name for p in (tmp_path / "shop/apps").iterdir()) == ["__init__.py", "store"]


def test_startapp_says_the_line_to_add(tmp_path):
    rail_admin("startproject", "shop", cwd=tmp_path)
    created = rail_admin("startapp", "inventory", cwd=tmp_path / "shop")
    assert '"apps.inventory",' in created.stdout
    app = tmp_path / "shop/apps/inventory"
    for name in (
        "__init__.py", "apps.py", "models.py", "meta.yaml", "schemas.py", "tests.py",
        "migrations/__init__.py", "migrations/0001_initial.py",
    ):  # fmt: skip
        assert (app / name).is_file(), name
    assert "class InventoryItem(models.Model)" in (app / "models.py").read_text()
