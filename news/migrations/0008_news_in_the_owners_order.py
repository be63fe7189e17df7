from django.db import migrations, models


def in_date_order(apps, schema_editor):
    """The news shown so far, newest first, keeps that order."""
    news_item = apps.get_model("news", "NewsItem")
    for position, item in enumerate(news_item.objects.order_by("-date", "pk").only("pk")):
        news_item.objects.filter(pk=item.pk).update(sort_order=position)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0007_alter_newsitem_date"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="newsitem",
            options={"ordering": ["sort_order", "-date", "pk"], "verbose_name": "news item"},
        ),
        migrations.AddField(
            model_name="newsitem",
            name="sort_order",
            field=models.IntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(in_date_order, migrations.RunPython.noop),
    ]
