"""Input and output shapes of the catalogue API. Outputs read the denormalised fields of the app
row, so listing never loads a definition."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.models import SharingPolicy


class TranslatableField(serializers.DictField):
    """A text per language, e.g. {"es-MX": "Licencia de conducir", "en": "Driving licence"}."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=serializers.CharField(), **kwargs)


class AppOutput(serializers.Serializer):
    public_id = serializers.UUIDField()
    publisher = serializers.CharField(source="publisher.slug")
    publisher_name = serializers.CharField(source="publisher.display_name")
    slug = serializers.CharField()
    title = serializers.CharField()
    name = serializers.SerializerMethodField()
    citizen_name = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()
    synonyms = serializers.SerializerMethodField()
    category = serializers.CharField()
    kind = serializers.CharField()
    sharing_policy = serializers.ChoiceField(choices=SharingPolicy.choices)
    latest_version = serializers.CharField(source="latest_version_number", allow_null=True)
    deprecated = serializers.BooleanField(source="is_deprecated")
    deprecated_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()

    @extend_schema_field(TranslatableField())
    def get_name(self, app: Any) -> dict[str, str]:
        return app.metadata.get("name") or {}

    @extend_schema_field(TranslatableField())
    def get_citizen_name(self, app: Any) -> dict[str, str]:
        return app.metadata.get("citizen_name") or {}

    @extend_schema_field(TranslatableField())
    def get_description(self, app: Any) -> dict[str, str]:
        return app.metadata.get("description") or {}

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_synonyms(self, app: Any) -> list[str]:
        return list(app.metadata.get("synonyms") or [])


class AppDetailOutput(AppOutput):
    metadata = serializers.JSONField()
    may_adopt = serializers.BooleanField(
        help_text="Si el gobierno de este dominio puede adoptarla hoy / "
        "Whether this host's government may adopt it today."
    )


class VersionOutput(serializers.Serializer):
    version = serializers.CharField()
    status = serializers.SerializerMethodField()
    changelog = TranslatableField()
    published_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()

    @extend_schema_field(serializers.ChoiceField(choices=["draft", "published"]))
    def get_status(self, version: Any) -> str:
        return "published" if version.is_published else "draft"


class VersionDetailOutput(VersionOutput):
    app = serializers.CharField(source="app.slug")
    publisher = serializers.CharField(source="app.publisher.slug")
    definition = serializers.JSONField()


class AppCreateInput(serializers.Serializer):
    slug = serializers.CharField(max_length=100)
    sharing_policy = serializers.ChoiceField(
        choices=SharingPolicy.choices, default=SharingPolicy.PUBLIC
    )


class DraftInput(serializers.Serializer):
    version = serializers.CharField(max_length=32, help_text="MAYOR.MENOR.PARCHE, p. ej. 1.1.0")
    definition = serializers.JSONField(help_text="La definición completa de la app (JSON).")
    changelog = TranslatableField(required=False)


class PublishInput(serializers.Serializer):
    changelog = TranslatableField(
        required=False,
        help_text="Notas de la versión; al menos «es-MX». Si se omite, las del borrador.",
    )


class DeprecateInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ErrorOutput(serializers.Serializer):
    code = serializers.CharField()
    location = serializers.CharField()
    message_es = serializers.CharField()
    message_en = serializers.CharField()


class ErrorsOutput(serializers.Serializer):
    # Declared fields leave the class body, so this does not shadow Serializer.errors.
    errors = ErrorOutput(many=True)  # type: ignore[assignment]


BUNDLE_SCHEMA = OpenApiTypes.OBJECT
