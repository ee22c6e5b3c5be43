"""Parts of a synthetic example definition: applicant and subject fields, documents and the
review workflow (with its ficta)."""

from __future__ import annotations

import random
from typing import Any

from demo.synthetic_data import ACCEPT_DOCUMENTS, DOCUMENTS, t

Json = dict[str, Any]


def applicant_fields(rng: random.Random) -> list[Json]:
    fields: list[Json] = [
        {
            "id": "curp",
            "type": "curp",
            "label": t("CURP", "CURP"),
            "required": True,
            "prefill": "identity.curp",
        },
        {
            "id": "nombre",
            "type": "text",
            "label": t("Nombre completo", "Full name"),
            "required": True,
            "max_length": 200,
            "prefill": "identity.nombre",
        },
        {
            "id": "correo",
            "type": "email",
            "label": t("Correo electrónico", "E-mail"),
            "required": True,
            "prefill": "identity.email",
        },
    ]
    if rng.random() < 0.5:
        fields.append(
            {
                "id": "telefono",
                "type": "phone_mx",
                "label": t("Teléfono celular", "Mobile phone"),
                "required": rng.random() < 0.5,
            }
        )
    else:
        fields.append(
            {
                "id": "rfc",
                "type": "rfc",
                "label": t("RFC", "Tax ID (RFC)"),
                "required": False,
                "persona": "cualquiera",
                "check_digit": False,
            }
        )
    return fields


# Optional extra fields; each app takes a random handful, so field types vary across the catalogue.
def extra_field_pool() -> list[Json]:
    return [
        {
            "id": "domicilio",
            "type": "address",
            "label": t("Domicilio", "Address"),
            "required": True,
        },
        {
            "id": "codigo_postal",
            "type": "postal_code",
            "label": t("Código postal", "Postal code"),
            "required": True,
        },
        {
            "id": "fecha_evento",
            "type": "date",
            "label": t("Fecha prevista", "Planned date"),
            "required": True,
            "min": "today",
        },
        {
            "id": "superficie",
            "type": "decimal",
            "label": t("Superficie (m²)", "Area (m²)"),
            "required": False,
            "min": 1,
            "max": 100000,
            "decimal_places": 2,
        },
        {
            "id": "numero_personas",
            "type": "integer",
            "label": t("Número de personas", "Number of people"),
            "required": True,
            "min": 1,
            "max": 10000,
        },
        {
            "id": "monto_estimado",
            "type": "money",
            "label": t("Monto estimado", "Estimated amount"),
            "required": False,
            "min": 0,
            "max": 1000000,
        },
        {
            "id": "turno",
            "type": "choice",
            "label": t("Turno preferido", "Preferred shift"),
            "required": True,
            "widget": "radio",
            "options": [
                {"value": "matutino", "label": t("Matutino", "Morning")},
                {"value": "vespertino", "label": t("Vespertino", "Afternoon")},
            ],
        },
        {
            "id": "medios_contacto",
            "type": "multiple_choice",
            "label": t("¿Cómo prefieres que te contactemos?", "How should we contact you?"),
            "required": False,
            "options": [
                {"value": "correo", "label": t("Correo", "E-mail")},
                {"value": "telefono", "label": t("Teléfono", "Phone")},
                {"value": "sms", "label": t("Mensaje de texto", "Text message")},
            ],
        },
        {
            "id": "referencia",
            "type": "text",
            "label": t("Número de referencia", "Reference number"),
            "required": False,
            "max_length": 20,
            "pattern": "^[A-Z0-9-]+$",
        },
    ]


