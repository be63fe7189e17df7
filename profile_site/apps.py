from django.apps import AppConfig


class ProfileSiteConfig(AppConfig):
    """The person and their homepage."""

    name = "profile_site"
    verbose_name = "Profile"
