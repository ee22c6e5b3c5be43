"""Citizen pages of a government's site: procedures, filing, "my procedures", verification."""

from django.urls import path

from cases.filing import case_views, views
from cases.outputs import views as outputs_views

app_name = "cases"

urlpatterns = [
    path("tramites/<str:key>/", views.procedure_detail, name="procedure"),
    path("tramites/<str:key>/solicitud/", views.filing_start, name="filing"),
    path(
        "tramites/<str:key>/solicitud/paso/<str:step_id>/",
        views.filing_step,
        name="filing_step",
    ),
    path(
        "tramites/<str:key>/solicitud/documentos/",
        views.filing_documents,
        name="filing_documents",
    ),
    path("tramites/<str:key>/solicitud/resumen/", views.filing_summary, name="filing_summary"),
    path("tramites/<str:key>/solicitud/presentar/", views.filing_submit, name="filing_submit"),
    path(
        "tramites/<str:key>/solicitud/autoguardado/",
        views.filing_autosave,
        name="filing_autosave",
    ),
    path("mis-tramites/", case_views.my_cases, name="my_cases"),
    path("mis-tramites/<uuid:public_id>/", case_views.case_detail, name="case_detail"),
    path(
        "mis-tramites/<uuid:public_id>/presentada/",
        case_views.case_confirmation,
        name="case_confirmation",
    ),
    path(
        "mis-tramites/<uuid:public_id>/correccion/",
        case_views.case_correction,
        name="case_correction",
    ),
    path(
        "mis-tramites/<uuid:public_id>/documentos/<uuid:document_id>/",
        case_views.case_document_download,
        name="case_document",
    ),
    path(
        "mis-tramites/<uuid:public_id>/emitidos/<uuid:output_id>/",
        case_views.case_output_download,
        name="case_output",
    ),
    path("verificar/<str:token>/", outputs_views.verify, name="verify"),
]
