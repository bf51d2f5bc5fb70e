"""The test app's permission rules, given through the contracts as any package would: a row
scope on ``Memo`` (queryset pipeline, ``Phase.SCOPE``) and a mask on ``Memo.secret`` (a field
guard)."""

from django.apps import AppConfig

MASK = "***"


class MemoOwnerScope:
    name = "subscriptions_testapp_memo_owner"

    def apply(self, queryset, request):
        from subscriptions_testapp.models import Memo

        user = request.user
        if queryset.model is not Memo or getattr(user, "is_superuser", False):
            return queryset
        if not getattr(user, "is_authenticated", False):
            return queryset.none()
        return queryset.filter(owner=user)


def secret_guard(context, model, field_name):
    if model._meta.label != "subscriptions_testapp.Memo" or field_name != "secret":
        return None

    def guard(root, info, value):
        user = getattr(info.context, "user", None)
        return value if getattr(user, "is_superuser", False) else MASK

    return guard


class SubscriptionsTestappConfig(AppConfig):
    name = "subscriptions_testapp"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rail_django.contracts.plugins import ContributionKind, plugin_registry
        from rail_django.contracts.queryset_pipeline import Phase, queryset_pipeline

        queryset_pipeline.register(MemoOwnerScope(), Phase.SCOPE)
        plugin_registry.register(ContributionKind.FIELD_GUARDS, secret_guard, plugin=self.name)
