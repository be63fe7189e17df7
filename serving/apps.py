from django.apps import AppConfig


class ServingConfig(AppConfig):
    """Between the web and the site: headers, the page cache, media, throttling."""

    name = "serving"
    verbose_name = "Serving"

    def ready(self) -> None:
        from .page_cache import connect_signals

        connect_signals()
