from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = "Publications"

    def ready(self) -> None:
        from serving import fragments

        from .fragments import NEUTRAL

        fragments.register_neutral(*NEUTRAL)
