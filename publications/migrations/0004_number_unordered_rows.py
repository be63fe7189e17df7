"""Number the authors, links and badges that importers saved without a place in the order.

SQLite listed such rows in the order they were written, PostgreSQL in any order; give every
paper's rows the order SQLite showed (unnumbered first, then by number, then as written).
"""

from django.db import migrations
from django.db.models import F

ROW_MODELS = ("PublicationAuthor", "PublicationLink", "ArtifactBadge")


def number_rows(apps, schema_editor):
    for model_name in ROW_MODELS:
        model = apps.get_model("publications", model_name)
        pages = set(model.objects.filter(sort_order__isnull=True).values_list("page_id", flat=True))
        for page_id in sorted(pages):
            rows = model.objects.filter(page_id=page_id).order_by(F("sort_order").asc(nulls_first=True), "pk")
            for position, row in enumerate(rows):
                if row.sort_order != position:
                    row.sort_order = position
                    row.save(update_fields=["sort_order"])


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0003_index_group_by"),
    ]

    operations = [
        migrations.RunPython(number_rows, migrations.RunPython.noop),
    ]
