"""With no task backend (the contracts' inline default), async exports get a clear error."""

from __future__ import annotations

import pytest
from export_http import error_code, error_message, post

from rail_django.contracts.task_backend import InlineTaskBackend, task_backend

pytestmark = pytest.mark.django_db


def test_async_without_a_task_backend_is_refused(shop):
    with task_backend.swapped(InlineTaskBackend()):
        response = post(
            shop["users"]["alice"],
            {
                "app_name": "exportshop",
                "model_name": "Product",
                "fields": ["sku"],
                "async": True,
            },
        )
    assert response.status_code == 400
    assert error_code(response) == "RAIL_GQL_ASYNC_EXPORT_UNAVAILABLE"
    assert "rail-django-tasks" in error_message(response)
