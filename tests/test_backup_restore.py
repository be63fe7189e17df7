"""The backup drill: back a site up, restore it into a new installation, and get the same site.

An archive is only worth something once it has been restored. Each test builds
installations in folders of their own (tests/installations.py), runs
``backup_site`` and ``restore_site`` as an owner would, in their own processes,
and compares what visitors get from both sites byte for byte: every page of the
sitemap, the news archive and feed, the exports, and every image, rendition and
document those pages point to. An archive that is not the site, or holds more
than it declares, is refused with every row and media file left as it was.
And what holds secrets, the database file and the archives, only its owner reads.
"""

from __future__ import annotations

import base64
import datetime
import gzip
import hashlib
import io
import json
import re
import sqlite3
import subprocess
import tarfile
import urllib.request
from pathlib import Path

import pytest

from operations.backup import BackupError
from operations.backup.archive import (
    ArchiveWriter,
    Member,
    checked_name,
    mismatches,
    room,
    unknown_migrations,
    unpack,
)
from operations.backup.database import SQLITE_COLUMNS, column_problems, expected_schema
from operations.backup.operations import archive_path
from tests.file_modes import mode, umask
from tests.installations import Installation, Restored

# An avatar (so renditions of it appear on every page) and a CV (a document the sidebar links to).
ADD_UPLOADS = """
from core.startup import setup
setup()
from io import BytesIO
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Site
from profile_site.models import ProfileSettings

picture = Image.new("RGB", (640, 480), "#2a6f97")
ImageDraw.Draw(picture).ellipse((160, 80, 480, 400), fill="#f4a259")
buffer = BytesIO()
picture.save(buffer, "JPEG", quality=90)
avatar = get_image_model().objects.create(title="Portrait", file=ImageFile(buffer, name="portrait.jpg"))
cv = get_document_model().objects.create(title="CV", file=ContentFile(b"%PDF-1.4 curriculum vitae", name="cv.pdf"))
profile = ProfileSettings.for_site(Site.objects.get(is_default_site=True))
profile.avatar, profile.cv = avatar, cv
profile.save()
"""

# What a visitor can fetch: every sitemap URL, the other public addresses, and each file the pages refer to.
CRAWL = r"""
import base64, json, re, sys
from core.startup import setup
setup()
from urllib.parse import urlsplit
from django.test import Client

client = Client(HTTP_HOST="localhost")

def get(path):
    response = client.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body

seen = {}
status, sitemap = get("/sitemap.xml")
seen["/sitemap.xml"] = (status, sitemap)
paths = [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", sitemap.decode())]
paths += ["/news/", "/news/feed/", "/robots.txt", "/publications.bib", "/publications.ris", "/publications.json",
          "/metrics/citations.json"]
paths += [path.rstrip("/") + ext for path in paths if path.startswith("/publications/") and path != "/publications/"
          for ext in (".bib", ".ris", ".json")]
files = set()
for path in paths:
    status, body = seen.setdefault(path, get(path))
    for reference in re.findall(r'(?:src|href|srcset|content)="([^"]+)"', body.decode(errors="replace")):
        for candidate in reference.split(","):
            address = urlsplit(candidate.strip().split(" ")[0]).path
            if address.startswith(("/media/", "/documents/")):
                files.add(address)
for path in sorted(files):
    seen[path] = get(path)
with open(sys.argv[1], "w") as out:
    json.dump({path: [status, base64.b64encode(body).decode()] for path, (status, body) in seen.items()}, out)
"""


def crawl(site: Installation, name: str = "crawl.json", script: str = CRAWL) -> dict[str, tuple[int, bytes]]:
    target = site.folder / name
    site.python(script, str(target))
    return {path: (status, base64.b64decode(body)) for path, (status, body) in json.loads(target.read_text()).items()}


def assert_same_site(restored: dict, original: dict) -> None:
    assert sorted(restored) == sorted(original)
    for path, (status, body) in original.items():
        assert status == 200, f"{path} answered {status} on the original site"
        assert restored[path][0] == 200, f"{path} answered {restored[path][0]} on the restored site"
        assert restored[path][1] == body, f"{path} differs on the restored site"


def backup(site: Installation, *arguments: str, name: str = "backup.tar.gz") -> tuple[Path, str]:
    """Back ``site`` up into its folder, as ``name`` (or, with an empty name, the dated name backup_site picks)."""
    done = site.manage("backup_site", str(site.folder / name), *arguments)
    written = Path(done.stdout.split("Wrote ", 1)[1].split(" (", 1)[0])
    assert written.is_file() and written.parent == site.folder
    return written, done.stdout


# What the restored archive does not have: words every paper box shows (its BibTeX link), and the site's
# address, which pages give in full (canonical, JSON-LD) from Wagtail's cached site root paths.
CHANGES_AFTER_THE_BACKUP = """
from wagtail.models import Site
from profile_site.models import ProfileSettings
profile = ProfileSettings.objects.get()
profile.bibtex_link = "Cite this one"
profile.save()
site = Site.objects.get(is_default_site=True)
site.hostname, site.port = "www.example.org", 443
site.save()
"""


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our local server
        return response.read().decode()