def subject_fields(rng: random.Random) -> list[Json]:
    pool = extra_field_pool()
    chosen = sorted(rng.sample(range(len(pool)), k=rng.randint(2, 5)))
    return [
        *(pool[i] for i in chosen),
        {
            "id": "descripcion",
            "type": "textarea",
            "label": t("Describe tu solicitud", "Describe your request"),
            "required": True,
            "max_length": 2000,
        },
        {
            "id": "tiene_detalle",
            "type": "boolean",
            "label": t(
                "¿Hay algo más que debamos saber?", "Is there anything else we should know?"
            ),
            "required": True,
        },
        {
            "id": "detalle_condicional",
            "type": "textarea",
            "label": t("Cuéntanos", "Tell us"),
            "required": False,
            "max_length": 1000,
        },
    ]


def document_list(rng: random.Random) -> list[Json]:
    chosen = sorted(rng.sample(range(len(DOCUMENTS)), k=rng.randint(1, 3)))
    documents: list[Json] = [
        {
            "id": DOCUMENTS[i][0],
            "name": t(DOCUMENTS[i][1], DOCUMENTS[i][2]),
            "accept": list(ACCEPT_DOCUMENTS),
            "max_size_mb": 5,
            "required": True,
        }
        for i in chosen
    ]
    documents.append(
        {
            "id": "documento_condicional",
            "name": t("Documento de soporte", "Supporting document"),
            "accept": ["application/pdf"],
            "max_size_mb": 10,
            "required": False,
        }
    )
    return documents


def state(state_id: str, es: str, en: str) -> Json:
    return {"id": state_id, "name": t(es, en)}


def transition(
    transition_id: str, source: str, target: str, actor: str, es: str, en: str, **extra: Any
) -> Json:
    return {
        "id": transition_id,
        "from": source,
        "to": target,
        "actor": actor,
        "label": t(es, en),
        "notify_citizen": True,
        "pauses_clock": False,
        **extra,
    }


def workflow(ficta: str) -> Json:
    states = [
        state("recibida", "Recibida", "Received"),
        state("en_revision", "En revisión", "Under review"),
        state("prevencion", "Prevención", "Information requested"),
        state("aprobada", "Aprobada", "Approved"),
        state("rechazada", "Rechazada", "Rejected"),
        state("desechada", "Desechada", "Dismissed"),
        state("cancelada", "Cancelada", "Withdrawn"),
    ]
    transitions = [
        transition(
            "iniciar_revision",
            "recibida",
            "en_revision",
            "case_officer",
            "Iniciar revisión",
            "Start review",
        ),
        transition(
            "desistir",
            "recibida",
            "cancelada",
            "citizen",
            "Cancelar mi solicitud",
            "Withdraw my application",
        ),
        transition(
            "prevenir",
            "en_revision",
            "prevencion",
            "case_officer",
            "Pedir información",
            "Request information",
            pauses_clock=True,
            requires_comment=True,
        ),
        transition(
            "atender_prevencion",
            "prevencion",
            "en_revision",
            "citizen",
            "Enviar información",
            "Send information",
        ),
        transition(
            "desechar",
            "prevencion",
            "desechada",
            "system",
            "Desechar por plazo vencido",
            "Dismiss: deadline passed",
            trigger="prevencion_vencida",
        ),
        transition("aprobar", "en_revision", "aprobada", "case_officer", "Aprobar", "Approve"),
        transition(
            "rechazar",
            "en_revision",
            "rechazada",
            "case_officer",
            "Rechazar",
            "Reject",
            requires_comment=True,
        ),
    ]
    final = ["aprobada", "rechazada", "desechada", "cancelada"]
    if ficta != "no_aplica":
        state_id = f"ficta_{ficta}"
        states.append(
            state(
                state_id,
                f"{ficta.capitalize()} ficta",
                "Deemed approval" if ficta == "afirmativa" else "Deemed refusal",
            )
        )
        transitions.append(
            transition(
                "configurar_ficta",
                "en_revision",
                state_id,
                "system",
                "Plazo vencido",
                "Deadline passed",
                trigger="plazo_vencido",
            )
        )
        final.append(state_id)
    return {"initial": "recibida", "final": final, "states": states, "transitions": transitions}
