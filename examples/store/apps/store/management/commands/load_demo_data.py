"""``manage.py load_demo_data``: fill the storefront with deterministic demo rows and users."""

from django.conf import settings
from django.core.management.base import BaseCommand

from apps.store.demo_data import ADMIN_USERNAME, VIEWER_USERNAME, load_demo_data


class Command(BaseCommand):
    help = (
        "Load the storefront demo data (categories, products, tags, customers, orders). "
        "Idempotent: running it again updates the same rows. Creates the superuser 'admin' and "
        "the read-only user 'viewer' when DEMO_ADMIN_PASSWORD / DEMO_VIEWER_PASSWORD are set "
        "(dev settings default them to 'admin' and 'viewer')."
    )

    def handle(self, *args, **options):
        report = load_demo_data(
            admin_password=getattr(settings, "DEMO_ADMIN_PASSWORD", None),
            viewer_password=getattr(settings, "DEMO_VIEWER_PASSWORD", None),
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {report.categories} categories, {report.products} products, "
                f"{report.tags} tags, {report.customers} customers, {report.orders} orders, "
                f"{report.order_items} order items."
            )
        )
        for username, setting in (
            (ADMIN_USERNAME, "DEMO_ADMIN_PASSWORD"),
            (VIEWER_USERNAME, "DEMO_VIEWER_PASSWORD"),
        ):
            if username in report.users:
                self.stdout.write(f"Demo user {username!r} is ready.")
            else:
                self.stdout.write(
                    self.style.WARNING(f"Demo user {username!r} skipped: {setting} is not set.")
                )
