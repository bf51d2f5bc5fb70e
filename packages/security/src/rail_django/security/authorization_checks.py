"""System checks for authorization declarations: role declarations (``meta.yaml`` ``roles:``)
and every model's ``access`` / ``field_permissions`` / ``guards``."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks
from django.utils.translation import gettext as _


def check_authorization(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from rail_django.security.access_rules import parse_access_rules
    from rail_django.security.rbac.role_manager import role_manager

    messages: list[checks.CheckMessage] = [
        checks.Error(problem, id="rail_django_security.E201") for problem in role_manager.problems
    ]
    configs = app_configs if app_configs is not None else apps.get_app_configs()
    for config in configs:
        for model in config.get_models():
            for problem in parse_access_rules(model).problems:
                messages.append(
                    checks.Error(
                        _(
                            "%(model)s: GraphQLMeta %(problem)s (every non-superuser is "
                            "refused this model until it is fixed)"
                        )
                        % {"model": model._meta.label, "problem": problem},
                        obj=model,
                        id="rail_django_security.E202",
                    )
                )
    return messages
