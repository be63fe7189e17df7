"""``/media/``: uploaded images and their renditions, served so that nothing there can run.

Every file that enters the media storage is checked (``core/image_checks.py``),
but the folder is served as if it were not: a file stored before those checks,
or put there by hand, must still never become a page or a script of this site.
So each response here

* has a content type from a short list of image types, and any other file is
  ``application/octet-stream`` sent as an attachment (a browser downloads it,
  never renders it);
* carries ``Content-Security-Policy: sandbox; default-src 'none'`` (opened as a
  document, it gets an opaque origin: no script, no cookies, no requests) and
  ``X-Content-Type-Options: nosniff`` (a browser neither guesses HTML in it nor
  runs it as a script, which it refuses for image types);

and documents are never served from here at all: a document may be in a
collection only signed-in users or holders of a password may see, and only
Wagtail's document view (``/documents/<id>/<name>``) checks that. On disk,
too, only the site's own user reads them (see ``keep_private``).

``docs/deployment.md`` shows the same rules for nginx, and how to serve media from
another origin altogether (``MEDIA_URL``), which takes even a sandboxed file off
the site's own origin.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.db.models.signals import post_migrate, post_save
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe
from django.views.static import serve
from wagtail.documents import get_document_model

CONTENT_TYPES = {
    ".avif": "image/avif",
    ".gif": "image/gif",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}
POLICY = "sandbox; default-src 'none'"
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def documents_folder() -> str:
    """Where Wagtail stores documents in the media storage (``documents``)."""
    return str(get_document_model()._meta.get_field("file").upload_to).strip("/")


def is_document(path: str) -> bool:
    """Whether ``path`` (relative to the media root) is in, or resolves into, the documents folder."""
    normalised = posixpath.normpath("/" + path).lstrip("/")
    folder = documents_folder()
    if normalised.lower() == folder.lower() or normalised.lower().startswith(folder.lower() + "/"):
        return True
    root = Path(settings.MEDIA_ROOT).resolve()
    return Path(root, normalised).resolve().is_relative_to(root / folder)


def protect(response: HttpResponseBase, path: str) -> HttpResponseBase:
    """The headers that keep a media file from running as a page or a script of the site."""
    content_type = CONTENT_TYPES.get(posixpath.splitext(path)[1].lower())
    if content_type is None:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = content_disposition_header(True, posixpath.basename(path))
    else:
        response["Content-Type"] = content_type
    response["Content-Security-Policy"] = POLICY
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def serve_media(request: HttpRequest, path: str) -> HttpResponseBase:
    """A file of ``MEDIA_ROOT``, when Django serves media itself (``SERVE_MEDIA``, the default)."""
    if "\x00" in path:  # no file has one in its name; the file system would refuse it with an error
        raise Http404("No such file.")
    if is_document(path):
        raise Http404("Documents are served at /documents/.")
    return protect(serve(request, path, document_root=settings.MEDIA_ROOT), path)


def keep_private(storage: Storage, name: str) -> None:
    """Let only the site's own user read the document ``name`` on disk, and list its folder.

    The database, its backups and the cache are private to that user; a
    document in a private collection must not be readable by every other
    account on the server, nor by a web server pointed at ``MEDIA_ROOT`` (which
    still reads the images). Storage that is not a local disk (S3) keeps its
    own access rules.
    """
    try:
        path = Path(storage.path(name))
    except NotImplementedError:
        return
    try:
        path.parent.chmod(PRIVATE_FOLDER)
        path.chmod(PRIVATE_FILE)
    except FileNotFoundError:  # a document whose file is gone (deleted meanwhile, or never restored)
        return


def _document_saved(instance: Any, **kwargs: Any) -> None:
    """Each upload, replaced file and edit of a document (which narrows one stored before this rule)."""
    if instance.file:
        keep_private(instance.file.storage, instance.file.name)


def _documents_migrated(**kwargs: Any) -> None:
    """Every upgrade runs ``migrate``: then document files stored before this rule are narrowed too."""
    folder = documents_folder()
    try:
        default_storage.path(folder)  # storage elsewhere than on a local disk is not listed, to no end
        _, names = default_storage.listdir(folder)
    except (NotImplementedError, FileNotFoundError):
        return
    for name in names:
        keep_private(default_storage, f"{folder}/{name}")


def connect_signals() -> None:
    post_save.connect(_document_saved, sender=get_document_model(), dispatch_uid="private-documents-saved")
    post_migrate.connect(
        _documents_migrated, sender=apps.get_app_config("wagtaildocs"), dispatch_uid="private-documents-migrated"
    )
