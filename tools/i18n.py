"""Keep every package's French catalogue in step with its sources.

Usage (from the repository root)::

    python tools/i18n.py update [--root DIR] [FOLDER ...]
    python tools/i18n.py check  [--root DIR] [FOLDER ...]

``update`` runs Django's ``makemessages`` for ``fr`` over each package's ``src`` tree into the
package's catalogue (``<main app>/locale/fr/LC_MESSAGES/django.po``). An existing catalogue is
merged (msgmerge): translations are kept, new messages are added untranslated (or fuzzy, when
msgmerge finds a near match), removed ones are dropped. It then compiles the ``.mo`` next to it
with ``msgfmt --check``. The ``.mo`` is committed: wheels then need no gettext at build time, and
installing from an sdist or a git checkout needs nothing more than the wheel does.

``check`` fails (exit 1) and prints each problem when a catalogue is out of date with its
sources (makemessages, run on a scratch copy, would add or remove a message), when a French
entry is missing or fuzzy, or when the ``.mo`` does not hold what the ``.po`` says. A package
with translatable messages and no catalogue fails too.

Location comments are written per file only (``--add-location=file``), so moving code does not
rewrite the catalogue and parallel branches rarely conflict in it; after a merge, run ``update``
and commit the result.
"""

from __future__ import annotations

import argparse
import gettext
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
LANGUAGE = "fr"

# The Django app whose folder holds each package's catalogue: Django looks for translations in
# every installed app's ``locale`` folder, and this app is installed whenever the package is used.
CATALOGUE_APP: dict[str, str] = {
    "contracts": "rail_django/contracts",
    "core": "rail_django/core",
    "filtering": "rail_django/filtering",
    "security": "rail_django/security",
    "subscriptions": "rail_django/extensions/subscriptions",
    "export": "rail_django/extensions/exporting",
    "reporting": "rail_django/extensions/reporting",
    "templating": "rail_django/extensions/templating",
    "tasks": "rail_django/extensions/tasks",
}

# The header a new catalogue gets instead of xgettext's template (which is marked fuzzy).
HEADER = (
    'msgid ""\n'
    'msgstr ""\n'
    '"Project-Id-Version: {project}\\n"\n'
    '"Report-Msgid-Bugs-To: \\n"\n'
    '"Language: fr\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"'
)

# Run in a child interpreter, cwd = the package's src folder: argv[1] is the locale folder.
MAKEMESSAGES = r"""
import sys
from django.conf import settings
settings.configure(USE_I18N=True, LOCALE_PATHS=[sys.argv[1]])
import django
django.setup()
from django.core.management import call_command
from django.core.management.commands import makemessages
# Messages marked for later translation are written `_noop("...")` (gettext_noop imported as
# _noop) in this repository; xgettext knows only the full name.
makemessages.Command.xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_noop"]
call_command(
    "makemessages", locale=["fr"], domain="django", no_obsolete=True, add_location="file",
    ignore_patterns=["locale/*"], verbosity=0,
)
"""


@dataclass
class Entry:
    """One catalogue entry (the header is the entry whose msgid is empty)."""

    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)


def _unquote(text: str) -> str:
    return json.loads(text)


def read_po(path: Path) -> list[Entry]:
    """The live entries of a ``.po`` file (obsolete ``#~`` entries are skipped)."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal current, target
        if current is not None:
            entries.append(current)
        current, target = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if current is not None and target is not None and target[0] == "msgstr":
                finish()
            current = current or Entry(line=number)
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        value = _unquote(line) if line.startswith('"') else _unquote(rest)
        # A msgctxt or msgid after a msgstr starts the next entry (one without flags).
        if keyword in ("msgctxt", "msgid") and target is not None and target[0] == "msgstr":
            finish()
        if line.startswith('"'):
            if current is None or target is None:
                raise ValueError(f"{path}:{number}: continuation line outside an entry")
            name, index = target
        elif keyword.startswith("msgstr["):
            name, index = "msgstr", int(keyword[7:-1])
        else:
            name, index = keyword, 0
        current = current or Entry(line=number)
        target = (name, index)
        if name == "msgctxt":
            current.msgctxt = (current.msgctxt or "") + value
        elif name == "msgid":
            current.msgid += value
        elif name == "msgid_plural":
            current.msgid_plural = (current.msgid_plural or "") + value
        elif name == "msgstr":
            current.msgstr[index] = current.msgstr.get(index, "") + value
        else:
            raise ValueError(f"{path}:{number}: unexpected {keyword!r}")
    finish()
    return entries


def catalogue_path(root: Path, folder: str) -> Path:
    """Where ``folder``'s French ``django.po`` lives."""
    app = CATALOGUE_APP[folder]
    return (
        root / "packages" / folder / "src" / app / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"
    )


def _makemessages(src: Path, locale_dir: Path) -> None:
    locale_dir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-c", MAKEMESSAGES, str(locale_dir)],
        cwd=src,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"makemessages failed in {src}:\n{result.stdout}{result.stderr}")


