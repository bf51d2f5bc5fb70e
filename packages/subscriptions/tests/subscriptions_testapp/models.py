"""A topic (open to readers with the view permission) and memos (each reader sees only
their own, and only a superuser reads ``secret``: see :mod:`.apps`)."""

from django.conf import settings
from django.db import models


class Topic(models.Model):
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name


class Memo(models.Model):
    title = models.CharField(max_length=100)
    secret = models.CharField(max_length=100, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL)

    def __str__(self) -> str:
        return self.title
