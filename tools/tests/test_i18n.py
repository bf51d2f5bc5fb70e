"""`tools/i18n.py`: the French catalogues are in step with the sources, and drift is reported."""

from __future__ import annotations

import gettext
import os
import shutil
from pathlib import Path

import pytest
from i18n import CATALOGUE_APP, catalogue_path, read_po
from rail_tools_testing import REPO, run_tool

# CI=1 (.ci/run installs gettext): a missing msgfmt fails the tests instead of skipping them.
pytestmark = pytest.mark.skipif(
    shutil.which("msgfmt") is None and not os.environ.get("CI"),
    reason="GNU gettext is not installed (.ci/run installs it)",
)

FILTERING_MODULE = "packages/filtering/src/rail_django/filtering/list_arguments.py"


def test_the_committed_catalogues_pass_the_check() -> None:
    result = run_tool("i18n.py", "check")
    assert result.returncode == 0, result.stderr
    assert "all catalogues are up to date and translated" in result.stdout


def test_every_package_with_messages_ships_a_compiled_french_catalogue() -> None:
    for folder in ("contracts", "core", "filtering", "security", "reporting", "tasks"):
        mo = catalogue_path(REPO, folder).with_suffix(".mo")
        with mo.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)
        assert catalog.info()["language"] == "fr", folder
        assert catalog.gettext("Authentication required.") in (
            "Authentification requise.",
            "Authentication required.",  # packages that do not use that message
        )
    core = catalogue_path(REPO, "core").with_suffix(".mo")
    with core.open("rb") as handle:
        assert gettext.GNUTranslations(handle).gettext("Give first or last, not both.") == (
            "Indiquez first ou last, pas les deux."
        )


def test_a_new_message_and_a_removed_one_are_reported(repo_copy: Path) -> None:
    module = repo_copy / FILTERING_MODULE
    text = module.read_text()
    assert '_("Filtering is disabled for this schema.")' in text
    module.write_text(
        text.replace(
            '_("Filtering is disabled for this schema.")', '_("Filtering is off for this schema.")'
        )
    )

    result = run_tool("i18n.py", "check", "filtering", "--root", str(repo_copy))

    assert result.returncode == 1
    assert "missing msgid 'Filtering is off for this schema.' (makemessages would add it)" in (
        result.stderr
    )
    assert (
        "msgid 'Filtering is disabled for this schema.' is no longer in the sources"
        in result.stderr
    )


def test_update_merges_keeps_translations_and_check_names_the_untranslated_entry(
    repo_copy: Path,
) -> None:
    module = repo_copy / FILTERING_MODULE
    text = module.read_text()
    module.write_text(
        text.replace(
            '_("Filtering is disabled for this schema.")',
            '_("Filtering is disabled for this schema.") or _("A brand new help text.")',
        )
    )

    update = run_tool("i18n.py", "update", "filtering", "--root", str(repo_copy))
    assert update.returncode == 0, update.stderr
    po = catalogue_path(repo_copy, "filtering")
    entries = {entry.msgid: entry for entry in read_po(po)}
    # The existing translation survived the merge; the new message is there, untranslated.
    assert entries["Filtering is disabled for this schema."].msgstr[0] == (
        "Le filtrage est désactivé pour ce schéma."
    )
    assert entries["A brand new help text."].msgstr == {0: ""}

    result = run_tool("i18n.py", "check", "filtering", "--root", str(repo_copy))
    assert result.returncode == 1
    assert "no French translation for 'A brand new help text.'" in result.stderr
    assert "1 translation problem(s)" in result.stderr


def test_fuzzy_entries_and_a_stale_mo_are_reported(repo_copy: Path) -> None:
    po = catalogue_path(repo_copy, "filtering")
    text = po.read_text(encoding="utf-8")
    old = 'msgstr "Le filtrage est désactivé pour ce schéma."'
    assert old in text
    po.write_text(
        text.replace(
            'msgid "Filtering is disabled for this schema."',
            '#, fuzzy\nmsgid "Filtering is disabled for this schema."',
        ).replace(
            'msgid "Longest `quick` search text."\nmsgstr "',
            'msgid "Longest `quick` search text."\nmsgstr "Texte ',
        ),
        encoding="utf-8",
    )

    result = run_tool("i18n.py", "check", "filtering", "--root", str(repo_copy))

    assert result.returncode == 1
    assert "fuzzy French entry for 'Filtering is disabled for this schema.'" in result.stderr
    assert "django.mo: stale for 'Longest `quick` search text.' (run update)" in result.stderr


def test_a_package_with_messages_and_no_catalogue_fails(repo_copy: Path) -> None:
    locale = catalogue_path(repo_copy, "subscriptions").parent.parent.parent
    shutil.rmtree(locale)

    result = run_tool("i18n.py", "check", "subscriptions", "--root", str(repo_copy))

    assert result.returncode == 1
    assert "subscriptions: has translatable messages but no catalogue" in result.stderr


def test_every_catalogue_lives_in_an_app_django_loads() -> None:
    # Django reads `<app>/locale` of installed apps only: each catalogue's folder is an app.
    for folder, app in CATALOGUE_APP.items():
        assert (REPO / "packages" / folder / "src" / app / "apps.py").exists(), folder