def _fix_header(po: Path, project: str) -> None:
    """Replace xgettext's fuzzy template header by a French one (once, on a new catalogue)."""
    text = po.read_text(encoding="utf-8")
    if not text.lstrip().startswith(("#", 'msgid ""')):
        return
    head, separator, body = text.partition("\n\n")
    if "#, fuzzy" not in head.splitlines()[:8] and "Language: fr" in head:
        return
    comments = f"# French translations of {project}.\n"
    po.write_text(comments + HEADER.format(project=project) + separator + body, encoding="utf-8")


def compile_mo(po: Path, mo: Path) -> None:
    """``msgfmt --check`` the catalogue into ``mo`` (fails on a bad placeholder or header)."""
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(mo), str(po)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"msgfmt failed for {po}:\n{result.stderr}")


def has_messages(root: Path, folder: str) -> bool:
    """Whether the package's sources hold any translatable message (a scratch makemessages)."""
    with tempfile.TemporaryDirectory() as scratch:
        po = _scratch_catalogue(root, folder, Path(scratch), with_existing=False)
        return po.exists() and any(entry.msgid for entry in read_po(po))


def _scratch_catalogue(root: Path, folder: str, scratch: Path, *, with_existing: bool) -> Path:
    src = root / "packages" / folder / "src"
    copy = scratch / "src"
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "locale"))
    po = copy / CATALOGUE_APP[folder] / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"
    existing = catalogue_path(root, folder)
    if with_existing and existing.exists():
        po.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(existing, po)
    _makemessages(copy, po.parent.parent.parent)
    return po


def update(root: Path, folder: str) -> Path | None:
    """Refresh ``folder``'s catalogue from its sources and compile its ``.mo``."""
    src = root / "packages" / folder / "src"
    po = catalogue_path(root, folder)
    if not po.exists() and not has_messages(root, folder):
        return None
    _makemessages(src, po.parent.parent.parent)
    _fix_header(po, f"rail-django-{folder}")
    compile_mo(po, po.with_suffix(".mo"))
    return po


def _mo_problems(po: Path, entries: list[Entry]) -> list[str]:
    mo = po.with_suffix(".mo")
    if not mo.exists():
        return [f"{mo}: missing (run `python tools/i18n.py update`)"]
    with mo.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    problems = []
    for entry in entries:
        if not entry.msgid or "fuzzy" in entry.flags or not all(entry.msgstr.values()):
            continue  # reported by check() as missing or fuzzy; msgfmt leaves those out
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            if catalog.get(key) != entry.msgstr.get(0):
                problems.append(f"{mo}: stale for {entry.msgid!r} (run update)")
        elif any(catalog.get((key, n)) != text for n, text in entry.msgstr.items()):
            problems.append(f"{mo}: stale for {entry.msgid!r} (run update)")
    return problems


def check(root: Path, folder: str) -> list[str]:
    """Every problem of ``folder``'s catalogue, one line each (empty when it is in order)."""
    po = catalogue_path(root, folder)
    if not po.exists():
        if has_messages(root, folder):
            return [f"{folder}: has translatable messages but no catalogue at {po}"]
        return []
    problems: list[str] = []
    entries = read_po(po)
    with tempfile.TemporaryDirectory() as scratch:
        fresh = read_po(_scratch_catalogue(root, folder, Path(scratch), with_existing=False))
    committed = {entry.key for entry in entries if entry.msgid}
    wanted = {entry.key for entry in fresh if entry.msgid}
    for key in sorted(wanted - committed, key=str):
        problems.append(f"{po}: missing msgid {key[1]!r} (makemessages would add it)")
    for key in sorted(committed - wanted, key=str):
        problems.append(f"{po}: msgid {key[1]!r} is no longer in the sources (would be removed)")
    for entry in entries:
        if not entry.msgid:
            if "fuzzy" in entry.flags:
                problems.append(f"{po}:{entry.line}: the header is fuzzy")
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"{po}:{entry.line}: fuzzy French entry for {entry.msgid!r}")
        elif not entry.msgstr or not all(entry.msgstr.values()):
            problems.append(f"{po}:{entry.line}: no French translation for {entry.msgid!r}")
    problems.extend(_mo_problems(po, entries))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["update", "check"])
    parser.add_argument("folders", nargs="*", help="package folders (default: all)")
    parser.add_argument("--root", type=Path, default=REPO_ROOT)
    args = parser.parse_args(argv)
    folders = args.folders or list(CATALOGUE_APP)
    unknown = [folder for folder in folders if folder not in CATALOGUE_APP]
    if unknown:
        parser.error(f"unknown package folder(s): {', '.join(unknown)}")
    if args.command == "update":
        for folder in folders:
            po = update(args.root, folder)
            print(f"{folder}: {po.relative_to(args.root) if po else 'no messages'}")
        return 0
    problems = [problem for folder in folders for problem in check(args.root, folder)]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} translation problem(s)", file=sys.stderr)
        return 1
    print("all catalogues are up to date and translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
