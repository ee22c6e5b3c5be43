"""The simplified privacy notice (aviso de privacidad simplificado) shown before submission.

It is the platform's default text followed by the government's own legal text. Its version is
a digest of both, so editing either gives a new version; the case stores the version the
citizen accepted, and a submission made against an older version is refused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from core.i18n import is_english
from tenants.models import Government

DEFAULT_VERSION = "2026.1"
DEFAULT_TEXT_ES = (
    "{government} es responsable del tratamiento de los datos personales que proporcione en "
    "esta solicitud. Sus datos se usarán únicamente para atender el trámite solicitado, "
    "verificar su identidad, notificarle sobre su avance y cumplir obligaciones legales. No se "
    "transferirán a terceros salvo a las autoridades competentes que la ley permita. Puede "
    "ejercer sus derechos de acceso, rectificación, cancelación y oposición (ARCO) ante la "
    "unidad de transparencia de {government}."
)
DEFAULT_TEXT_EN = (
    "{government} is responsible for the personal data you provide in this application. It "
    "will only be used to handle the procedure you request, verify your identity, notify you "
    "of its progress and meet legal obligations. It will not be transferred to third parties "
    "except to the competent authorities the law allows. You may exercise your rights of "
    "access, rectification, cancellation and objection (ARCO) before the transparency unit of "
    "{government}."
)


@dataclass(frozen=True)
class PrivacyNotice:
    version: str
    text_es: str
    text_en: str
    # The government's own legal text (shown after the default one; Spanish only).
    legal_text: str

    def text(self, language: str) -> str:
        return self.text_en if is_english(language) else self.text_es

    @property
    def government_text(self) -> str:
        return self.legal_text


def privacy_notice(government: Government) -> PrivacyNotice:
    name = government.display_name or government.name
    text_es = DEFAULT_TEXT_ES.format(government=name)
    text_en = DEFAULT_TEXT_EN.format(government=name)
    legal_text = government.legal_text or ""
    digest = hashlib.sha256("\n".join((text_es, text_en, legal_text)).encode()).hexdigest()
    return PrivacyNotice(
        version=f"{DEFAULT_VERSION}-{digest[:10]}",
        text_es=text_es,
        text_en=text_en,
        legal_text=legal_text,
    )


# The name the filing views use.
privacy_notice_for = privacy_notice
