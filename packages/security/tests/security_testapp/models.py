"""Projects, tasks and documents with owners, assignees and access declarations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from rail_django.core.meta import GraphQLMeta as GraphQLMetaConfig
from rail_django.generators.mutations import mutation_method


def published_or_own(user, operation):
    """Access guard: a document is readable when published or owned by the reader."""
    if operation != "view":
        return Q(owner_id=getattr(user, "pk", None))
    return Q(published=True) | Q(owner_id=getattr(user, "pk", None))


class Project(models.Model):
    """A client project: its owner, its assignees, and fields only some roles may read."""

    name = models.CharField(max_length=100)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="owned_projects"
    )
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assigned_projects"
    )
    client_email = models.EmailField(default="client@example.com")
    budget = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    api_token = models.CharField(max_length=64, default="tok-secret")

    class GraphQLMeta(GraphQLMetaConfig):
        access = {"owner_field": "owner", "assigned_field": "assignees"}
        field_permissions = {
            "client_email": [
                {"roles": ["support"], "visibility": "masked", "mask_value": "user@***.com"},
                {"roles": ["project_manager"], "visibility": "visible"},
            ],
        }
        classifications = GraphQLMetaConfig.Classification(
            model=[], fields={"client_email": ["pii"], "budget": ["financial"]}
        )

    def __str__(self) -> str:
        return self.name


class Task(models.Model):
    """A task of a project; visible through the project's owner or to its assignee."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=100)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    hours = models.IntegerField(default=1)

    class GraphQLMeta(GraphQLMetaConfig):
        access = {"owner_field": "project__owner", "assigned_field": "assignee"}

    def __str__(self) -> str:
        return self.title


class Document(models.Model):
    """Readable when published or owned (an access guard); its cost is declared in meta.yaml."""

    title = models.CharField(max_length=100)
    published = models.BooleanField(default=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    cost_price = models.DecimalField(max_digits=10, decimal_places=2, default=0)

    class GraphQLMeta(GraphQLMetaConfig):
        guards = {"*": ["security_testapp.models.published_or_own"]}

    def __str__(self) -> str:
        return self.title


class Article(models.Model):
    """Text inputs of the sanitiser tests: plain and rich text, a secret, JSON, a method."""

    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, default="")
    access_password = models.CharField(max_length=300, blank=True, default="")
    extra = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return self.title

    @mutation_method(codename="change")
    def retitle(self, title: str, keywords: list[str] | None = None) -> Article:
        """Give the article a new title (and keywords appended to its body)."""
        self.title = title
        if keywords:
            self.body = " ".join(keywords)
        self.save()
        return self


class Comment(models.Model):
    """A comment of an article: written through ``commentsCreate`` nested inputs."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField()

    def __str__(self) -> str:
        return self.text[:20]


class Scan(models.Model):
    """An image with an optional attachment, for upload limits (size, type by content)."""

    label = models.CharField(max_length=50)
    image = models.ImageField(upload_to="scans/", blank=True)
    attachment = models.FileField(upload_to="scans/", blank=True)

    def __str__(self) -> str:
        return self.label
