"""An upload (`file`): the answer is its metadata, {name, size, content_type}."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from catalog.definition.errors import AnswerErrorCode as Code
from catalog.definition.field_types.base import (
    FieldType,
    FieldValueError,
    Problem,
    register,
    same_in_both,
)


def _accepted(content_type: str, accept: list[str]) -> bool:
    for allowed in accept:
        if allowed.endswith("/*") and content_type.startswith(allowed[:-1]):
            return True
        if content_type == allowed:
            return True
    return False


def file_metadata_problems(
    value: object, accept: list[str], max_size_mb: float | int | None
) -> list[Problem]:
    """Checks of an uploaded file's {name, size, content_type}; documents use it too."""
    if not isinstance(value, Mapping) or not all(
        key in value for key in ("name", "size", "content_type")
    ):
        return [
            Problem(
                Code.INVALID_FILE,
                "Adjunta un archivo.",
                "Attach a file.",
            )
        ]
    size, content_type = value.get("size"), str(value.get("content_type") or "").lower()
    problems = []
    if accept and not _accepted(content_type.split(";")[0].strip(), accept):
        names = ", ".join(item.split("/")[-1].upper() for item in accept)
        problems.append(
            Problem(
                Code.FILE_TYPE_NOT_ALLOWED,
                f"Tipo de archivo no permitido; se aceptan: {names}.",
                f"File type not allowed; accepted: {names}.",
            )
        )
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        problems.append(Problem(Code.INVALID_FILE, "Adjunta un archivo.", "Attach a file."))
    elif isinstance(max_size_mb, int | float) and size > max_size_mb * 1024 * 1024:
        problems.append(
            Problem(
                Code.FILE_TOO_LARGE,
                f"El archivo pesa más de {max_size_mb:g} MB.",
                f"The file is larger than {max_size_mb:g} MB.",
            )
        )
    return problems


@register("file")
class FileField(FieldType):
    """The value is the upload's metadata, {name, size, content_type}; storage is elsewhere.
    It has no sample: a demo attaches files as documents, not as answers."""

    html_input = "file"
    stores_upload = True

    def clean(self, field: Mapping[str, Any], value: object) -> dict[str, Any]:
        accept = field.get("accept")
        problems = file_metadata_problems(
            value, accept if isinstance(accept, list) else [], field.get("max_size_mb")
        )
        if problems:
            raise FieldValueError(*problems)
        assert isinstance(value, Mapping)
        return {
            "name": str(value["name"]),
            "size": value["size"],
            "content_type": str(value["content_type"]).lower(),
        }

    def widget(self, field: Mapping[str, Any]) -> str:
        return "file"

    def display(self, field: Mapping[str, Any], value: Any) -> dict[str, str]:
        if isinstance(value, Mapping):
            return same_in_both(str(value.get("name", "")))
        return super().display(field, value)
