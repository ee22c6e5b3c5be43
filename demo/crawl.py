"""A crawl of one government's citizen site that counts the pages naming another jurisdiction
(CDMX by default): what issue 12 measures to tell whether adopted apps read as the adopter's own.

It walks every page a citizen of the government can reach for each offered app, as that citizen
would, with Django's test client on the government's host: the home page, the ficha, every step
of the wizard (a draft is started with the demo citizen's answers), the documents step and the
summary, the acuse and resolution texts (the snapshot the PDF prints, built for the draft), and,
for the demo citizen's own cases, the case page, the PDFs issued and the e-mails the case sends.
Everything runs in a transaction that is rolled back: the crawl leaves no draft, session or mail.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core import mail
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import tenant_context

from apps_registry.models import EnabledApp
from apps_registry.selectors import IN_USE_STATUSES, enabled_app_definition
from cases.emails import send_case_filed, send_case_status_changed
from cases.filing.services import draft_save
from cases.models import Case, CaseOutput
from cases.outputs.services import output_snapshot
from catalog.definition import Definition
from catalog.definition.field_types import registry
from catalog.definition.rules import iter_fields
from core.models import User
from tenants import inegi
from tenants.models import Domain, Government

Reporter = Callable[[str], None]

CDMX_ALCALDIAS = (
    "Álvaro Obregón",
    "Azcapotzalco",
    "Benito Juárez",
    "Coyoacán",
    "Cuajimalpa",
    "Cuauhtémoc",
    "Gustavo A. Madero",
    "Iztacalco",
    "Iztapalapa",
    "Magdalena Contreras",
    "Miguel Hidalgo",
    "Milpa Alta",
    "Tláhuac",
    "Tlalpan",
    "Venustiano Carranza",
    "Xochimilco",
)
# Acronyms are matched as whole words and with their case (SAF is not "safe"); names ignore case
# and accents.
CDMX_ACRONYMS = (
    "CDMX",
    "SEMOVI",
    "SACMEX",
    "SAF",
    "ADIP",
    "SSC",
    "FGJ",
    "DGRC",
    "STyFE",
    "SEDECO",
    "SEDUVI",
)
CDMX_NAMES = ("Llave CDMX", "Ciudad de México", "Mexico City", "alcaldía", "borough")

TERM_SETS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "cdmx": (CDMX_ACRONYMS, CDMX_NAMES + CDMX_ALCALDIAS),
}


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Matcher:
    """Finds the terms of a jurisdiction in a text. Names the crawled government shares (a
    Sonoran municipality called Benito Juárez) are its own and are not counted."""

    acronyms: tuple[str, ...]
    names: tuple[str, ...]

    @classmethod
    def for_terms(cls, key: str, *, own_names: Iterable[str] = ()) -> Matcher:
        acronyms, names = TERM_SETS[key]
        own = {_folded(name).casefold() for name in own_names}
        return cls(acronyms, tuple(n for n in names if _folded(n).casefold() not in own))

    def find(self, text: str) -> list[str]:
        folded = _folded(text)
        lowered = folded.casefold()
        found = [
            term
            for term in self.acronyms
            if re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", folded)
        ]
        found += [
            term
            for term in self.names
            if re.search(rf"(?<!\w){re.escape(_folded(term).casefold())}", lowered)
        ]
        return found


@dataclass
class CrawlResult:
    pages: list[str] = field(default_factory=list)
    offenders: list[tuple[str, list[str]]] = field(default_factory=list)

    def add(self, page: str, terms: list[str]) -> None:
        self.pages.append(page)
        if terms:
            self.offenders.append((page, terms))


_INVISIBLE = re.compile(r"<(script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def visible_text(content: str) -> str:
    """What a person reads on a page: tags, scripts and styles out, entities decoded."""
    return html.unescape(_TAG.sub(" ", _INVISIBLE.sub(" ", content)))


def strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_in(item)


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


class _Rollback(Exception):
    pass


def crawl_government(
    government: Government, *, terms: str = "cdmx", report: Reporter = print
) -> CrawlResult:
    """Every citizen page of the government's site, checked for the jurisdiction's terms."""
    from demo.citizens import DEMO_CITIZENS

    domain = Domain.objects.filter(tenant=government).order_by("-is_primary", "id").first()
    if domain is None:
        raise ValueError(f"{government.slug} has no domain")
    spec = next((c for c in DEMO_CITIZENS if c.tenant == government.slug), None)
    own = [label for _code, label in inegi.municipalities(government.inegi_code or "")]
    matcher = Matcher.for_terms(terms, own_names=own)
    result = CrawlResult()
    client = Client(HTTP_HOST=domain.domain)
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
        tenant_context(government),
    ):
        try:
            with transaction.atomic():
                _crawl(government, client, spec, matcher, result, report)
                raise _Rollback
        except _Rollback:
            pass
    return result


def _get(client: Client, url: str) -> str:
    response = client.get(url, follow=True)
    if response.status_code != 200:
        return f"[HTTP {response.status_code}]"
    if response.get("Content-Type", "").startswith("application/pdf"):
        streamed = getattr(response, "streaming_content", None)
        return pdf_text(b"".join(streamed) if streamed is not None else response.content)
    return visible_text(response.content.decode())


def _crawl(
    government: Government,
    client: Client,
    spec: Any,
    matcher: Matcher,
    result: CrawlResult,
    report: Reporter,
) -> None:
    user = User.objects.filter(email=spec.email).first() if spec is not None else None
    if user is not None:
        client.force_login(user)
    result.add("inicio", matcher.find(_get(client, "/")))
    apps = (
        EnabledApp.objects.filter(status__in=IN_USE_STATUSES)
        .select_related("catalog_app", "version")
        .order_by("catalog_app__slug")
    )
    for app in apps:
        slug = app.catalog_app.slug
        before = (len(result.pages), len(result.offenders))
        key = str(app.public_id)
        result.add(f"{slug} · ficha", matcher.find(_get(client, f"/tramites/{key}/")))
        definition = enabled_app_definition(app)
        if user is not None:
            _crawl_wizard(app, definition, key, client, user, spec, matcher, result)
        _crawl_outputs(app, definition, government, spec, matcher, result)
        pages, offending = len(result.pages) - before[0], len(result.offenders) - before[1]
        report(f"  {slug}: {offending} de {pages} páginas nombran a CDMX")
    if user is not None:
        _crawl_cases(government, user, client, matcher, result)


def _crawl_wizard(
    app: EnabledApp,
    definition: Mapping[str, Any],
    key: str,
    client: Client,
    user: User,
    spec: Any,
    matcher: Matcher,
    result: CrawlResult,
) -> None:
    slug = app.catalog_app.slug
    answers = {
        item["id"]: value
        for item in iter_fields(definition)
        if (value := registry.sample(item, spec)) is not None
    }
    draft_save(applicant=user, enabled_app=app, answers=answers)
    for step in Definition(definition).steps:
        url = reverse("cases:filing_step", args=[key, step["id"]])
        result.add(f"{slug} · paso {step['id']}", matcher.find(_get(client, url)))
    if any(True for _item in Definition(definition).documents):
        url = reverse("cases:filing_documents", args=[key])
        result.add(f"{slug} · documentos", matcher.find(_get(client, url)))
    url = reverse("cases:filing_summary", args=[key])
    result.add(f"{slug} · resumen", matcher.find(_get(client, url)))


def _crawl_outputs(
    app: EnabledApp,
    definition: Mapping[str, Any],
    government: Government,
    spec: Any,
    matcher: Matcher,
    result: CrawlResult,
) -> None:
    """The acuse and each resolution as the PDF would print them for a case of this app."""
    from cases.filing.services import _acuse_output

    answers = {
        item["id"]: value
        for item in iter_fields(definition)
        if (value := registry.sample(item, spec)) is not None
    }
    now = timezone.now()
    case = Case(
        enabled_app=app,
        version=app.version,
        folio="CRAWL-000001",
        status="recibida",
        answers=answers,
        created_at=now,
        submitted_at=now,
    )
    outputs = [_acuse_output(definition), *Definition(definition).resolution_outputs]
    for output in outputs:
        snapshot = output_snapshot(
            case, definition, government, output, documents=[], issued_at=now
        )
        snapshot.pop("government", None)  # the serving government's own letterhead
        text = "\n".join(strings_in(snapshot))
        result.add(
            f"{app.catalog_app.slug} · {output.get('kind', 'acuse')} {output.get('id')}",
            matcher.find(text),
        )


def _crawl_cases(
    government: Government, user: User, client: Client, matcher: Matcher, result: CrawlResult
) -> None:
    cases = Case.objects.filter(applicant=user).select_related("enabled_app__catalog_app")
    for case in cases:
        name = f"{case.enabled_app.catalog_app.slug} · expediente {case.folio}"
        url = reverse("cases:case_detail", args=[case.public_id])
        result.add(name, matcher.find(_get(client, url)))
        for output in CaseOutput.objects.filter(case=case):
            url = reverse("cases:case_output", args=[case.public_id, output.public_id])
            result.add(f"{name} · {output.kind} (PDF)", matcher.find(_get(client, url)))
        mail.outbox = []
        send_case_filed(case_id=case.pk, schema_name=government.schema_name)
        send_case_status_changed(case_id=case.pk, schema_name=government.schema_name)
        for number, message in enumerate(mail.outbox, start=1):
            text = f"{message.subject}\n{message.body}"
            result.add(f"{name} · correo {number}", matcher.find(text))
