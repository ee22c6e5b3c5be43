"""The officer back office of a government's site, under /gestion/expedientes/."""

from django.urls import path

from cases.office import views
from tenants.backoffice import calendar

app_name = "officer"

urlpatterns = [
    path("", views.inbox_list, name="inbox"),
    path("tablero/", views.dashboard, name="dashboard"),
    path("calendario/", calendar.calendar, name="calendar"),
    path("calendario/agregar/", calendar.calendar_add, name="calendar_add"),
    path("calendario/quitar/", calendar.calendar_remove, name="calendar_remove"),
    path("<uuid:public_id>/", views.case_detail, name="case_detail"),
    path("<uuid:public_id>/transicion/", views.case_transition, name="case_transition"),
    path("<uuid:public_id>/asignacion/", views.case_assign, name="case_assign"),
    path("<uuid:public_id>/notas/", views.case_note, name="case_note"),
    path(
        "<uuid:public_id>/documentos/<uuid:document_id>/",
        views.case_document,
        name="case_document",
    ),
    path(
        "<uuid:public_id>/emitidos/<uuid:output_id>/",
        views.case_output,
        name="case_output",
    ),
]