def restore(site: Installation, archive: Path, *arguments: str):
    return site.manage("restore_site", str(archive), *arguments, check=False)


def rewrite(archive: Path, target: Path, change) -> Path:
    """A copy of ``archive`` with ``change(name, data)`` applied to each member (None drops it)."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz", compresslevel=1) as copy:
        for info in source.getmembers():
            data = change(info.name, source.extractfile(info).read())
            if data is not None:
                info.size = len(data)
                copy.addfile(info, io.BytesIO(data))
    return target


def handmade(target: Path, members: list[tarfile.TarInfo | tuple[str, bytes]]) -> Path:
    with tarfile.open(target, "w:gz", compresslevel=1) as tar:
        for member in members:
            if isinstance(member, tarfile.TarInfo):
                tar.addfile(member)
            else:
                name, data = member
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return target


def assert_refused(done: Restored, *said: str) -> None:
    """restore_site refused the archive: it says why, in a message, and the installation is exactly as it was."""
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and "Nothing was restored." in done.stderr, done.stderr
    for text in said:
        assert text in done.stderr, done.stderr
    assert "Restored" not in done.stdout
    assert not done.changed, "the installation changed"


def database_of(archive: Path) -> bytes:
    with tarfile.open(archive) as tar:
        return tar.extractfile("database.sqlite3").read()


def with_database(archive: Path, target: Path, database: bytes) -> Path:
    """A copy of ``archive`` holding ``database``, its manifest agreeing: only the database itself is wrong."""

    def change(name: str, data: bytes) -> bytes:
        if name.startswith("database."):
            return database
        if name == "manifest.json":
            manifest = json.loads(data)
            entry = next(entry for entry in manifest["files"] if entry["path"].startswith("database."))
            entry["size"], entry["sha256"] = len(database), hashlib.sha256(database).hexdigest()
            return json.dumps(manifest).encode()
        return data

    return rewrite(archive, target, change)


def edited_database(archive: Path, folder: Path, *scripts: str) -> bytes:
    """The archive's database after ``scripts``, each in a connection of its own (which sees the schema anew)."""
    path = folder / "edited.sqlite3"
    path.write_bytes(database_of(archive))
    for script in scripts:
        connection = sqlite3.connect(path)
        connection.executescript(script)
        connection.close()
    return path.read_bytes()


def empty_database(folder: Path) -> bytes:
    """A valid SQLite file with nothing in it."""
    path = folder / "empty.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 1")
    connection.close()
    return path.read_bytes()


