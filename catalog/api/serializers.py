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


class PortabilityFindingOutput(serializers.Serializer):
    pointer = serializers.CharField(help_text="Puntero JSON del texto / JSON pointer of the text.")
    language = serializers.CharField(
        help_text="Idioma del texto («es-MX», «en»); vacío en textos sin idioma (direcciones, "
        "sinónimos) / The text's language; empty for plain strings."
    )
    term = serializers.CharField(help_text="Lo que nombra al gobierno / What names the publisher.")
    kind = serializers.CharField(
        help_text="name, entity, territorial_unit, unit_word, agency, acronym, domain o/or "
        "identity_provider (catalog.portability)."
    )
    excerpt = serializers.CharField()


class PortabilityOutput(serializers.Serializer):
    """catalog.portability: score = floor(100 × texts without a finding / texts read)."""

    score = serializers.IntegerField(min_value=0, max_value=100)
    texts = serializers.IntegerField(help_text="Textos revisados / Texts read.")
    findings = PortabilityFindingOutput(many=True)
    checked_at = serializers.DateTimeField()


def portability_of(version: Any) -> dict[str, Any] | None:
    """A version's stored report, None when it was never computed."""
    report = getattr(version, "portability", None) if version is not None else None
    return report or None


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
    portability_score = serializers.IntegerField(
        source="latest_portability_score",
        allow_null=True,
        help_text="Portabilidad (0–100) de la última versión publicada / Portability score of "
        "the latest published version.",
    )
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
    portability = serializers.SerializerMethodField(
        help_text="Reporte de portabilidad de la última versión publicada / Portability report "
        "of the latest published version."
    )
    may_adopt = serializers.BooleanField(
        help_text="Si el gobierno de este dominio puede adoptarla hoy / "
        "Whether this host's government may adopt it today."
    )

    @extend_schema_field(PortabilityOutput(allow_null=True))
    def get_portability(self, app: Any) -> dict[str, Any] | None:
        return portability_of(app.latest_version) if app.latest_version_id else None


class VersionOutput(serializers.Serializer):
    version = serializers.CharField()
    status = serializers.SerializerMethodField()
    changelog = TranslatableField()
    published_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    portability = serializers.SerializerMethodField(
        help_text="Dónde nombra la versión la jurisdicción de quien la publica, y su puntaje / "
        "Where the version names its publisher's jurisdiction, and its score."
    )

    @extend_schema_field(PortabilityOutput(allow_null=True))
    def get_portability(self, version: Any) -> dict[str, Any] | None:
        return portability_of(version)

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
