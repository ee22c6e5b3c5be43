"""Enabled-apps API, included at `api/v1/enabled-apps/` on every government's host only."""

from django.urls import path

from apps_registry.api import views

app_name = "enabled_apps_api"

ONE = "<uuid:public_id>/"

urlpatterns = [
    path("", views.EnabledAppListView.as_view(), name="list"),
    path(ONE, views.EnabledAppDetailView.as_view(), name="detail"),
    path(f"{ONE}local-values/", views.EnabledAppLocalValuesView.as_view(), name="local-values"),
    path(f"{ONE}upgrade/", views.EnabledAppUpgradeView.as_view(), name="upgrade"),
    path(f"{ONE}pause/", views.EnabledAppPauseView.as_view(), name="pause"),
    path(f"{ONE}resume/", views.EnabledAppResumeView.as_view(), name="resume"),
    path(f"{ONE}go-live/", views.EnabledAppGoLiveView.as_view(), name="go-live"),
    path(f"{ONE}disable/", views.EnabledAppDisableView.as_view(), name="disable"),
]
