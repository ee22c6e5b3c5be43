"""Each demo government's jurisdiction facts: its identity service and its agencies, under the
keys shared apps name them by (`{{dependencia.movilidad.siglas}}`, vocabulary.AGENCY_KEYS).

Real names (2025–2026); acronyms as the governments use them. Written straight to the public
schema, always for one government, then `facts_changed` so cached effective definitions of its
apps are rebuilt with the new values.
"""

from __future__ import annotations

from django.db import transaction

from catalog.definition.vocabulary import AGENCY_KEYS
from demo.steps import Reporter
from tenants.jurisdiction import facts_changed
from tenants.models import Agency, Government

# key → (name in Spanish, name in English, acronym)
AgencyFacts = dict[str, tuple[str, str, str]]

CDMX_AGENCIES: AgencyFacts = {
    "gobierno": (
        "Secretaría de Gobierno de la Ciudad de México",
        "Mexico City Government Secretariat",
        "SECGOB",
    ),
    "hacienda": (
        "Secretaría de Administración y Finanzas",
        "Ministry of Administration and Finance",
        "SAF",
    ),
    "movilidad": ("Secretaría de Movilidad", "Ministry of Mobility", "SEMOVI"),
    "registro_civil": ("Dirección General del Registro Civil", "Civil Registry", "DGRC"),
    "agua": ("Sistema de Aguas de la Ciudad de México", "Mexico City Water System", "SACMEX"),
    "desarrollo_urbano": (
        "Secretaría de Desarrollo Urbano y Vivienda",
        "Ministry of Urban Development and Housing",
        "SEDUVI",
    ),
    "catastro": ("Subtesorería de Catastro y Padrón Territorial", "Land Registry Office", "SAF"),
    "medio_ambiente": ("Secretaría del Medio Ambiente", "Ministry of the Environment", "SEDEMA"),
    "seguridad": ("Secretaría de Seguridad Ciudadana", "Ministry of Citizen Security", "SSC"),
    "fiscalia": (
        "Fiscalía General de Justicia de la Ciudad de México",
        "Mexico City Attorney General's Office",
        "FGJ",
    ),
    "sistema_penitenciario": (
        "Subsecretaría de Sistema Penitenciario",
        "Prison System Undersecretariat",
        "SSP",
    ),
    "contraloria": ("Secretaría de la Contraloría General", "Comptroller General", "SCG"),
    "proteccion_civil": (
        "Secretaría de Gestión Integral de Riesgos y Protección Civil",
        "Risk Management and Civil Protection",
        "SGIRPC",
    ),
    "economia": (
        "Secretaría de Desarrollo Económico",
        "Ministry of Economic Development",
        "SEDECO",
    ),
    "trabajo": (
        "Secretaría de Trabajo y Fomento al Empleo",
        "Ministry of Labour and Employment",
        "STyFE",
    ),
    "educacion": (
        "Secretaría de Educación, Ciencia, Tecnología e Innovación",
        "Ministry of Education, Science, Technology and Innovation",
        "SECTEI",
    ),
    "salud": (
        "Secretaría de Salud de la Ciudad de México",
        "Mexico City Ministry of Health",
        "SEDESA",
    ),
    "cultura": ("Secretaría de Cultura", "Ministry of Culture", "SECULT"),
    "servicios_urbanos": (
        "Secretaría de Obras y Servicios",
        "Ministry of Public Works and Services",
        "SOBSE",
    ),
    "gobierno_digital": (
        "Agencia Digital de Innovación Pública",
        "Digital Agency for Public Innovation",
        "ADIP",
    ),
    "bienestar": (
        "Secretaría de Inclusión y Bienestar Social",
        "Ministry of Inclusion and Social Welfare",
        "SIBISO",
    ),
}

