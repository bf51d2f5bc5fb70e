"""``manage.py rail_audit_purge --older-than 90d``: delete audit events older than a retention."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rail_django.extensions.audit.models import get_audit_event_model

_UNITS = {"d": "days", "h": "hours", "w": "weeks"}


def parse_age(text: str) -> timedelta:
    """``"90d"``, ``"12h"``, ``"4w"`` (a bare number is days)."""
    match = re.fullmatch(r"\s*(\d+)\s*([dhw]?)\s*", text)
    if match is None:
        raise CommandError(_("--older-than takes a number of days such as 90d (or 12h, 4w)"))
    return timedelta(**{_UNITS[match.group(2) or "d"]: int(match.group(1))})


class Command(BaseCommand):
    help = "Delete audit events older than --older-than (e.g. 90d)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--older-than", required=True, help="e.g. 90d, 12h, 4w")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = timezone.now() - parse_age(options["older_than"])
        events = get_audit_event_model()._default_manager.filter(created_at__lt=cutoff)
        if options["dry_run"]:
            count = events.count()
        else:
            count, _unused = events.delete()
        self.stdout.write(
            ngettext(
                "%(count)d audit event older than %(cutoff)s purged",
                "%(count)d audit events older than %(cutoff)s purged",
                count,
            )
            % {"count": count, "cutoff": cutoff.isoformat()}
        )
