from django.urls import path

from .views import cv_json, cv_page, cv_pdf

urlpatterns = [
    path("cv/", cv_page, name="cv"),
    path("cv.pdf", cv_pdf, name="cv_pdf"),  # in the owner's paper size
    path("cv-a4.pdf", cv_pdf, {"paper": "a4"}, name="cv_pdf_a4"),
    path("cv-letter.pdf", cv_pdf, {"paper": "us-letter"}, name="cv_pdf_letter"),
    path("cv.json", cv_json, name="cv_json"),
]
