"""``manage.py check --deploy`` names the Rail Django settings that are unsafe in production."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

REDIS = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x/0"}
SAFE = {
    "security_settings": {
        "enable_rate_limiting": True,
        "rate_limit_cache_alias": "shared",
        "allowed_origins": ["https://shop.example.com"],
    }
}


def deploy_ids(settings) -> str:
    output = StringIO()
    call_command("check", deploy=True, tags=["rail_django"], stdout=output, stderr=output)
    return output.getvalue()


@pytest.fixture(autouse=True)
def shared_cache(settings):
    settings.CACHES = {**settings.CACHES, "shared": REDIS}
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {}


def test_a_safe_configuration_says_nothing(settings):
    settings.RAIL_DJANGO_GRAPHQL = SAFE
    assert "rail_django_security.W3" not in deploy_ids(settings)


def test_the_guide_defaults_warn_that_rate_limiting_is_off(settings):
    settings.RAIL_DJANGO_GRAPHQL = {}
    output = deploy_ids(settings)
    assert "rail_django_security.W304" in output
    assert "W301" not in output and "W302" not in output  # the production defaults are safe


def test_graphiql_and_introspection_explicitly_open(settings):
    settings.RAIL_DJANGO_GRAPHQL = SAFE
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "admin": {
            "schema_settings": {"graphiql_superuser_only": False, "enable_introspection": True}
        }
    }
    output = deploy_ids(settings)
    assert "schema 'admin': GraphiQL is open" in output
    assert "rail_django_security.W301" in output
    assert "schema 'admin': enable_introspection is set on" in output
    assert "rail_django_security.W302" in output


def test_rate_limits_in_a_per_process_cache(settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "security_settings": {**SAFE["security_settings"], "rate_limit_cache_alias": "default"}
    }
    output = deploy_ids(settings)
    assert "rail_django_security.W305" in output
    assert "LocMemCache" in output


def test_a_schema_is_named_only_where_it_differs(settings):
    settings.RAIL_DJANGO_GRAPHQL = {}
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"mobile": {}, "open": SAFE}
    output = deploy_ids(settings)
    assert output.count("rail_django_security.W304") == 1
    assert "schema 'mobile'" not in output


def test_deploy_checks_stay_out_of_the_ordinary_check(settings):
    settings.RAIL_DJANGO_GRAPHQL = {}
    output = StringIO()
    call_command("check", tags=["rail_django"], stdout=output, stderr=output)
    assert "rail_django_security.W3" not in output.getvalue()


def test_allowed_origins_star_with_cors_on_warns(settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "security_settings": {**SAFE["security_settings"], "allowed_origins": ["*"]}
    }
    output = deploy_ids(settings)
    assert "rail_django_security.W303" in output
    assert "allowed_origins is ['*']" in output


def test_the_guide_default_origins_warn(settings):
    settings.RAIL_DJANGO_GRAPHQL = {}
    assert "rail_django_security.W303" in deploy_ids(settings)


@pytest.mark.parametrize(
    "off",
    [
        {"security_settings": {"enable_cors": False}},
        {"middleware_settings": {"enable_cors_middleware": False}},
    ],
)
def test_star_with_cors_off_says_nothing(settings, off):
    settings.RAIL_DJANGO_GRAPHQL = {
        "security_settings": {
            **SAFE["security_settings"],
            "allowed_origins": ["*"],
            **off.get("security_settings", {}),
        },
        **{k: v for k, v in off.items() if k != "security_settings"},
    }
    assert "W303" not in deploy_ids(settings)


def test_a_schema_opening_star_is_named(settings):
    settings.RAIL_DJANGO_GRAPHQL = SAFE
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "public": {"security_settings": {"allowed_origins": ["*"]}}
    }
    output = deploy_ids(settings)
    assert "schema 'public': allowed_origins is ['*']" in output


def test_csrf_protection_off_warns(settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "security_settings": {**SAFE["security_settings"], "enable_csrf_protection": False}
    }
    output = deploy_ids(settings)
    assert "rail_django_security.W306" in output
    assert "served without a CSRF token" in output


def test_run_checks_reports_w303_with_deployment_checks(settings):
    from django.core import checks

    settings.RAIL_DJANGO_GRAPHQL = {}
    ids = {m.id for m in checks.run_checks(include_deployment_checks=True)}
    assert "rail_django_security.W303" in ids
    assert "rail_django_security.W303" not in {m.id for m in checks.run_checks()}
