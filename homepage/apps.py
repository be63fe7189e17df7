from django.apps import AppConfig


class HomepageConfig(AppConfig):
    """The homepage: its sections gather the person's profile, papers, news and CV entries."""

    name = "homepage"
    verbose_name = "Homepage"
