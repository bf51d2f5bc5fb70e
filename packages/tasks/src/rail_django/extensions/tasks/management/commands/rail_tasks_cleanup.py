"""``manage.py rail_tasks_cleanup``: delete finished task records past ``result_ttl_seconds``."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from rail_django.extensions.tasks.housekeeping import delete_expired_tasks


class Command(BaseCommand):
    help = "Delete finished task records older than task_settings.result_ttl_seconds."

    def handle(self, *args, **options) -> None:
        deleted = delete_expired_tasks()
        self.stdout.write(
            ngettext("%(count)d task record deleted.", "%(count)d task records deleted.", deleted)
            % {"count": deleted}
        )
