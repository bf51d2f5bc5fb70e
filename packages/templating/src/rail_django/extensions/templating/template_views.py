"""The REST endpoints under ``/api/templates/``.

``GET <key>/<pk>/`` renders (``?async=true`` queues a job), ``catalog/`` lists what the user may
render, ``preview/<key>/<pk>/`` returns the HTML (``enable_preview``; 404 when off),
``jobs/<id>/`` and ``jobs/<id>/download/`` follow a job. Authenticated like the GraphQL endpoint
(core's ``authenticate_request``); errors are ``{"errors": [{"message", "extensions": {"code"}}]}``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.schema_runtime import get_schema_runtime
from rail_django.core.http import authenticate_request, finish_response, refusal_response
from rail_django.extensions.templating import pdf_jobs
from rail_django.extensions.templating.http_answers import (
    error_response,
    pdf_response,
    rate_refusal,
)
from rail_django.extensions.templating.template_access import access_refusal
from rail_django.extensions.templating.template_registry import template_registry
from rail_django.extensions.templating.template_rendering import (
    find_template,
    render_template_html,
    render_template_pdf,
)
from rail_django.extensions.templating.template_settings import templating_settings


def _authenticated(request: Any) -> tuple[str, HttpResponse | None]:
    schema = templating_settings()["schema_name"]
    refusal = authenticate_request(request, schema_name=schema)
    return schema, (refusal_response(refusal, schema_name=schema) if refusal else None)


_PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@require_GET
def render_view(request: Any, key: str, pk: str) -> HttpResponse:
    schema, refused = _authenticated(request)
    if refused is not None:
        return refused
    settings = templating_settings()
    try:
        limited = rate_refusal(request, settings["rate_limit"])
        if limited is not None:
            return error_response(limited[0], schema, headers=limited[1])
        template = find_template(key)
        if request.GET.get("async", "").lower() in ("1", "true", "yes"):
            return finish_response(request, _start_job(template.key, pk, request, schema))
        pdf = render_template_pdf(template.key, pk, request.user, request)
    except RailError as error:
        return finish_response(request, error_response(error, schema))
    filename = f"{template.key.replace('/', '-')}-{pk}.pdf"
    return finish_response(request, pdf_response(pdf, filename))


def _start_job(key: str, pk: str, request: Any, schema: str) -> HttpResponse:
    # Access is checked now (the client learns at once) and again when the task runs.
    template = find_template(key)
    runtime = get_schema_runtime(schema)
    refusal = access_refusal(template, request.user, runtime)
    if refusal is not None:
        raise refusal
    if template.model is not None:
        from rail_django.extensions.templating.template_access import visible_row

        visible_row(template, request.user, pk, runtime)
    return JsonResponse(pdf_jobs.start_job(key, pk, request.user), status=202)


def _switched_off() -> HttpResponse:
    # A JSON 404 like every other answer of these endpoints, not Django's HTML page.
    return error_response(RailError(_("Not found."), ErrorCode.NOT_FOUND), None)


@require_GET
def catalog_view(request: Any) -> HttpResponse:
    settings = templating_settings()
    if not settings["enable_catalog"]:
        return _switched_off()
    schema, refused = _authenticated(request)
    if refused is not None:
        return refused
    if not request.user.is_authenticated:
        return error_response(
            RailError(_("Authentication required."), ErrorCode.UNAUTHENTICATED), schema
        )
    runtime = get_schema_runtime(schema)
    entries = []
    for template in sorted(template_registry.all(), key=lambda t: t.key):
        if access_refusal(template, request.user, runtime) is not None:
            continue
        model = template.model
        entries.append(
            {
                "key": template.key,
                "title": str(template.label),
                "model": f"{model._meta.app_label}.{model.__name__}" if model else None,
                "endpoint": f"/api/templates/{template.key}/{{pk}}/",
                "parameters": ["pk", "async"],
            }
        )
    response = JsonResponse({"templates": entries})
    response["Cache-Control"] = "no-store"
    return finish_response(request, response)


@require_GET
def preview_view(request: Any, key: str, pk: str) -> HttpResponse:
    settings = templating_settings()
    if not settings["enable_preview"]:
        return _switched_off()
    schema, refused = _authenticated(request)
    if refused is not None:
        return refused
    try:
        limited = rate_refusal(request, settings["rate_limit"])
        if limited is not None:
            return error_response(limited[0], schema, headers=limited[1])
        html = render_template_html(key, pk, request.user, request)
    except RailError as error:
        return finish_response(request, error_response(error, schema))
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    # The preview is the document's HTML: it runs no script and loads nothing from elsewhere.
    response["Content-Security-Policy"] = _PREVIEW_CSP
    response["Cache-Control"] = "no-store"
    return finish_response(request, response)


@require_GET
def job_status_view(request: Any, job_id: str) -> HttpResponse:
    schema, refused = _authenticated(request)
    if refused is not None:
        return refused
    try:
        body = pdf_jobs.job_status(job_id, request.user)
    except RailError as error:
        return finish_response(request, error_response(error, schema))
    response = JsonResponse(body)
    response["Cache-Control"] = "no-store"
    return finish_response(request, response)


@require_GET
def job_download_view(request: Any, job_id: str) -> HttpResponse:
    schema, refused = _authenticated(request)
    if refused is not None:
        return refused
    try:
        pdf = pdf_jobs.job_pdf(job_id, request.user)
    except RailError as error:
        return finish_response(request, error_response(error, schema))
    return finish_response(request, pdf_response(pdf, f"{job_id}.pdf"))


def url_patterns() -> list[Any]:
    """Mounted by core's URLconf (``ContributionKind.URL_PATTERNS``); the catch-all last."""
    return [
        path("api/templates/catalog/", catalog_view, name="rail_django_pdf_catalog"),
        path("api/templates/jobs/<str:job_id>/", job_status_view, name="rail_django_pdf_job"),
        path(
            "api/templates/jobs/<str:job_id>/download/",
            job_download_view,
            name="rail_django_pdf_job_download",
        ),
        path(
            "api/templates/preview/<path:key>/<str:pk>/",
            preview_view,
            name="rail_django_pdf_preview",
        ),
        path("api/templates/<path:key>/<str:pk>/", render_view, name="rail_django_pdf"),
    ]
