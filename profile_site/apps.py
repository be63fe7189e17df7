from django.apps import AppConfig


class ProfileSiteConfig(AppConfig):
    """The person and their homepage."""

    name = "profile_site"
    verbose_name = "Profile"

    def ready(self) -> None:
        from profile_site import page_cache

        page_cache.connect_signals()
