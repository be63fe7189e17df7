import re
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cv.sitemap import SiteSitemap
from profile_site.views import favicon, robots_txt
from publications.views import publication_export, publications_export
from serving.media import serve_media
from serving.page_cache import note_query_used


def paged_sitemap(request: HttpRequest, **kwargs) -> HttpResponse:
    """Wagtail's sitemap, which pages itself with ``?p=`` past 50,000 addresses: the page cache keeps each."""
    page = request.GET.get("p", "")
    note_query_used(request, urlencode({"p": page}) if page not in ("", "1") else "")
    return sitemap(request, sitemaps={"wagtail": SiteSitemap}, **kwargs)


urlpatterns = [
    path("", include("serving.throttle")),  # Wagtail's password and password-reset forms, rate-limited
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.SERVE_MEDIA:  # images only, with headers that keep any file from running (serving/media.py)
    urlpatterns += [re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", serve_media)]

urlpatterns += [
    re_path(r"^publications\.(?P<fmt>bib|ris|json)$", publications_export, name="publications_export"),
    re_path(r"^publications/(?P<slug>[-\w]+)\.(?P<fmt>bib|ris|json)$", publication_export, name="publication_export"),
]
urlpatterns += [path("metrics/", include("metrics.urls")), path("", include("cv.urls"))]
urlpatterns += [
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    path("sitemap.xml", paged_sitemap, name="sitemap"),
    # AcadHomepage served the about page at / and redirected these to it.
    re_path(r"^about(?:/|\.html)$", RedirectView.as_view(url="/", permanent=True, query_string=True)),
]
urlpatterns += [path("", include(wagtail_urls))]
