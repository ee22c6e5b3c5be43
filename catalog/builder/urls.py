"""/gestion/publicacion/<slug>/constructor/…: included in catalog.backoffice.urls, so every
name lives in the "publisher" namespace, prefixed builder_."""

from django.urls import path

from catalog.builder import (
    views,
    views_conditions,
    views_costs,
    views_costs_concept,
    views_documents,
    views_flow,
    views_local,
    views_preview,
    views_publish,
    views_steps,
)

app_patterns = [
    path("", views.builder_home, name="builder_home"),
    path("ficha/", views.builder_ficha, name="builder_ficha"),
    path("json/", views.builder_json, name="builder_json"),
    path("pasos/", views_steps.builder_steps, name="builder_steps"),
    path("pasos/<slug:step_id>/", views_steps.builder_step_edit, name="builder_step_edit"),
    path(
        "pasos/<slug:step_id>/preguntas/<slug:field_id>/",
        views_steps.builder_field_edit,
        name="builder_field_edit",
    ),
    path("costos/", views_costs.builder_costs, name="builder_costs"),
    path(
        "costos/concepto/<str:concept_id>/",
        views_costs_concept.builder_cost_concept,
        name="builder_cost_concept",
    ),
    path("ajustes/", views_local.builder_local, name="builder_local"),
    path("condiciones/", views_conditions.builder_conditions, name="builder_conditions"),
    path(
        "condiciones/nueva/",
        views_conditions.builder_condition_edit,
        name="builder_condition_new",
    ),
    path(
        "condiciones/regla/<str:rule_id>/",
        views_conditions.builder_condition_edit,
        name="builder_condition_edit",
    ),
    path("documentos/", views_documents.builder_documents, name="builder_documents"),
    path(
        "documentos/nuevo/",
        views_documents.builder_document_edit,
        name="builder_document_new",
    ),
    path(
        "documentos/documento/<str:document_id>/",
        views_documents.builder_document_edit,
        name="builder_document_edit",
    ),
    path("flujo/", views_flow.builder_workflow, name="builder_workflow"),
    path(
        "flujo/estado-nuevo/",
        views_flow.builder_workflow_state_new,
        name="builder_workflow_state_new",
    ),
    path(
        "flujo/estados/<str:state_id>/",
        views_flow.builder_workflow_state,
        name="builder_workflow_state",
    ),
    path(
        "flujo/estados/<str:state_id>/quitar/",
        views_flow.builder_workflow_state_remove,
        name="builder_workflow_state_remove",
    ),
    path(
        "flujo/transicion-nueva/",
        views_flow.builder_workflow_transition,
        name="builder_workflow_transition_new",
    ),
    path(
        "flujo/transiciones/<str:transition_id>/",
        views_flow.builder_workflow_transition,
        name="builder_workflow_transition",
    ),
    path(
        "flujo/documento-nuevo/",
        views_flow.builder_workflow_output,
        name="builder_workflow_output_new",
    ),
    path(
        "flujo/documentos/<str:output_id>/",
        views_flow.builder_workflow_output,
        name="builder_workflow_output",
    ),
    path("vista-previa/", views_preview.builder_preview, name="builder_preview"),
    path("publicar/", views_publish.builder_publish_page, name="builder_publish"),
]

# Under /gestion/publicacion/constructor/ (no app yet).
start_patterns = [
    path("nuevo/", views.builder_start_page, name="builder_start"),
]
