"""``manage.py render_pdf <template_path> --pk <pk> --output out.pdf``.

Renders a registered template (``store/order/download_invoice`` or a function template's url)
for one row, as ``--user`` when given (their permissions and scope apply) or else as a trusted
batch job with no user. The same fetcher policy, limits and post-processing apply.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import RailError


class Command(BaseCommand):
    help = "Render a registered PDF template for one row to a file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("template_path")
        parser.add_argument("--pk", required=True)
        parser.add_argument("--output", required=True)
        parser.add_argument("--user", help="username to render as (permissions and scope apply)")

    def handle(self, *args: Any, **options: Any) -> None:
        from rail_django.extensions.templating.pdf_builder import pdf_from_html, render_html
        from rail_django.extensions.templating.template_rendering import (
            find_template,
            render_template_pdf,
        )

        try:
            if options["user"]:
                user = _user(options["user"])
                pdf = render_template_pdf(options["template_path"], options["pk"], user)
            else:
                template = find_template(options["template_path"])
                context = _trusted_context(template, options["pk"])
                pdf = pdf_from_html(
                    render_html(template.content, context),
                    config=template.config,
                    post_processing=template.post_processing,
                    title=str(template.label),
                )
        except RailError as error:
            raise CommandError(f"{error.message} ({error.code})") from None
        Path(options["output"]).write_bytes(pdf)
        self.stdout.write(
            _("Wrote %(bytes)d bytes to %(path)s") % {"bytes": len(pdf), "path": options["output"]}
        )


def _user(username: str) -> Any:
    model = get_user_model()
    try:
        return model._default_manager.get(**{model.USERNAME_FIELD: username})
    except model.DoesNotExist:
        raise CommandError(_("No user %(name)r.") % {"name": username}) from None


def _trusted_context(template: Any, pk: str) -> dict[str, Any]:
    if template.model is None:
        return {"user": None, **dict(template.context(pk, None, None))}
    row = template.model._default_manager.filter(pk=pk).first()
    if row is None:
        raise CommandError(_("No row %(pk)s.") % {"pk": pk})
    return {"object": row, "user": None, **dict(template.context(row, None, None))}
