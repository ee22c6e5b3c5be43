"""The vocabulary of the synthetic example apps: categories, actions, documents and places."""

from __future__ import annotations

from dataclasses import dataclass

ACCEPT_DOCUMENTS = ["application/pdf", "image/jpeg", "image/png"]


def t(es: str, en: str) -> dict[str, str]:
    return {"es-MX": es, "en": en}


@dataclass(frozen=True)
class Category:
    slug: str
    agency_es: str
    agency_en: str
    acronym: str
    subjects: tuple[tuple[str, str], ...]  # (es, en) nouns the procedure is about
    synonyms: tuple[str, ...]


CATEGORIES: tuple[Category, ...] = (
    Category(
        "movilidad",
        "Secretaría de Movilidad",
        "Ministry of Mobility",
        "SEMOVI",
        (
            ("transporte escolar", "school transport"),
            ("bicitaxi", "pedicab"),
            ("vehículo de carga", "goods vehicle"),
            ("taxi", "taxi"),
            ("estacionamiento público", "public car park"),
            ("motocicleta de reparto", "delivery motorcycle"),
        ),
        ("transporte", "vehículo", "movilidad", "concesión"),
    ),
    Category(
        "registro-civil",
        "Dirección General del Registro Civil",
        "Civil Registry",
        "DGRC",
        (
            ("reconocimiento de hijo", "acknowledgement of a child"),
            ("anotación marginal", "margin note"),
            ("rectificación de acta", "record correction"),
            ("inscripción de sentencia", "court ruling registration"),
        ),
        ("acta", "registro civil", "juzgado", "estado civil"),
    ),
    Category(
        "desarrollo-urbano",
        "Secretaría de Desarrollo Urbano y Vivienda",
        "Ministry of Urban Development and Housing",
        "SEDUVI",
        (
            ("anuncio publicitario", "billboard"),
            ("fusión de predios", "plot merger"),
            ("subdivisión de predio", "plot subdivision"),
            ("polígono de actuación", "development area"),
            ("demolición", "demolition"),
        ),
        ("predio", "obra", "uso de suelo", "construcción"),
    ),
    Category(
        "negocios",
        "Secretaría de Desarrollo Económico",
        "Ministry of Economic Development",
        "SEDECO",
        (
            ("mercado público", "public market"),
            ("puesto semifijo", "street stall"),
            ("tianguis", "open-air market"),
            ("espectáculo público", "public show"),
            ("venta en vía pública", "street vending"),
        ),
        ("negocio", "comercio", "local", "emprendedor"),
    ),
    Category(
        "agua",
        "Sistema de Aguas",
        "Water System",
        "SACMEX",
        (
            ("pozo de absorción", "soakaway"),
            ("reúso de agua tratada", "treated water reuse"),
            ("medidor de agua", "water meter"),
            ("cisterna comunitaria", "community tank"),
        ),
        ("agua", "drenaje", "toma", "medidor"),
    ),
    Category(
        "pagos",
        "Secretaría de Administración y Finanzas",
        "Ministry of Administration and Finance",
        "SAF",
        (
            ("impuesto sobre nóminas", "payroll tax"),
            ("impuesto por hospedaje", "lodging tax"),
            ("devolución de pago indebido", "refund of an undue payment"),
            ("convenio de pago en parcialidades", "instalment agreement"),
        ),
        ("pago", "impuesto", "línea de captura", "tesorería"),
    ),
    Category(
        "seguridad",
        "Secretaría de Seguridad Ciudadana",
        "Ministry of Citizen Security",
        "SSC",
        (
            ("empresa de seguridad privada", "private security company"),
            ("evento masivo", "mass event"),
            ("cámara vecinal", "neighbourhood camera"),
            ("alarma vecinal", "neighbourhood alarm"),
        ),
        ("seguridad", "policía", "vigilancia", "prevención"),
    ),
    Category(
        "cultura",
        "Secretaría de Cultura",
        "Ministry of Culture",
        "SECULT",
        (
            ("uso de foro cultural", "cultural venue booking"),
            ("festival comunitario", "community festival"),
            ("taller en casa de cultura", "community arts workshop"),
            ("mural en vía pública", "street mural"),
        ),
        ("cultura", "arte", "foro", "evento"),
    ),
    Category(
        "servicios-urbanos",
        "Secretaría de Obras y Servicios",
        "Ministry of Public Works and Services",
        "SOBSE",
        (
            ("retiro de cascajo", "rubble removal"),
            ("balizamiento", "road marking"),
            ("rampa en banqueta", "kerb ramp"),
            ("recolección de residuos voluminosos", "bulky waste collection"),
        ),
        ("calle", "banqueta", "servicio urbano", "alcaldía"),
    ),
    Category(
        "medio-ambiente",
        "Secretaría del Medio Ambiente",
        "Ministry of the Environment",
        "SEDEMA",
        (
            ("licencia ambiental única", "single environmental licence"),
            ("huerto urbano", "urban garden"),
            ("fuente fija de emisiones", "stationary emissions source"),
            ("azotea verde", "green roof"),
        ),
        ("medio ambiente", "emisiones", "residuos", "árboles"),
    ),
    Category(
        "programas-sociales",
        "Secretaría de Bienestar e Igualdad Social",
        "Ministry of Welfare and Social Equality",
        "SEBIEN",
        (
            ("apoyo a personas cuidadoras", "carers' support"),
            ("beca escolar", "school grant"),
            ("apoyo para útiles escolares", "school supplies support"),
            ("comedor comunitario", "community kitchen"),
        ),
        ("apoyo", "programa social", "beca", "bienestar"),
    ),
    Category(
        "educacion",
        "Secretaría de Educación",
        "Ministry of Education",
        "SECTEI",
        (
            ("revalidación de estudios", "recognition of studies"),
            ("equivalencia de estudios", "equivalence of studies"),
            ("constancia de estudios", "certificate of studies"),
            ("inscripción a preparatoria", "high-school enrolment"),
        ),
        ("escuela", "estudios", "certificado", "educación"),
    ),
)

# (Spanish template, English template, kind)
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Permiso de {s}", "Permit for {s}", "tramite"),
    ("Constancia de {s}", "Certificate of {s}", "tramite"),
    ("Registro de {s}", "Registration of {s}", "tramite"),
    ("Renovación de {s}", "Renewal of {s}", "tramite"),
    ("Aviso de {s}", "Notice of {s}", "tramite"),
    ("Solicitud de {s}", "Request for {s}", "servicio"),
    ("Consulta de {s}", "Enquiry about {s}", "servicio"),
)

DOCUMENTS: tuple[tuple[str, str, str], ...] = (
    ("identificacion_oficial", "Identificación oficial vigente", "Valid official ID"),
    (
        "comprobante_domicilio",
        "Comprobante de domicilio (no mayor a 3 meses)",
        "Proof of address (no older than 3 months)",
    ),
    ("constancia_curp", "Constancia de CURP", "CURP certificate"),
    ("acreditacion_propiedad", "Documento que acredite la propiedad", "Proof of ownership"),
    ("fotografias", "Fotografías del lugar", "Photos of the site"),
    ("acta_constitutiva", "Acta constitutiva", "Articles of incorporation"),
    ("croquis", "Croquis de ubicación", "Location sketch"),
)

PUBLISHER_PLACES = {
    "cdmx": ("la Ciudad de México", "Mexico City"),
    "sonora": ("el Estado de Sonora", "the State of Sonora"),
}
