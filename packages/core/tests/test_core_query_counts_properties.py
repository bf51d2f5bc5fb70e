"""``model_property``: computed fields with declared dependencies and batch loaders."""

from __future__ import annotations

import pytest
from core_optimizer_testapp.models import BATCH_CALLS, Library, LibraryBook, LibraryLoan
from core_query_client import user_with
from core_query_counts import counted, rail_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(django_user_model, settings):
    settings.RAIL_DJANGO_GRAPHQL = rail_settings()
    BATCH_CALLS.clear()
    return user_with(django_user_model, "admin", superuser=True)


def make_libraries(libraries: int, books: int, loans: int = 2) -> None:
    start = Library.objects.count()
    for li in range(start, start + libraries):
        library = Library.objects.create(name=f"Library {li}", city="Lyon")
        for b in range(books):
            book = LibraryBook.objects.create(
                title=f"Book {li}-{b}", summary="long text " * 20, library=library
            )
            for n in range(loans + b % 2):
                LibraryLoan.objects.create(book=book, borrower=f"reader{n % 2}")


def test_dependencies_across_a_foreign_key_are_joined(admin):
    make_libraries(2, 5)
    data, sql = counted("{ libraryBooks(limit: 100) { label } }", admin)
    assert len(sql) == 1 and "JOIN" in sql[0]
    assert '"summary"' not in sql[0].split(" FROM ")[0]  # only what the property reads
    assert (
        data["libraryBooks"][0]["label"].startswith("Book ")
        and "@ Library" in (data["libraryBooks"][0]["label"])
    )


def test_dependencies_on_a_to_many_relation_are_prefetched(admin):
    make_libraries(2, 5)
    _, small = counted("{ libraryBooks(limit: 100) { title borrowerCount } }", admin)
    make_libraries(8, 5)
    data, large = counted("{ libraryBooks(limit: 100) { title borrowerCount } }", admin)
    assert len(small) == len(large) == 2
    assert {b["borrowerCount"] for b in data["libraryBooks"]} == {2}


def test_a_property_without_dependencies_loads_every_column(admin):
    make_libraries(1, 3)
    data, sql = counted("{ libraryBooks { shout } }", admin)
    assert len(sql) == 1 and '"summary"' in sql[0]
    assert data["libraryBooks"][0]["shout"].startswith("BOOK 0-")


def test_batch_loader_runs_once_per_list(admin):
    make_libraries(2, 5)
    data, sql = counted("{ libraryBooks(limit: 100) { title loanTotal } }", admin)
    assert len(sql) == 2 and BATCH_CALLS == [10]
    totals = {b["title"]: b["loanTotal"] for b in data["libraryBooks"]}
    assert totals["Book 0-0"] == 2 and totals["Book 0-1"] == 3


def test_batch_loader_groups_rows_of_every_parent_of_a_nested_list(admin):
    make_libraries(4, 5)
    data, sql = counted("{ libraries { name books { loanTotal } } }", admin)
    # libraries, their books (one prefetch), one batch for all 20 books
    assert len(sql) == 3 and BATCH_CALLS == [20]
    assert all(len(lib["books"]) == 5 for lib in data["libraries"])


def test_dataloader_batch_size_and_switch(admin, settings):
    make_libraries(1, 5)
    query = "{ libraryBooks { loanTotal } }"
    settings.RAIL_DJANGO_GRAPHQL = rail_settings(performance_settings={"dataloader_batch_size": 2})
    expected, sql = counted(query, admin)
    assert len(sql) == 1 + 3 and BATCH_CALLS == [2, 2, 1]
    BATCH_CALLS.clear()
    settings.RAIL_DJANGO_GRAPHQL = rail_settings(performance_settings={"enable_dataloader": False})
    data, sql = counted(query, admin)
    assert data == expected and len(sql) == 1 + 5 and BATCH_CALLS == [1] * 5


def test_properties_follow_the_field_exposure_rules(admin, settings):
    from core_query_client import codes, run

    make_libraries(1, 1)
    assert codes(run("{ libraryBooks { shout label } }", user=admin)) == []
    settings.RAIL_DJANGO_GRAPHQL = rail_settings(
        type_generation_settings={"exclude_fields": {"LibraryBook": ["shout"]}}
    )
    answer = run("{ libraryBooks { shout } }", user=admin)
    assert codes(answer) == ["RAIL_GQL_VALIDATION_FAILED"]
    assert codes(run("{ libraryBooks { label } }", user=admin)) == []
