"""A custom root field guarded by ``require_role`` (installed through query_extensions)."""

import graphene

from rail_django.security import require_role


class ReportQuery(graphene.ObjectType):
    financial_report = graphene.String()

    @require_role("project_manager")
    def resolve_financial_report(root, info):
        return "all good"
