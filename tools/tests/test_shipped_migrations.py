"""Every package that ships models ships migrations that match them (users run ``migrate``;
the test run itself creates tables from the models with ``--nomigrations``)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SETTINGS = textwrap.dedent(
    """
    import importlib.util

    SECRET_KEY = "makemigrations-check"
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
    INSTALLED_APPS = [
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
    ] + [
        app
        for app in (
            "rail_django.contracts",
            "rail_django.core",
            "rail_django.filtering",
            "rail_django.security",
            "rail_django.extensions.mfa",
            "rail_django.extensions.subscriptions",
            "rail_django.extensions.exporting",
            "rail_django.extensions.reporting",
            "rail_django.extensions.templating",
            "rail_django.extensions.tasks",
            "rail_django.extensions.audit",
        )
        if importlib.util.find_spec(app) is not None
    ]
    USE_TZ = True
    DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
    """
)


def _apps_with_migrations() -> list[str]:
    labels = []
    for migrations in sorted(REPO.glob("packages/*/src/rail_django/**/migrations")):
        apps_py = migrations.parent / "apps.py"
        for line in apps_py.read_text().splitlines():
            if line.strip().startswith("label = "):
                labels.append(line.split("=", 1)[1].strip().strip("\"'"))
    return labels


def test_shipped_migrations_match_the_models(tmp_path):
    labels = _apps_with_migrations()
    assert labels, "no package ships migrations: this test would prove nothing"
    (tmp_path / "migration_check_settings.py").write_text(SETTINGS)
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemigrations", "--check", "--dry-run", *labels],
        cwd=tmp_path,
        env={
            "DJANGO_SETTINGS_MODULE": "migration_check_settings",
            # This checkout's sources first, so the check reads these models and migrations.
            "PYTHONPATH": ":".join(
                [str(tmp_path), *sorted(str(p) for p in REPO.glob("packages/*/src"))]
            ),
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
