"""Admin-only endpoints behind the markdown editor.

django-markdownx ships these views unauthenticated and its upload accepts SVG;
here they live under ``/admin/`` (Wagtail requires an editor's login for every
admin URL), the preview goes through the sanitiser, and uploads become
ordinary images of the image library, validated by content, size and pixels.

Also the public views of the person app: ``/robots.txt`` for crawlers and
``/favicon.ico`` for the browsers, feed readers and crawlers that ask for it by name.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form
from wagtail.models import Collection, Site
from wagtail.permissions import policy_registry

from core.markdown import MAX_LENGTH as MARKDOWN_MAX_LENGTH
from core.markdown import render_markdown
from core.renditions import IMAGE_IN_MARKDOWN
from core.seo import absolute_url

from .models import ProfileSettings


@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """The preview shows what visitors will see; a text no field would save is not rendered."""
    content = request.POST.get("content", "")
    if len(content) > MARKDOWN_MAX_LENGTH:
        message = f"Too long to preview: {len(content):,} characters, at most {MARKDOWN_MAX_LENGTH:,}."
        return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
    return HttpResponse(render_markdown(content))


@require_POST
def markdown_image_upload(request: HttpRequest) -> JsonResponse:
    image_model = get_image_model()
    if not policy_registry.get_by_type(image_model).user_has_permission(request.user, "add"):
        return JsonResponse({"image": ["You are not allowed to add images."]}, status=403)
    upload = request.FILES.get("image")
    if upload is None:
        return JsonResponse({"image": ["No image was sent."]}, status=400)
    form_class = get_image_form(image_model)
    form = form_class(
        data={"title": upload.name.rsplit(".", 1)[0][:255], "collection": Collection.get_first_root_node().pk},
        files={"file": upload},
        user=request.user,
    )
    if not form.is_valid():
        return JsonResponse({"image": [str(error) for error in form.errors.get("file", form.errors)]}, status=400)
    image = form.save(commit=False)
    image.uploaded_by_user = request.user
    image.save()
    rendition = image.get_rendition(IMAGE_IN_MARKDOWN)
    return JsonResponse({"image_code": f"![{image.default_alt_text}]({rendition.url})"})


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read every public page (not the admin) and find them all in the sitemap."""
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {absolute_url(request, reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request: HttpRequest) -> HttpResponse:
    """The profile's icon (Settings → Profile), else the default one; a temporary redirect, as it may change."""
    site = Site.find_for_request(request)
    icon = ProfileSettings.for_site(site).favicon if site else None
    url = icon.get_rendition("fill-32x32|format-png").url if icon else static("favicon.svg")
    return HttpResponseRedirect(url)
