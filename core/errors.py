"""The one error family of the platform: a stable code, a located field and a bilingual message.

Views render these next to the field they name; the API returns them as
`{"code", "field", "message_es", "message_en"}`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.i18n import content_language


@dataclass(frozen=True)
class ErrorDetail:
    code: str
    message_es: str
    message_en: str
    # A form field name or a JSON pointer ("/form/steps/0/fields/2/id"); "" when it is general.
    location: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "location": self.location,
            "message_es": self.message_es,
            "message_en": self.message_en,
        }

    @property
    def message(self) -> str:
        """The message in the active language, for a page that shows one of the two."""
        return self.message_in(content_language())

    def message_in(self, language: str) -> str:
        """The message for a page whose language is given (a Django code or a texts' key)."""
        return self.message_en if content_language(language) == "en" else self.message_es

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.message_es} / {self.message_en}"


@dataclass
class ApplicationError(Exception):
    """Raised by services when input is refused. Carries every problem found, not just the first."""

    errors: list[ErrorDetail] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.errors)

    @classmethod
    def single(
        cls, code: str, message_es: str, message_en: str, location: str = ""
    ) -> ApplicationError:
        return cls([ErrorDetail(code, message_es, message_en, location)])

    def __str__(self) -> str:
        return "; ".join(str(error) for error in self.errors)
