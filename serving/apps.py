from django.apps import AppConfig


class ServingConfig(AppConfig):
    """Between the web and the site: headers, the page cache, media, throttling."""

    name = "serving"
    verbose_name = "Serving"

    def ready(self) -> None:
        from . import media, page_cache, redirects

        page_cache.connect_signals()
        media.connect_signals()
        redirects.connect_signals()
