"""The sitemap: Wagtail's pages, and the CV page."""

from __future__ import annotations

from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap


class SiteSitemap(Sitemap):
    def get_urls(self, page=1, site=None, protocol=None):
        urls = list(super().get_urls(page=page, site=site, protocol=protocol))
        site = self.get_wagtail_site()
        if page == 1 and site is not None:  # as the pages' addresses are, from the site's root URL
            urls.append({"item": None, "location": site.root_url + reverse("cv"), "lastmod": None})
        return urls
