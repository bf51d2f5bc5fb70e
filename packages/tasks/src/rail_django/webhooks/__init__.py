"""rail_django.webhooks: model events to signed HTTP callbacks, through a transactional outbox.

Configure ``RAIL_DJANGO_WEBHOOKS`` (see the package README); the ``rail_django.extensions.tasks``
app must be installed (its worker delivers). :func:`sign` / :func:`signature_header` are the
Standard Webhooks v1 signing functions, handy in a receiver's tests.
"""

from rail_django.webhooks.signing import sign, signature_header

__all__ = ["sign", "signature_header"]
