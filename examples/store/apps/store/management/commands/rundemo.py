"""``manage.py rundemo``: migrate, load the demo data and serve GraphiQL, in one step.

``rundemo`` takes exactly ``runserver``'s arguments (``rundemo 0.0.0.0:8080 --noreload``) and
passes them on.
"""

import os

from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import BaseCommand
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV


def _runserver() -> BaseCommand:
    # The active runserver: django.contrib.staticfiles replaces Django's own (adding --nostatic).
    return load_command_class(get_commands()["runserver"], "runserver")


class Command(BaseCommand):
    help = (
        "Apply migrations, load the demo data, then run the development server: GraphiQL at "
        "http://127.0.0.1:8000/graphql/ (sign in at /admin/ first). Takes runserver's arguments."
    )
    # runserver runs the system checks itself, after the migrations below.
    requires_system_checks = []

    def add_arguments(self, parser):
        _runserver().add_arguments(parser)

    def handle(self, *args, **options):
        # runserver's autoreloader starts this command again in a child process (with
        # RUN_MAIN set) and again on every code change: prepare the database once, in the parent.
        if os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            verbosity = options["verbosity"]
            call_command("migrate", interactive=False, verbosity=verbosity)
            call_command("load_demo_data", verbosity=verbosity)
            self.stdout.write(
                "\nSign in at /admin/ (the dev settings' demo users: admin/admin, viewer/viewer),"
                " then open /graphql/ at the address below; the admin schema is /graphql/admin/.\n"
            )
        call_command("runserver", *args, **options)
