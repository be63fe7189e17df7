from django.apps import AppConfig


class CVConfig(AppConfig):
    name = "cv"
    verbose_name = "CV"
    default_auto_field = "django.db.models.BigAutoField"
