"""The PDF templates a project declares: ``@model_pdf_template`` on a model method and
``@pdf_template`` on a function, kept in one registry the endpoints, the catalog, the
``render_pdf`` command and core's metadata all read.

A model template's key is ``<app_label>/<model_name>/<method>`` (its URL under
``/api/templates/``); a function template's key is its ``url``.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model


@dataclass(frozen=True)
class PdfTemplate:
    """One registered template.

    ``content`` is the Django template path; ``config`` overrides ``default_template_config``
    keys for this template; ``permissions`` (``"app.codename"``) and ``roles`` (group names) are
    required on top of the model's view permission; ``post_processing`` overrides the settings'
    defaults (``watermark``, ``page_stamp``, ``encryption``, ``signature``).
    """

    content: str
    function: Callable[..., Mapping[str, Any]]
    url: str | None = None
    title: Any = None
    model: type[Model] | None = field(default=None, compare=False)
    method_name: str | None = None
    permissions: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    config: Mapping[str, Any] = field(default_factory=dict)
    post_processing: Mapping[str, Any] = field(default_factory=dict)
    parameters: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        if self.model is not None:
            meta = self.model._meta
            return f"{meta.app_label}/{meta.model_name}/{self.method_name}"
        return str(self.url).strip("/")

    @property
    def label(self) -> Any:
        return self.title or (self.method_name or self.key).replace("_", " ").capitalize()

    def context(self, target: Any, request: Any, user: Any) -> Mapping[str, Any]:
        """Call the decorated method (on the row) or function (with the pk), passing
        ``request`` / ``user`` when its signature names them."""
        extra = {}
        accepted = inspect.signature(self.function).parameters
        if "request" in accepted and self.model is not None:
            extra["request"] = request
        if "user" in accepted:
            extra["user"] = user
        if self.model is not None:
            return self.function(target, **extra) or {}
        return self.function(request, target, **extra) or {}


class TemplateRegistry:
    """Registered templates by key; model templates are keyed lazily (their app label is known
    only once the model class is complete)."""

    def __init__(self) -> None:
        self._templates: list[PdfTemplate] = []
        self._lock = threading.Lock()

    def add(self, template: PdfTemplate) -> PdfTemplate:
        with self._lock:
            self._templates = [t for t in self._templates if not _same_slot(t, template)]
            self._templates.append(template)
        return template

    def remove(self, key: str) -> None:
        with self._lock:
            self._templates = [t for t in self._templates if t.key != key]

    def all(self) -> tuple[PdfTemplate, ...]:
        return tuple(t for t in self._templates if t.model is None or not t.model._meta.abstract)

    def get(self, key: str) -> PdfTemplate | None:
        key = key.strip("/")
        return next((t for t in self.all() if t.key == key), None)

    def for_model(self, model: type[Model]) -> tuple[PdfTemplate, ...]:
        return tuple(t for t in self.all() if t.model is model)


def _same_slot(a: PdfTemplate, b: PdfTemplate) -> bool:
    if a.model is not None or b.model is not None:
        return a.model is b.model and a.method_name == b.method_name
    return a.key == b.key


#: The process-wide registry.
template_registry = TemplateRegistry()


class _ModelTemplateMethod:
    """What ``@model_pdf_template`` leaves on the class: the plain method when read, and a
    registration when Python names it (``__set_name__`` runs as the model class is created)."""

    def __init__(self, function: Callable[..., Any], options: dict[str, Any]) -> None:
        self.function = function
        self.options = options

    def __set_name__(self, owner: type[Model], name: str) -> None:
        setattr(owner, name, self.function)
        template_registry.add(
            PdfTemplate(function=self.function, model=owner, method_name=name, **self.options)
        )


def _options(
    content: str,
    title: Any,
    permissions: Sequence[str],
    roles: Sequence[str],
    config: Mapping[str, Any] | None,
    post_processing: Mapping[str, Any] | None,
) -> dict[str, Any]:
    return {
        "content": content,
        "title": title,
        "permissions": tuple(permissions),
        "roles": tuple(roles),
        "config": dict(config or {}),
        "post_processing": dict(post_processing or {}),
    }


def model_pdf_template(
    content: str,
    *,
    title: Any = None,
    permissions: Sequence[str] = (),
    roles: Sequence[str] = (),
    config: Mapping[str, Any] | None = None,
    post_processing: Mapping[str, Any] | None = None,
) -> Callable[[Callable[..., Mapping[str, Any]]], Any]:
    """Declare a model method as the context of a PDF template.

    >>> class Order(models.Model):
    ...     @model_pdf_template(content="pdf/invoice.html")
    ...     def download_invoice(self):
    ...         return {"items": self.items.all()}

    serves ``GET /api/templates/<app>/order/download_invoice/<pk>/``. The template sees the
    returned mapping plus ``object`` (the row), ``user`` and ``request``.
    """
    options = _options(content, title, permissions, roles, config, post_processing)

    def decorate(function: Callable[..., Mapping[str, Any]]) -> Any:
        return _ModelTemplateMethod(function, options)

    return decorate


def pdf_template(
    content: str,
    url: str,
    *,
    title: Any = None,
    permissions: Sequence[str] = (),
    roles: Sequence[str] = (),
    config: Mapping[str, Any] | None = None,
    post_processing: Mapping[str, Any] | None = None,
) -> Callable[[Callable[..., Mapping[str, Any]]], Callable[..., Mapping[str, Any]]]:
    """Declare ``function(request, pk)`` as the context of a PDF template served at
    ``GET /api/templates/<url>/<pk>/``. Import its module at startup (``AppConfig.ready``)."""
    options = _options(content, title, permissions, roles, config, post_processing)

    def decorate(function: Callable[..., Mapping[str, Any]]) -> Callable[..., Mapping[str, Any]]:
        template_registry.add(PdfTemplate(function=function, url=url.strip("/"), **options))
        return function

    return decorate
