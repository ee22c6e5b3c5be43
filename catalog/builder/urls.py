"""/gestion/publicacion/<slug>/constructor/…: included in catalog.backoffice.urls, so every
name lives in the "publisher" namespace, prefixed builder_."""

from django.urls import path

from catalog.builder import views, views_preview, views_publish

app_patterns = [
    path("", views.builder_home, name="builder_home"),
    path("ficha/", views.builder_ficha, name="builder_ficha"),
    path("json/", views.builder_json, name="builder_json"),
    path("vista-previa/", views_preview.builder_preview, name="builder_preview"),
    path("publicar/", views_publish.builder_publish_page, name="builder_publish"),
]

# Under /gestion/publicacion/constructor/ (no app yet).
start_patterns = [
    path("nuevo/", views.builder_start_page, name="builder_start"),
]
