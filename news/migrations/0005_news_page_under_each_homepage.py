"""Give each existing homepage its news page, at /news/ where the news archive was.

Written with the migration's own models (no treebeard methods here): the page's place in the
tree is the next after its last sibling, as treebeard's ``add_child`` would put it.
"""

import uuid

from django.db import migrations
from django.utils import timezone

STEP = 4  # wagtailcore's Page.steplen
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # wagtailcore's Page.alphabet


def next_step(step: str) -> str:
    value = int(step, 36) + 1
    digits = ""
    while value:
        value, digit = divmod(value, 36)
        digits = ALPHABET[digit] + digits
    return digits.rjust(STEP, "0")


def add_news_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("homepage", "HomePage")
    NewsIndexPage = apps.get_model("news", "NewsIndexPage")
    content_type, _ = ContentType.objects.get_or_create(app_label="news", model="newsindexpage")
    now = timezone.now()
    for home in HomePage.objects.order_by("path"):
        children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
        if children.filter(content_type=content_type).exists():
            continue
        taken = set(children.values_list("slug", flat=True))
        slug = next(slug for slug in ("news", "news-archive", "latest-news") if slug not in taken)
        last = children.order_by("-path").values_list("path", flat=True).first()
        path = home.path + (next_step(last[-STEP:]) if last else "1".rjust(STEP, "0"))
        NewsIndexPage.objects.create(
            title="News",
            draft_title="News",
            slug=slug,
            content_type=content_type,
            path=path,
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}{slug}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            locale_id=home.locale_id,
            translation_key=uuid.uuid4(),
            intro="",
        )
        Page.objects.filter(pk=home.pk).update(numchild=children.count())


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0004_news_page"),
        ("homepage", "0001_moved_from_profile_site"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_news_pages, migrations.RunPython.noop)]
