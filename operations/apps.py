from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the site: backups, the static export, the CDN in front."""

    name = "operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        from serving.page_cache import content_changed

        from .cdn import purge_frontend_cache

        content_changed.connect(purge_frontend_cache, dispatch_uid="operations-cdn-purge")
