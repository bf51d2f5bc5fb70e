"""``manage.py rail_mfa_reencrypt``: rewrite every TOTP secret under the newest key.

Run it after putting a new key first in ``MFA_ENCRYPTION_KEYS`` (or rotating ``SECRET_KEY``
into ``SECRET_KEY_FALLBACKS``); the old keys may then be dropped.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from rail_django.extensions.mfa.models import TOTPDevice
from rail_django.extensions.mfa.secret_box import reencrypt


class Command(BaseCommand):
    help = "Re-encrypt every MFA device secret under the newest MFA encryption key."

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        with transaction.atomic():
            for device in TOTPDevice.objects.select_for_update().only("pk", "encrypted_secret"):
                device.encrypted_secret = reencrypt(device.encrypted_secret)
                device.save(update_fields=["encrypted_secret"])
                count += 1
        self.stdout.write(f"Re-encrypted {count} MFA device secret(s).")
