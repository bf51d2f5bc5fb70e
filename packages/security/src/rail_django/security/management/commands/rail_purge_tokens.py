"""``manage.py rail_purge_tokens``: delete token bookkeeping that can no longer matter."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from rail_django.security.auth.token_store import purge_expired_tokens


class Command(BaseCommand):
    help = (
        "Delete expired token families (with their refresh tokens) and denylist entries of "
        "access tokens that have expired anyway. Run it daily (cron, a periodic task)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = purge_expired_tokens()
        summary = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in counts.items())
        self.stdout.write(f"Deleted {summary}.")