SONORA_AGENCIES: AgencyFacts = {
    "gobierno": (
        "Secretaría de Gobierno del Estado de Sonora",
        "Sonora Government Secretariat",
        "SEGOB",
    ),
    "hacienda": ("Secretaría de Hacienda del Estado de Sonora", "Sonora Ministry of Finance", "SH"),
    "movilidad": (
        "Instituto de Movilidad y Transporte para el Estado de Sonora",
        "Sonora Mobility and Transport Institute",
        "IMTES",
    ),
    "registro_civil": (
        "Dirección General del Registro Civil del Estado de Sonora",
        "Sonora Civil Registry",
        "RC Sonora",
    ),
    "agua": ("Comisión Estatal del Agua", "State Water Commission", "CEA"),
    "desarrollo_urbano": (
        "Secretaría de Infraestructura y Desarrollo Urbano",
        "Ministry of Infrastructure and Urban Development",
        "SIDUR",
    ),
    "catastro": (
        "Instituto Catastral y Registral del Estado de Sonora",
        "Sonora Land Registry Institute",
        "ICRESON",
    ),
    "medio_ambiente": (
        "Comisión de Ecología y Desarrollo Sustentable del Estado de Sonora",
        "Sonora Ecology and Sustainable Development Commission",
        "CEDES",
    ),
    "seguridad": (
        "Secretaría de Seguridad Pública del Estado de Sonora",
        "Sonora Ministry of Public Security",
        "SSP",
    ),
    "fiscalia": (
        "Fiscalía General de Justicia del Estado de Sonora",
        "Sonora Attorney General's Office",
        "FGJE",
    ),
    "sistema_penitenciario": ("Sistema Estatal Penitenciario", "State Prison System", "SIEP"),
    "contraloria": ("Secretaría de la Contraloría General", "Comptroller General", "SECOG"),
    "proteccion_civil": (
        "Coordinación Estatal de Protección Civil",
        "State Civil Protection",
        "CEPC",
    ),
    "economia": ("Secretaría de Economía del Estado de Sonora", "Sonora Ministry of Economy", "SE"),
    "trabajo": ("Secretaría del Trabajo del Estado de Sonora", "Sonora Ministry of Labour", "ST"),
    "educacion": ("Secretaría de Educación y Cultura", "Ministry of Education and Culture", "SEC"),
    "salud": (
        "Secretaría de Salud Pública del Estado de Sonora",
        "Sonora Ministry of Public Health",
        "SSA",
    ),
    "cultura": ("Instituto Sonorense de Cultura", "Sonora Institute of Culture", "ISC"),
    "servicios_urbanos": (
        "Secretaría de Infraestructura y Desarrollo Urbano",
        "Ministry of Infrastructure and Urban Development",
        "SIDUR",
    ),
    "gobierno_digital": (
        "Dirección General de Gobierno Digital",
        "Digital Government Office",
        "DGGD",
    ),
    "bienestar": ("Secretaría de Desarrollo Social", "Ministry of Social Development", "SEDESSON"),
}

