#!/usr/bin/env python
"""Django's command-line utility for the Rail Django storefront example.

Works from any directory (``python examples/store/manage.py rundemo`` from the repository root):
Python puts this file's folder on ``sys.path``, so ``root`` and ``apps`` import from here.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "root.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
