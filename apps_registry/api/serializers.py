"""Input and output shapes of the enabled-apps API."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps_registry.diff import DefinitionDiff, LocalValuesImpact
from apps_registry.local_values import missing_required
from apps_registry.models import EnabledAppStatus
from apps_registry.readiness import enabled_app_problems
from apps_registry.selectors import effective_definition, upgrade_available
from core.tenancy import current_government


class CatalogAppRefOutput(serializers.Serializer):
    public_id = serializers.UUIDField()
    publisher = serializers.CharField(source="publisher.slug")
    slug = serializers.CharField()
    title = serializers.CharField()
    category = serializers.CharField()


class EnabledAppOutput(serializers.Serializer):
    public_id = serializers.UUIDField()
    app = CatalogAppRefOutput(source="catalog_app")
    version = serializers.CharField(source="version.version")
    # A plain string in the OpenAPI document (a named enum would collide with the catalogue's
    # "status" enums); the values are listed in the help text.
    status = serializers.CharField(
        help_text=" | ".join(f"{value}: {label}" for value, label in EnabledAppStatus.choices)
    )
    status_label = serializers.CharField(source="get_status_display")
    upgrade_available = serializers.SerializerMethodField(
        help_text="Versión publicada más reciente, si es posterior a la fijada / Latest "
        "published version when newer than the pinned one."
    )
    local_values = serializers.JSONField()
    not_applicable = serializers.ListField(
        child=serializers.CharField(),
        help_text="Ajustes propios del lugar marcados «No aplica» / Place-bound override points "
        "marked 'not applicable'.",
    )
    enabled_by_email = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_upgrade_available(self, enabled_app: Any) -> str | None:
        newer = upgrade_available(enabled_app)
        return newer.version if newer is not None else None


class EnabledAppDetailOutput(EnabledAppOutput):
    missing_required = serializers.SerializerMethodField(
        help_text="Ajustes obligatorios sin valor local / Required override points without a "
        "local value."
    )

    definition = serializers.SerializerMethodField(
        help_text="La definición como la ve la ciudadanía de este gobierno: valores locales, "
        "redacción propia y variables resueltas / The definition as this government's citizens "
        "see it: local values, own wording and variables resolved."
    )

    @extend_schema_field(serializers.JSONField())
    def get_definition(self, enabled_app: Any) -> dict[str, Any]:
        return effective_definition(enabled_app)

    go_live_problems = serializers.SerializerMethodField(
        help_text="Lo que impide ponerlo en línea (valores, valores propios del lugar, variables, "
        "catálogos) / What keeps it from going live."
    )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_missing_required(self, enabled_app: Any) -> list[str]:
        return missing_required(
            enabled_app.version.definition, enabled_app.local_values, enabled_app.not_applicable
        )

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_go_live_problems(self, enabled_app: Any) -> list[dict[str, str]]:
        return [
            problem.as_dict() for problem in enabled_app_problems(enabled_app, current_government())
        ]


NOT_APPLICABLE_HELP = (
    "Claves de ajustes propios del lugar (oficinas, fundamento, derechos, homoclave) que no "
    "aplican en su gobierno / Place-bound keys that do not apply in your government."
)


class EnableInput(serializers.Serializer):
    app = serializers.UUIDField(help_text="public_id de la app del catálogo / catalogue app id")
    version = serializers.CharField(
        required=False, max_length=32, help_text="p. ej. 1.0.0; si se omite, la más reciente."
    )
    local_values = serializers.DictField(
        child=serializers.JSONField(), required=False, default=dict
    )
    not_applicable = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        default=list,
        max_length=50,
        help_text=NOT_APPLICABLE_HELP,
    )
    go_live = serializers.BooleanField(
        default=True,
        help_text="true: en línea ya (exige los ajustes obligatorios); false: queda configurando.",
    )


class UpgradeInput(serializers.Serializer):
    version = serializers.CharField(max_length=32, help_text="Versión a la que actualizar.")
    local_values = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        default=dict,
        help_text="Valores nuevos o que cambian; los demás se conservan.",
    )


class LocalValuesInput(serializers.Serializer):
    local_values = serializers.DictField(child=serializers.JSONField())
    not_applicable = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        max_length=50,
        help_text=NOT_APPLICABLE_HELP + " Si se omite, se conservan / Kept when omitted.",
    )


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class ChangeOutput(serializers.Serializer):
    attribute = serializers.CharField()
    before = serializers.CharField(source="before_text")
    after = serializers.CharField(source="after_text")


class DiffItemOutput(serializers.Serializer):
    id = serializers.CharField()
    label_es = serializers.CharField()
    label_en = serializers.CharField()
    changes = ChangeOutput(many=True)


class DiffSectionOutput(serializers.Serializer):
    key = serializers.CharField()
    title_es = serializers.CharField()
    title_en = serializers.CharField()
    added = DiffItemOutput(many=True)
    removed = DiffItemOutput(many=True)
    changed = DiffItemOutput(many=True)


class OverrideRefOutput(serializers.Serializer):
    key = serializers.CharField()
    label_es = serializers.CharField()
    label_en = serializers.CharField()
    type = serializers.CharField()


class ImpactOutput(serializers.Serializer):
    kept = serializers.ListField(child=serializers.CharField())
    new_required = OverrideRefOutput(many=True)
    new_optional = OverrideRefOutput(many=True)
    removed = serializers.ListField(child=serializers.CharField())
    retyped = serializers.ListField(child=serializers.CharField())


class UpgradePreviewOutput(serializers.Serializer):
    current_version = serializers.CharField()
    version = serializers.CharField()
    changelog = serializers.DictField(child=serializers.CharField())
    sections = DiffSectionOutput(many=True)
    impact = ImpactOutput()


def upgrade_preview_data(
    *,
    current: str,
    version: str,
    changelog: dict[str, str],
    diff: DefinitionDiff,
    impact: LocalValuesImpact,
) -> dict[str, Any]:
    return dict(
        UpgradePreviewOutput(
            {
                "current_version": current,
                "version": version,
                "changelog": changelog,
                "sections": diff.non_empty_sections,
                "impact": impact,
            }
        ).data
    )