def damaged_database(archive: Path, folder: Path) -> bytes:
    """The archive's database with the page that holds the site's pages scribbled over."""
    path = folder / "damaged.sqlite3"
    path.write_bytes(database_of(archive))
    connection = sqlite3.connect(path)
    (page_size,) = connection.execute("PRAGMA page_size").fetchone()
    (root,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'wagtailcore_page'").fetchone()
    connection.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    data[start + 100 : start + page_size - 100] = b"\xa5" * (page_size - 200)
    return bytes(data)


def members_without_end(archive: Path) -> bytes:
    """The uncompressed tar of every member but the manifest, with no end-of-archive: what follows is the test's."""
    buffer = io.BytesIO()
    with tarfile.open(archive) as source, tarfile.open(fileobj=buffer, mode="w") as copy:
        for info in source.getmembers():
            if info.name != "manifest.json":
                copy.addfile(info, source.extractfile(info))
        return buffer.getvalue()[: copy.offset]


def with_member(archive: Path, target: Path, extra: tarfile.TarInfo) -> Path:
    """A copy of ``archive`` with ``extra`` (a link, a device, ...) before its manifest."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz", compresslevel=1) as copy:
        for info in source.getmembers():
            if info.name == "manifest.json":
                copy.addfile(extra)
            copy.addfile(info, source.extractfile(info))
    return target


def declaring(archive: Path, target: Path, size: int) -> Path:
    """The archive's files, then a member whose header claims ``size`` bytes and whose data stops after 1 MiB."""
    bomb = tarfile.TarInfo("media/original_images/bomb.png")
    bomb.size = size
    target.write_bytes(gzip.compress(members_without_end(archive) + bomb.tobuf() + bytes(2**20), compresslevel=1))
    return target


def padded(archive: Path, target: Path, size: int) -> Path:
    """The whole archive, then ``size`` zero bytes more inside the same gzip stream."""
    target.write_bytes(gzip.compress(gzip.decompress(archive.read_bytes()) + bytes(size), compresslevel=1))
    return target


def inflated_cv(archive: Path, target: Path, size: int) -> Path:
    """The CV's member ``size`` zero bytes long, while the manifest still lists it at its own size."""
    return rewrite(archive, target, lambda name, data: bytes(size) if name == "media/documents/cv.pdf" else data)


def link(kind: bytes, name: str = "media/original_images/portrait.jpg", target: str = "/etc/passwd"):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info


def with_uploads_crawled(site: Installation) -> dict[str, tuple[int, bytes]]:
    """An avatar and a CV uploaded to ``site``, then every page viewed (so its renditions exist): what it serves."""
    return crawl(site, script=ADD_UPLOADS + CRAWL)


@pytest.fixture(scope="module")
def original_and_site(installations) -> tuple[Installation, dict[str, tuple[int, bytes]]]:
    """The demo site with an uploaded avatar and CV, and what visitors get from it."""
    site = installations.demo("sqlite")
    return site, with_uploads_crawled(site)


@pytest.fixture(scope="module")
def original(original_and_site) -> Installation:
    return original_and_site[0]


@pytest.fixture(scope="module")
def archive(original) -> tuple[Path, str]:
    return backup(original)


@pytest.fixture(scope="module")
def original_site(original_and_site) -> dict[str, tuple[int, bytes]]:
    return original_and_site[1]


def test_backup_then_restore_into_an_empty_installation_gives_the_same_site(
    installations, original, archive, original_site
):
    path, backup_output = archive
    assert "Database: sqlite, copied with SQLite's online backup API" in backup_output
    assert f"Wrote {path}" in backup_output
    with tarfile.open(path) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["database"] == {
        "engine": "sqlite",
        "file": "database.sqlite3",
        "copied_with": "SQLite's online backup API",
    }
    assert manifest["project"]["name"] == "profile_site" and manifest["versions"]["wagtail"].startswith("8.0")
    listed = {entry["path"]: entry for entry in manifest["files"]}
    folders = {path.split("/")[1] for path in listed if path.startswith("media/")}
    assert folders == {"original_images", "images", "documents"}
    assert all(len(entry["sha256"]) == 64 and entry["size"] > 0 for entry in listed.values())
    assert mode(path) == 0o600  # the archive holds password hashes and sessions
    assert {mode(document) for document in (original.media / "documents").iterdir()} == {0o600}

    target = installations.empty("sqlite")
    with umask(0o022):
        done = restore(target, path)
    assert done.returncode == 0, done.stderr
    documents = target.media / "documents"
    assert mode(documents) == 0o700 and {mode(document) for document in documents.iterdir()} == {0o600}
    images = [*(target.media / "original_images").iterdir(), *(target.media / "images").iterdir()]
    assert {mode(image) for image in images} == {0o644}  # a web server may serve these
    assert "every size and SHA-256 as its manifest says" in done.stdout
    assert "Restored the database" in done.stdout and "Emptied the page cache." in done.stdout
    restored = crawl(target)
    assert_same_site(restored, original_site)
    files = [name for name in original_site if name.startswith(("/media/", "/documents/"))]
    assert len(original_site) >= 25 and len(files) >= 8
    assert any(name.startswith("/media/images/portrait.") for name in files)
    assert any(name.startswith("/documents/") and name.endswith("/cv.pdf") for name in files)


TAMPERINGS = {
    "a media file changed": "media/documents/cv.pdf: SHA-256",
    "the manifest changed": "database.sqlite3: SHA-256",
    "a member dropped": "listed in the manifest, missing from the archive",
}


def tampered(archive: Path, target: Path, tampering: str) -> Path:
    def change(name: str, data: bytes) -> bytes | None:
        if tampering == "a media file changed" and name.startswith("media/documents/"):
            return data.replace(b"curriculum", b"CURRICULUM")
        if tampering == "the manifest changed" and name == "manifest.json":
            manifest = json.loads(data)
            entry = next(entry for entry in manifest["files"] if entry["path"] == "database.sqlite3")
            entry["sha256"] = "0" * 64
            return json.dumps(manifest).encode()
        if tampering == "a member dropped" and name.startswith("media/original_images/"):
            return None
        return data

    return rewrite(archive, target, change)


def truncated(archive: Path, target: Path) -> Path:
    target.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    return target


def from_the_future(archive: Path, target: Path) -> Path:
    def change(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"].append("profile_site.9999_from_the_future")
        return json.dumps(manifest).encode()

    return rewrite(archive, target, change)


def reaching_outside(target: Path, how: str) -> Path:
    payload = b"not yours"
    entry = {"path": "media/../../escaped.txt", "size": len(payload), "sha256": "0" * 64}
    manifest = {"format": 1, "database": {"engine": "sqlite"}, "files": [entry]}
    symlink = tarfile.TarInfo("media/original_images/link.png")
    symlink.type, symlink.linkname = tarfile.SYMTYPE, "/etc/passwd"
    members = {
        "traversal": [("media/../../escaped.txt", payload), ("manifest.json", json.dumps(manifest).encode())],
        "absolute": [("/escaped.txt", payload)],
        "symlink": [symlink],
    }[how]
    return handmade(target, members)


@pytest.fixture(scope="module")
def refused_by_an_empty_installation(installations, archive, tmp_path_factory) -> dict[str, Restored]:
    """Archives that are damaged, tampered with or not ours, each restored into the same new installation."""
    path, _ = archive
    folder = tmp_path_factory.mktemp("refused-by-empty")
    made = {case: tampered(path, folder / f"tampered-{number}.tar.gz", case) for number, case in enumerate(TAMPERINGS)}
    made["truncated"] = truncated(path, folder / "truncated.tar.gz")
    made["from the future"] = from_the_future(path, folder / "future.tar.gz")
    for how in ("traversal", "absolute", "symlink"):
        made[how] = reaching_outside(folder / f"{how}.tar.gz", how)
    made["missing"] = folder / "no-such-backup.tar.gz"
    target = installations.empty("sqlite")
    results = dict(zip(made, target.restore_each(made.values()), strict=True))
    assert target.contents() == "", "nothing was written: no database file, no media"
    assert not list(folder.parent.rglob("escaped.txt"))
    return results


@pytest.mark.parametrize("tampering", TAMPERINGS)
def test_a_tampered_archive_is_refused_before_anything_is_restored(refused_by_an_empty_installation, tampering):
    done = refused_by_an_empty_installation[tampering]
    assert_refused(done, "does not match its manifest", TAMPERINGS[tampering])


def test_a_truncated_archive_is_refused(refused_by_an_empty_installation):
    assert_refused(refused_by_an_empty_installation["truncated"], "is damaged or truncated")


@pytest.mark.parametrize("how", ["traversal", "absolute", "symlink"])
def test_member_names_that_reach_outside_are_refused(refused_by_an_empty_installation, how):
    assert_refused(refused_by_an_empty_installation[how])


def test_a_missing_archive_is_reported(refused_by_an_empty_installation):
    done = refused_by_an_empty_installation["missing"]
    assert done.returncode != 0 and "There is no archive at" in done.stderr
    assert not done.changed


def test_an_archive_from_a_newer_version_is_refused(refused_by_an_empty_installation):
    assert_refused(
        refused_by_an_empty_installation["from the future"],
        "made by a newer version of the site",
        "profile_site.9999_from_the_future",
    )


def test_an_installation_with_content_is_only_replaced_with_force(installations, original, archive, original_site):
    path, _ = archive
    done = restore(original, path)
    assert done.returncode != 0
    assert "This installation is not empty" in done.stderr and "--force" in done.stderr
    assert "Restored" not in done.stdout

    other = installations.demo("sqlite")  # the demo without the uploads: different content
    done = restore(other, path, "--force")
    assert done.returncode == 0, done.stderr
    assert "--force: replacing what the database" in done.stdout
    assert_same_site(crawl(other), original_site)


def test_a_running_site_shows_the_restored_content_in_its_paper_boxes(installations):
    """The server keeps each paper's box rendered under the paper's last change, and Wagtail caches the sites'
    addresses; a restore changes rows without a signal, so a box showed what the archive did not have (the
    profile's words for the BibTeX link, a citation count), and pages the address it did not have."""
    site = installations.demo("sqlite")
    with site.serve(workers=1) as base:
        fetch(f"{base}/")  # a site's first view makes rows (its settings, renditions): the archive has them
        path, _ = backup(site)
        site.manage("shell", "--no-imports", "-c", CHANGES_AFTER_THE_BACKUP)
        changed = fetch(f"{base}/")  # the boxes rendered again and kept by the worker, the root paths cached
        assert "Cite this one" in changed and "https://www.example.org/" in changed
        done = restore(site, path, "--force")
        served = fetch(f"{base}/")
    assert done.returncode == 0, done.stderr
    assert "Cite this one" not in served
    assert "www.example.org" not in served


def test_an_installation_that_was_only_migrated_counts_as_empty(installations, archive):
    path, _ = archive
    target = installations.migrated("sqlite")
    done = restore(target, path)
    assert done.returncode == 0, done.stderr
    assert "--force" not in done.stdout and "Restored the database" in done.stdout
    images = "from wagtail.images.models import Image; print(Image.objects.count())"
    # 5 figures, the demo profile's avatar, the one uploaded here.
    assert target.manage("shell", "--no-imports", "-c", images).stdout.split()[-1] == "7"


def test_a_backup_into_a_folder_that_does_not_exist_is_refused(installations, tmp_path):
    folder = tmp_path / "backups"
    done = installations.migrated("sqlite").manage("backup_site", f"{folder}/", check=False)
    assert done.returncode != 0
    assert f"There is no folder {folder}/; no archive was written." in done.stderr
    assert not list(tmp_path.iterdir())  # no file called "backups" either


def test_an_archive_from_an_older_version_is_migrated_after_restoring(installations):
    older = installations.demo("sqlite")
    older.manage("migrate", "profile_site", "0003")  # as before the profile had name variants
    path, _ = backup(older, name="")  # backup_site names the archive itself, as a daily cron job has it do
    assert re.fullmatch(r"site-backup-\d{8}-\d{6}\.tar\.gz", path.name)
    target = installations.empty("sqlite")
    done = restore(target, path)
    assert done.returncode == 0, done.stderr
    migrated = done.stdout.split("Migrated the database from the archive's older schema: ", 1)[1].split("\n", 1)[0]
    assert "profile_site.0004_name_variants" in migrated.split(", ")
    assert target.manage("migrate", "--check", check=False).returncode == 0


def test_without_renditions_the_restored_site_makes_them_again(installations, original, original_site):
    path, output = backup(original, "--no-renditions", name="small.tar.gz")
    assert "renditions left out" in output
    with tarfile.open(path) as tar:
        assert not [name for name in tar.getnames() if name.startswith("media/images/")]
    target = installations.empty("sqlite")
    done = restore(target, path)
    assert done.returncode == 0, done.stderr
    assert "renditions not in the archive; they are made again" in done.stdout
    restored = crawl(target)
    assert sorted(restored) == sorted(original_site)
    for address, (status, body) in restored.items():
        assert status == 200, address
        if not address.startswith("/media/images/"):  # pages and originals as they were; renditions made anew
            assert body == original_site[address][1], address


def test_postgresql_drill(installations, tmp_path):
    original = installations.demo("postgresql")
    reference = with_uploads_crawled(original)
    path, output = backup(original)
    assert "Database: postgresql, copied with pg_dump --format=custom" in output

    target = installations.empty("postgresql")
    done = restore(target, path)
    assert done.returncode == 0, done.stderr
    assert_same_site(crawl(target), reference)

    replaced = installations.demo("postgresql")  # tables and content already there: dropped, then restored
    assert restore(replaced, path).returncode != 0
    done = restore(replaced, path, "--force")
    assert done.returncode == 0, done.stderr
    assert_same_site(crawl(replaced), reference)


# Archives whose database is not the site, or which claim less than they hold: refused, the site untouched.

NOT_THE_SITE = {
    "an empty SQLite database": (
        lambda archive, folder: empty_database(folder),
        "The archive's database is empty: it has none of the site's tables.",
    ),
    "a damaged database file": (
        damaged_database,
        "The archive's database is damaged; SQLite's integrity check says: *** in database main *** Page",
    ),
    "a file that is not a database": (
        lambda archive, folder: b"not a database " * 1000,
        "The archive's database cannot be read as SQLite (file is not a database).",
    ),
    "a database without the site's tables": (
        lambda archive, folder: edited_database(archive, folder, "DROP TABLE publications_publicationpage"),
        "The archive's database lacks tables the site needs: publications_publicationpage.",
    ),
    "a database without a site": (
        lambda archive, folder: edited_database(archive, folder, "DELETE FROM wagtailcore_site"),
        "The archive's database has no site root",
    ),
    "a site whose root page is gone": (
        lambda archive, folder: edited_database(
            archive, folder, "DELETE FROM wagtailcore_page WHERE id IN (SELECT root_page_id FROM wagtailcore_site)"
        ),
        "The archive's database has no site root",
    ),
    "a table without one of its columns": (
        lambda archive, folder: edited_database(archive, folder, "ALTER TABLE homepage_homepage DROP COLUMN about"),
        "The archive's database does not have the columns its own migrations make, so the site would fail: "
        "homepage_homepage.about is missing.",
    ),
    "a column the migrations never made": (
        lambda archive, folder: edited_database(archive, folder, "ALTER TABLE news_newsitem ADD COLUMN mood text"),
        "news_newsitem.mood is not one the migrations make",
    ),
    "NULLs under a schema altered to allow them": (
        lambda archive, folder: edited_database(
            archive,
            folder,
            "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = replace(sql, '\"text\" text NOT NULL', "
            "'\"text\" text NULL') WHERE name = 'news_newsitem'",
            "UPDATE news_newsitem SET text = NULL",
        ),
        "news_newsitem.text allows NULL",
    ),
    "a site root without its own row": (
        lambda archive, folder: edited_database(archive, folder, "DELETE FROM homepage_homepage"),
        "The archive's database has pages the site cannot show: page 3 (homepage.homepage) has no row in "
        "homepage_homepage.",
    ),
    "a page of a type the site does not have": (
        lambda archive, folder: edited_database(
            archive,
            folder,
            "INSERT INTO django_content_type (app_label, model) VALUES ('retired', 'oldpage'); "
            "UPDATE wagtailcore_page SET content_type_id = last_insert_rowid() WHERE slug = 'publications'",
        ),
        "is of type retired.oldpage, which is not a page type of the site.",
    ),
    "rows that refer to rows it lacks": (
        lambda archive, folder: edited_database(archive, folder, "DELETE FROM wagtailimages_image"),
        "The archive's database has rows that refer to rows it does not have: ",
        "refers to a row of wagtailimages_image",
    ),
}


INFLATED = {
    "a tar header declaring 2 GB": (
        lambda archive, target: declaring(archive, target, 2 * 1024**3),
        "bomb.png alone declares 2.0\xa0GB); a restore unpacks at most 200 times the archive's size, or 1.0\xa0GB",
    ),
    "a gzip bomb whose manifest lies": (
        lambda archive, target: inflated_cv(archive, target, 64 * 1024**2),
        "media/documents/cv.pdf: 67108864 bytes, the manifest says 25",
    ),
    "more data than its members declare": (
        lambda archive, target: padded(archive, target, 32 * 1024**2),
        "The archive holds more data after its last member than a tar archive's padding.",
    ),
}


LINKS = {
    "a symbolic link": link(tarfile.SYMTYPE),
    "a hard link": link(tarfile.LNKTYPE, target="database.sqlite3"),
    "a device file": link(tarfile.CHRTYPE, name="media/documents/zero", target=""),
    "a named pipe": link(tarfile.FIFOTYPE, name="media/documents/pipe", target=""),
}


@pytest.fixture(scope="module")
def refused_by_a_site(installations, archive, tmp_path_factory) -> dict[str, Restored]:
    """Each archive below restored with --force into the same demo installation, one after the other."""
    path, _ = archive
    made = {}
    for number, (case, (make, *_)) in enumerate(NOT_THE_SITE.items()):
        folder = tmp_path_factory.mktemp(f"not-the-site-{number}")
        made[case] = with_database(path, folder / "refused.tar.gz", make(path, folder))
    for number, (case, (make, _)) in enumerate(INFLATED.items()):
        made[case] = make(path, tmp_path_factory.mktemp("inflated") / f"bomb-{number}.tar.gz")
        assert made[case].stat().st_size < 2 * 1024**2
    for number, (kind, member) in enumerate(LINKS.items()):
        made[kind] = with_member(path, tmp_path_factory.mktemp("links") / f"links-{number}.tar.gz", member)
    return dict(zip(made, installations.demo("sqlite").restore_each(made.values(), "--force"), strict=True))


@pytest.mark.parametrize("case", NOT_THE_SITE)
def test_a_database_that_is_not_the_site_is_refused_and_nothing_changes(refused_by_a_site, case):
    assert_refused(refused_by_a_site[case], *NOT_THE_SITE[case][1:])


@pytest.mark.parametrize("case", INFLATED)
def test_an_archive_that_inflates_beyond_what_it_declares_is_refused(refused_by_a_site, case):
    assert_refused(refused_by_a_site[case], INFLATED[case][1])


@pytest.mark.parametrize("kind", LINKS)
def test_links_and_devices_in_an_archive_are_refused(refused_by_a_site, kind):
    assert_refused(refused_by_a_site[kind], f"The archive holds {LINKS[kind].name!r}, which is {kind}")


def test_nothing_is_unpacked_before_the_whole_archive_is_checked(archive, tmp_path):
    path, _ = archive
    staging = tmp_path / "staging"
    staging.mkdir()
    for number, (case, (make, message)) in enumerate(INFLATED.items()):
        with pytest.raises(BackupError, match=re.escape(message)):
            unpack(make(path, tmp_path / f"inflated-{number}.tar.gz"), staging)
        assert not list(staging.iterdir()), case
    tampered = rewrite(path, tmp_path / "tampered.tar.gz", lambda name, data: data.replace(b"%PDF", b"%PDX"))
    with pytest.raises(BackupError, match="media/documents/cv.pdf: SHA-256"):
        unpack(tampered, staging)
    assert not list(staging.iterdir())
    assert unpack(path, staging)["database"]["engine"] == "sqlite"
    assert (staging / "media" / "documents").is_dir()


def pg_dump(site: Installation) -> bytes:
    return subprocess.run(  # noqa: S603 - our own database URL
        ["pg_dump", "--format=custom", site.database_url],  # noqa: S607 - the PostgreSQL client, as the site finds it
        capture_output=True, check=True,
    ).stdout  # fmt: skip


def forget_the_metrics_migration(name: str, data: bytes) -> bytes:
    if name != "manifest.json":
        return data
    manifest = json.loads(data)
    manifest["migrations"].remove("metrics.0002_metricssettings")
    return json.dumps(manifest).encode()


@pytest.fixture(scope="module")
def refused_by_postgresql(installations, tmp_path_factory) -> dict[str, Restored]:
    """Dumps that are not the site, or would break it, each restored with --force into the same PostgreSQL site.

    What a dump holds is checked inside the transaction that loads it: refused, it is rolled back with the old
    tables dropped, and the site is as it was.
    """
    folder = tmp_path_factory.mktemp("refused-by-postgresql")
    made = {}
    made["empty"], _ = backup(installations.empty("postgresql"))
    without_root = installations.migrated("postgresql")
    without_root.sql("DELETE FROM wagtailcore_site")
    made["rootless"], _ = backup(without_root)
    made["damaged"] = with_database(made["rootless"], folder / "damaged.tar.gz", b"PGDMP" + bytes(range(256)) * 40)
    # The others: backup_site's archive with the dump it would have made of the edited database (pg_dump as it runs it).
    for number, (case, statement) in enumerate({
        "without a column": "ALTER TABLE homepage_homepage DROP COLUMN about",
        "without a row": "DELETE FROM homepage_homepage",
        "without a table": "DROP TABLE metrics_metricssettings",
    }.items()):  # fmt: skip
        edited = installations.demo("postgresql")
        edited.sql(statement)
        made[case] = with_database(made["rootless"], folder / f"edited-{number}.tar.gz", pg_dump(edited))
    # The columns are compared with what the manifest's migrations make: one it leaves out cannot excuse a gap.
    made["hidden"] = rewrite(made.pop("without a table"), folder / "hidden.tar.gz", forget_the_metrics_migration)
    target = installations.demo("postgresql")
    target.python(ADD_UPLOADS)
    return dict(zip(made, target.restore_each(made.values(), "--force"), strict=True))


def test_postgresql_refuses_a_dump_that_is_not_the_site(refused_by_postgresql):
    refused = refused_by_postgresql
    assert_refused(refused["empty"], "The archive's database is empty: it has none of the site's tables.")
    assert_refused(refused["rootless"], "The archive's database was refused while loading", "has no site root")
    assert_refused(refused["damaged"], "The archive's database dump cannot be read (pg_restore exit status 1)")


def test_postgresql_refuses_a_dump_that_would_break_the_site(refused_by_postgresql):
    refused = refused_by_postgresql
    assert_refused(
        refused["without a column"],
        "The archive's database was refused while loading",
        "The archive's database does not have the columns its own migrations make, so the site would fail: "
        "homepage_homepage.about is missing.",
    )
    assert_refused(refused["without a row"], "(homepage.homepage) has no row in homepage_homepage.")
    assert_refused(
        refused["hidden"],
        "The archive's database records migrations its manifest does not list: metrics.0002_metricssettings.",
    )


# Files with secrets are readable by their owner only.


def test_a_new_sqlite_database_is_readable_by_its_owner_only(tmp_path):
    site = Installation(tmp_path / "site")
    with umask(0o022):  # what most machines have: without care, new files are world-readable
        site.manage("migrate", "sessions", "--noinput")  # the first command of a new site makes the file
        assert mode(site.database_file) == 0o600
        site.database_file.chmod(0o644)  # as an earlier version left it
        opened = site.python(
            "import os; from core.startup import setup; setup()\n"
            "from django.db import connection\n"
            "from django.contrib.sessions.models import Session\n"
            "Session.objects.count()\n"
            "print(*[oct(os.stat(f'{connection.settings_dict[\"NAME\"]}{end}').st_mode & 0o777) "
            "for end in ('', '-wal', '-shm')])"
        )
    assert opened.stdout.split() == ["0o600", "0o600", "0o600"]  # with the site running: the WAL files too
    assert mode(site.database_file) == 0o600


def test_an_archive_is_readable_by_its_owner_only_from_its_first_byte(tmp_path):
    partial = tmp_path / "backup.tar.gz.partial"
    with umask(0o022):
        writer = ArchiveWriter(partial, 0)
        assert mode(partial) == 0o600
        writer.abort()
        partial.chmod(0o644)  # left over from a backup cut short
        ArchiveWriter(partial, 0).abort()
    assert mode(partial) == 0o600


# The archive format's rules, without an installation.


def test_a_restore_unpacks_no_more_than_a_backup_could_hold():
    gigabyte = 1024**3
    assert room(2 * 1024**2, 80 * gigabyte)[0] == gigabyte  # a 2 MB archive cannot write 2 GB
    assert room(100 * 1024**2, 80 * gigabyte)[0] == 200 * 100 * 1024**2
    allowed, limit = room(100 * 1024**2, 3 * gigabyte)
    assert allowed == 3 * gigabyte - 100 * 1024**2 and "free disk space" in limit
    assert room(1024, 50 * 1024**2)[0] == 0


def test_the_site_needs_the_tables_and_columns_its_own_migrations_made():
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    models = [model for model in apps.get_models(include_auto_created=True) if model._meta.managed]
    tables = {model._meta.db_table for model in models} | {"django_migrations"}
    everything = [f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).graph.nodes]
    schema = expected_schema(everything)
    assert schema.missing_tables(tables) == []
    assert schema.columns == {  # what the migrations make is what the code reads
        model._meta.db_table: {field.column: not field.null for field in model._meta.local_concrete_fields}
        for model in models
    }
    assert schema.page_types["homepage.homepage"] == (("homepage_homepage", "page_ptr_id"),)
    assert schema.missing_tables(tables - {"news_newsitem"}) == ["news_newsitem"]
    older = [label for label in everything if label != "metrics.0002_metricssettings"]
    assert expected_schema(older).missing_tables(tables - {"metrics_metricssettings"}) == []  # migrate adds it
    without_metrics = [label for label in everything if not label.startswith("metrics.")]
    assert expected_schema(without_metrics).missing_tables(tables - {"metrics_metricssettings"}) == [
        "metrics_metricssettings"
    ]
    assert {"django_migrations", "wagtailcore_page"} <= set(expected_schema([]).missing_tables(set()))
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    later = {f"{app}.{name}" for app, name in graph.backwards_plan(("profile_site", "0004_name_variants"))}
    assert "homepage.0001_moved_from_profile_site" in later  # and what was built on it
    before_variants = [label for label in everything if label not in later]
    assert "name_variants" in schema.columns["profile_site_profilesettings"]
    assert "name_variants" not in expected_schema(before_variants).columns["profile_site_profilesettings"]


def test_column_problems_name_every_difference():
    database = sqlite3.connect(":memory:")
    database.execute("CREATE TABLE paper (id integer NOT NULL PRIMARY KEY, title text NULL, venue text NOT NULL, mood)")
    expected = {"paper": {"id": True, "title": True, "venue": False, "doi": False}}
    assert {problem for (problem,) in database.execute(column_problems(expected, SQLITE_COLUMNS))} == {
        "paper.doi is missing",
        "paper.mood is not one the migrations make",
        "paper.title allows NULL",
        "paper.venue refuses NULL",
    }


def test_member_names_are_checked():
    assert checked_name("media/original_images/a.png") == "media/original_images/a.png"
    assert checked_name("database.pgdump") == "database.pgdump"
    for name in ["../x", "media/../../x", "/etc/passwd", "media//x", "media/./x", "media\\..\\x", "notes.txt", "media"]:
        with pytest.raises(BackupError):
            checked_name(name)


def test_mismatches_name_every_difference():
    manifest = {
        "database": {"engine": "sqlite"},
        "files": [Member("database.sqlite3", 3, "a" * 64), Member("media/x.png", 2, "b" * 64)],
    }
    assert mismatches(manifest, {"database.sqlite3": (3, "a" * 64), "media/x.png": (2, "b" * 64)}) == []
    assert mismatches(manifest, {"database.sqlite3": (4, "a" * 64), "media/y.png": (1, "c" * 64)}) == [
        "database.sqlite3: 4 bytes, the manifest says 3",
        "media/x.png: listed in the manifest, missing from the archive",
        "media/y.png: in the archive, not in the manifest",
    ]


def test_unknown_migrations_are_those_this_code_lacks():
    known = {("news", "0001_initial"), ("news", "0002_initial")}
    applied = ["news.0001_initial", "news.0003_future", "retired_app.0001_initial"]
    assert unknown_migrations(applied, known, {"news"}) == ["news.0003_future"]


def test_an_archive_is_never_written_over(tmp_path):
    existing = tmp_path / "backup.tar.gz"
    existing.write_bytes(b"yesterday's backup")
    with pytest.raises(BackupError, match="already exists"):
        archive_path(existing, datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC))
    with pytest.raises(BackupError, match="There is no folder"):
        archive_path(tmp_path / "missing" / "backup.tar.gz", datetime.datetime.now(tz=datetime.UTC))
    with pytest.raises(BackupError, match="There is no folder"):  # a slash at the end: a folder, not a file name
        archive_path(f"{tmp_path / 'missing'}/", datetime.datetime.now(tz=datetime.UTC))
    dated = archive_path(tmp_path, datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC))
    assert dated == tmp_path / "site-backup-20260102-030405.tar.gz"
    assert existing.read_bytes() == b"yesterday's backup"


