from django.urls import path

from .views import cv_json, cv_page, cv_pdf

urlpatterns = [
    path("cv/", cv_page, name="cv"),
    path("cv.pdf", cv_pdf, name="cv_pdf"),
    path("cv.json", cv_json, name="cv_json"),
]