YUCATAN_AGENCIES: AgencyFacts = {
    "gobierno": ("Secretaría General de Gobierno", "General Secretariat of Government", "SGG"),
    "hacienda": (
        "Agencia de Administración Fiscal de Yucatán",
        "Yucatán Tax Administration Agency",
        "AAFY",
    ),
    "movilidad": (
        "Instituto de Movilidad y Desarrollo Urbano Territorial",
        "Institute of Mobility and Urban Development",
        "IMDUT",
    ),
    "registro_civil": (
        "Dirección del Registro Civil del Estado de Yucatán",
        "Yucatán Civil Registry",
        "RC Yucatán",
    ),
    "agua": (
        "Junta de Agua Potable y Alcantarillado de Yucatán",
        "Yucatán Water and Sewerage Board",
        "JAPAY",
    ),
    "desarrollo_urbano": (
        "Instituto de Movilidad y Desarrollo Urbano Territorial",
        "Institute of Mobility and Urban Development",
        "IMDUT",
    ),
    "catastro": (
        "Instituto de Seguridad Jurídica Patrimonial de Yucatán",
        "Yucatán Property Registry Institute",
        "INSEJUPY",
    ),
    "medio_ambiente": (
        "Secretaría de Desarrollo Sustentable",
        "Ministry of Sustainable Development",
        "SDS",
    ),
    "seguridad": ("Secretaría de Seguridad Pública", "Ministry of Public Security", "SSP"),
    "fiscalia": (
        "Fiscalía General del Estado de Yucatán",
        "Yucatán Attorney General's Office",
        "FGE",
    ),
    "sistema_penitenciario": (
        "Dirección de Ejecución y Reinserción Social",
        "Sentence Enforcement and Reintegration Office",
        "DERS",
    ),
    "contraloria": ("Secretaría de la Contraloría General", "Comptroller General", "SCG"),
    "proteccion_civil": (
        "Coordinación Estatal de Protección Civil",
        "State Civil Protection",
        "PROCIVY",
    ),
    "economia": (
        "Secretaría de Fomento Económico y Trabajo",
        "Ministry of Economic Development and Labour",
        "SEFOET",
    ),
    "trabajo": (
        "Secretaría de Fomento Económico y Trabajo",
        "Ministry of Economic Development and Labour",
        "SEFOET",
    ),
    "educacion": (
        "Secretaría de Educación del Gobierno del Estado de Yucatán",
        "Yucatán Ministry of Education",
        "SEGEY",
    ),
    "salud": ("Servicios de Salud de Yucatán", "Yucatán Health Services", "SSY"),
    "cultura": (
        "Secretaría de la Cultura y las Artes",
        "Ministry of Culture and the Arts",
        "SEDECULTA",
    ),
    "servicios_urbanos": ("Secretaría de Obras Públicas", "Ministry of Public Works", "SOP"),
    "gobierno_digital": (
        "Agencia de Transformación Digital de Yucatán",
        "Yucatán Digital Transformation Agency",
        "ATDY",
    ),
    "bienestar": ("Secretaría de Bienestar", "Ministry of Welfare", "SEBIEN"),
}

# Yucatán uses the federal identity service (states may: Ley Nacional para Eliminar Trámites
# Burocráticos, art. 68).
JURISDICTIONS: dict[str, tuple[str, AgencyFacts]] = {
    "cdmx": ("Llave CDMX", CDMX_AGENCIES),
    "sonora": ("Llave Sonora", SONORA_AGENCIES),
    "yucatan": ("Llave MX", YUCATAN_AGENCIES),
}

assert all(set(agencies) <= set(AGENCY_KEYS) for _name, agencies in JURISDICTIONS.values())


def agency_of(slug: str, key: str) -> tuple[str, str, str]:
    """A demo government's agency for a key (its Secretaría de Gobierno when it has none)."""
    agencies = JURISDICTIONS[slug][1]
    return agencies.get(key) or agencies["gobierno"]


@transaction.atomic
def jurisdiction_facts_load(government: Government) -> bool:
    """Writes the government's identity service and agencies; True when anything changed."""
    if government.slug not in JURISDICTIONS:
        return False
    provider, agencies = JURISDICTIONS[government.slug]
    changed = False
    if government.identity_provider_name != provider:
        government.identity_provider_name = provider
        government.save(update_fields=["identity_provider_name", "updated_at"])
        changed = True
    for key, (name_es, name_en, acronym) in agencies.items():
        values = {"name_es": name_es, "name_en": name_en, "acronym": acronym}
        agency = Agency.objects.filter(government=government, key=key).first()
        if agency is None:
            Agency.objects.create(government=government, key=key, **values)
            changed = True
        elif any(getattr(agency, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(agency, field, value)
            agency.save()
            changed = True
    if changed:
        facts_changed(government)
    return changed


def load_jurisdictions(report: Reporter) -> None:
    for government in Government.objects.filter(slug__in=list(JURISDICTIONS)).order_by("slug"):
        changed = jurisdiction_facts_load(government)
        provider, agencies = JURISDICTIONS[government.slug]
        report(
            f"    {government.slug}: {provider}, {len(agencies)} dependencias"
            f"{'' if changed else ' (sin cambios / unchanged)'}"
        )
