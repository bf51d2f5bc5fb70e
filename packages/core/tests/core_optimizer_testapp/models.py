"""Models with computed fields (``model_property``) for the optimizer's tests."""

from __future__ import annotations

import graphene
from django.db import models
from django.db.models import Count

from rail_django.core.optimizer import model_property

#: How many times each batch loader ran and with how many rows (read by the tests).
BATCH_CALLS: list[int] = []


def loan_counts(books: list[LibraryBook]) -> list[int]:
    """One aggregate query for a batch of books (a cross-model lookup the ORM cannot join)."""
    BATCH_CALLS.append(len(books))
    counts = dict(
        LibraryLoan.objects.filter(book__in=books)
        .values_list("book")
        .annotate(n=Count("pk"))
        .values_list("book", "n")
    )
    return [counts.get(book.pk, 0) for book in books]


class Library(models.Model):
    name = models.CharField(max_length=100)
    city = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return self.name


class LibraryBook(models.Model):
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="books")

    def __str__(self) -> str:
        return self.title

    @model_property(graphene.String, depends_on=["title", "library__name"])
    def label(self) -> str:
        """Title and library."""
        return f"{self.title} @ {self.library.name}"

    @model_property(graphene.Int, depends_on=["loans__borrower"])
    def borrower_count(self) -> int:
        return len({loan.borrower for loan in self.loans.all()})

    @model_property(graphene.Int, batch=loan_counts)
    def loan_total(self) -> int:
        return self.loans.count()

    @model_property(graphene.String)
    def shout(self) -> str:
        """No declared dependencies: every column is loaded."""
        return f"{self.title.upper()}! {self.summary}"


class LibraryLoan(models.Model):
    book = models.ForeignKey(LibraryBook, on_delete=models.CASCADE, related_name="loans")
    borrower = models.CharField(max_length=100)
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.borrower
