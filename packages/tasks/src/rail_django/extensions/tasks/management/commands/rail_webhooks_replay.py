"""``manage.py rail_webhooks_replay``: send one event again, or an endpoint's failed deliveries.

manage.py rail_webhooks_replay --event msg_3f2a...          # every endpoint's row of it
manage.py rail_webhooks_replay --endpoint orders --failed   # failed and disabled rows
manage.py rail_webhooks_replay --due                        # what is due now (cron)
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rail_django.webhooks.delivery import dispatch_due, replay
from rail_django.webhooks.models import DeliveryStatus, WebhookEndpointState, WebhookMessage


class Command(BaseCommand):
    help = "Replay one webhook event, an endpoint's failed deliveries, or send what is due."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--event", help="An event id (the webhook-id header).")
        parser.add_argument("--endpoint", help="An endpoint name.")
        parser.add_argument("--failed", action="store_true", help="Only failed/disabled rows.")
        parser.add_argument("--due", action="store_true", help="Send every row that is due.")

    def handle(self, *args, **options) -> None:
        if options["due"]:
            count = dispatch_due(grace_seconds=0)
            self.stdout.write(
                ngettext("%(count)d delivery sent.", "%(count)d deliveries sent.", count)
                % {"count": count}
            )
            return
        if not options["event"] and not options["endpoint"]:
            raise CommandError(_("Give --event, --endpoint or --due."))
        rows = WebhookMessage.objects.all()
        if options["event"]:
            rows = rows.filter(event_id=options["event"])
        if options["endpoint"]:
            rows = rows.filter(endpoint=options["endpoint"])
            # Replaying an endpoint's deliveries turns it back on (after a 410, say).
            WebhookEndpointState.objects.filter(name=options["endpoint"]).update(disabled=False)
        if options["failed"]:
            rows = rows.filter(status__in=(DeliveryStatus.FAILED, DeliveryStatus.DISABLED))
        if not rows.exists():
            raise CommandError(_("No webhook deliveries match."))
        count = replay(rows)
        self.stdout.write(
            ngettext(
                "%(count)d delivery queued again.", "%(count)d deliveries queued again.", count
            )
            % {"count": count}
        )
