from django.urls import path, re_path

from . import views
from .models import Kind

urlpatterns = [
    path("citations.json", views.shields_endpoint, {"kind": Kind.CITATIONS}, name="metrics_citations_json"),
    path("h-index.json", views.shields_endpoint, {"kind": Kind.H_INDEX}, name="metrics_h_index_json"),
    path("i10-index.json", views.shields_endpoint, {"kind": Kind.I10_INDEX}, name="metrics_i10_index_json"),
    path("badges/citations.svg", views.citations_badge, name="metrics_citations_badge"),
    re_path(
        r"^badges/(?P<badge_kind>[a-z_]+)/(?P<identifier>[\w.\-]+/[\w.\-]+)\.svg$",
        views.artifact_badge,
        name="metrics_artifact_badge",
    ),
]