def test_gzip_of_a_non_archive_is_refused(tmp_path):
    not_a_tar = tmp_path / "notes.tar.gz"
    not_a_tar.write_bytes(gzip.compress(b"just some notes"))
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(BackupError, match="damaged or truncated"):
        unpack(not_a_tar, staging)


@pytest.mark.django_db
def test_the_renditions_wagtail_cached_are_forgotten_after_a_restore(imported_demo):
    """Wagtail keeps each rendition in the cache under its image, the image file's hash and the filter: after a
    restore that dropped the row (or its file), a page would still show it, as a broken image."""
    from django.db import connection
    from wagtail.images import get_image_model

    from operations.backup.operations import _forget_what_the_site_kept, _rendition_cache_keys

    cache = get_image_model().get_rendition_model().cache_backend
    for image in get_image_model().objects.all():
        image.get_rendition("fill-123x45")  # made, and cached (pages prefetch theirs; a lookup by itself does not)
    keys = _rendition_cache_keys(connection)
    assert len(cache.get_many(keys)) == get_image_model().objects.count() >= 5  # the five figures at least
    _forget_what_the_site_kept(keys)
    assert cache.get_many(keys) == {}


@pytest.mark.django_db
def test_the_renditions_of_a_database_that_cannot_be_read_are_not_asked_for():
    """A forced restore is how a broken installation is mended: what it replaces is not read beyond need."""
    from django.db import connection

    from operations.backup.operations import _rendition_cache_keys

    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE wagtailimages_rendition RENAME COLUMN filter_spec TO something_else")
    assert _rendition_cache_keys(connection) == []
