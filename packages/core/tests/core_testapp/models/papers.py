"""A model with file fields, for uploads through GraphQL multipart requests."""

from django.core.validators import MinLengthValidator
from django.db import models


class Paper(models.Model):
    """A titled file with an optional second file (a required and a blank file field)."""

    title = models.CharField(max_length=50, validators=[MinLengthValidator(2)])
    file = models.FileField(upload_to="papers/")
    appendix = models.FileField(upload_to="appendices/", blank=True)

    def __str__(self) -> str:
        return self.title
