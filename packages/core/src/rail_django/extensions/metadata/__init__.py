"""Model metadata for UI builders (``modelSchema``, ``availableModelsV2``, ``appSchemas``, v1
``modelMetadata``), turned on per schema by ``schema_settings.show_metadata``.

Part of the rail-django-core distribution. Other packages add filters and templates to a model's
metadata through ``rail_django.contracts.model_metadata`` (``ContributionKind.MODEL_METADATA``).
"""

from rail_django.extensions.metadata.query_fields import service_for
from rail_django.extensions.metadata.served import MetadataService

__all__ = ["MetadataService", "service_for"]
