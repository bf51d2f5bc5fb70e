"""``manage.py rundemo``: migrate, load the demo data and serve GraphiQL, in one step.

Arguments after ``rundemo`` go to ``runserver`` unchanged (``rundemo 0.0.0.0:8080 --noreload``).
"""

import argparse
import os

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV


class Command(BaseCommand):
    help = (
        "Apply migrations, load the demo data, then run the development server: GraphiQL at "
        "http://127.0.0.1:8000/graphql/ (sign in at /admin/ first). Extra arguments go to "
        "runserver."
    )
    # runserver runs its own checks; the migrations below must run before it anyway.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "runserver_args",
            nargs=argparse.REMAINDER,
            help="Arguments passed to runserver (address:port, --noreload, ...).",
        )

    def handle(self, *args, runserver_args, **options):
        # runserver's autoreloader starts this command again in a child process (with
        # RUN_MAIN set) and again on every code change: prepare the database once, in the parent.
        if os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            verbosity = options["verbosity"]
            call_command("migrate", interactive=False, verbosity=verbosity)
            call_command("load_demo_data", verbosity=verbosity)
            self.stdout.write(
                "\nGraphiQL: http://127.0.0.1:8000/graphql/ (sign in at /admin/ as admin/admin "
                "or viewer/viewer; the admin schema is at /graphql/admin/)\n"
            )
        call_command("runserver", *runserver_args)
