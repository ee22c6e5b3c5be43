"""E-mails to citizens about their cases. Sent by the tasks in cases.tasks, which the services
queue with `transaction.on_commit`, so nothing is sent for a submission that rolled back. They carry the folio, the procedure and
a link to "my procedures"; never the answers or documents (e-mail is not a safe channel)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from contextlib import nullcontext

from django.conf import settings
from django.core.mail import send_mail
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from cases import workflow
from core.i18n import content_language
from core.tenancy import current_government, current_schema, site_url

logger = logging.getLogger(__name__)


def _case_link(case: object, site_url: str) -> str:
    try:
        path = reverse("cases:case_detail", kwargs={"public_id": case.public_id})  # type: ignore[attr-defined]
    except NoReverseMatch:
        path = "/mis-tramites/"
    return f"{site_url.rstrip('/')}{path}"


def _name(names: Mapping[str, str]) -> str:
    return names.get(content_language()) or names.get("es-MX", "")


def _send(schema_name: str, case_id: int, subject_and_body: object) -> None:
    from cases.models import Case

    # The worker already serves the task's government (tenant-schemas-celery sets it, with the
    # Government row it keeps): switching again would only trade that row for another query.
    switch = nullcontext() if current_schema() == schema_name else schema_context(schema_name)
    with switch:
        # Never the answers: an e-mail does not carry them, and they are the bulk of the row.
        case = Case.objects.select_related("applicant").defer("answers").get(pk=case_id)
        if case.applicant is None:
            return
        government = current_government()
        subject, body = subject_and_body(case, government, site_url(government=government))  # type: ignore[operator]
        try:
            send_mail(
                subject,
                body,
                government.contact_email or settings.DEFAULT_FROM_EMAIL,
                [case.applicant.email],
            )
        except OSError:
            # The case is filed whatever the mail server does; the citizen sees it online.
            logger.exception("case e-mail not sent", extra={"schema": schema_name})


def send_case_filed(*, case_id: int, schema_name: str) -> None:
    def compose(case, government, site_url):
        procedure = _name(case.procedure_name)
        filed = timezone.localtime(case.submitted_at or case.created_at)
        subject = _("Recibimos tu solicitud %(folio)s") % {"folio": case.folio}
        body = "\n\n".join(
            [
                _("Hola:"),
                _(
                    "%(government)s recibió tu solicitud de «%(procedure)s» el %(date)s con el "
                    "folio %(folio)s."
                )
                % {
                    "government": government.display_name or government.name,
                    "procedure": procedure,
                    "date": filed.strftime("%d/%m/%Y %H:%M"),
                    "folio": case.folio,
                },
                _("Consulta su avance y descarga tu acuse de recibo en:"),
                _case_link(case, site_url),
                _("Este correo se envió automáticamente; no lo respondas."),
            ]
        )
        return subject, body

    _send(schema_name, case_id, compose)


def send_case_status_changed(*, case_id: int, schema_name: str) -> None:
    def compose(case, government, site_url):
        from cases.selectors import case_definition

        state = _name(workflow.state_name(case_definition(case), case.status))
        subject = _("Tu solicitud %(folio)s cambió de estado") % {"folio": case.folio}
        body = "\n\n".join(
            [
                _("Hola:"),
                _("Tu solicitud con folio %(folio)s ahora está: %(state)s.")
                % {"folio": case.folio, "state": state},
                _("Consulta los detalles en:"),
                _case_link(case, site_url),
                _("Este correo se envió automáticamente; no lo respondas."),
            ]
        )
        return subject, body

    _send(schema_name, case_id, compose)


def send_case_ficta_applied(*, case_id: int, schema_name: str) -> None:
    def compose(case, government, site_url):
        ficta = next(
            (
                event.data.get("ficta", "")
                for event in case.events.filter(kind="ficta_applied").order_by("-id")[:1]
            ),
            "",
        )
        explanation = {
            "afirmativa": _(
                "El plazo legal para resolver tu solicitud con folio %(folio)s venció sin "
                "respuesta de la autoridad. Por ley (afirmativa ficta) se tiene por resuelta a "
                "tu favor; descarga la resolución en el enlace."
            ),
            "negativa": _(
                "El plazo legal para resolver tu solicitud con folio %(folio)s venció sin "
                "respuesta de la autoridad. Por ley (negativa ficta) se tiene por resuelta en "
                "sentido negativo; puedes consultar la resolución y tus opciones en el enlace."
            ),
        }.get(
            ficta,
            _(
                "El plazo legal para resolver tu solicitud con folio %(folio)s venció sin "
                "respuesta. La autoridad sigue obligada a resolverla."
            ),
        )
        subject = _("Venció el plazo de tu solicitud %(folio)s") % {"folio": case.folio}
        body = "\n\n".join(
            [
                _("Hola:"),
                explanation % {"folio": case.folio},
                _("Consulta los detalles en:"),
                _case_link(case, site_url),
                _("Este correo se envió automáticamente; no lo respondas."),
            ]
        )
        return subject, body

    _send(schema_name, case_id, compose)
