"""The news archive becomes a page: its title, introduction and description edited like the others."""

import core.seo
import django.core.validators
import django.db.models.deletion
import wagtail.contrib.routable_page.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0003_markdown_length'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.CreateModel(
            name='NewsIndexPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('intro', models.TextField(blank=True, help_text='Optional text above the list. Markdown: **bold**, *italic*, [link text](https://…). The preview shows what visitors see.', validators=[django.core.validators.MaxLengthValidator(20000)])),
            ],
            options={
                'verbose_name': 'news page',
            },
            bases=(wagtail.contrib.routable_page.models.RoutablePageMixin, core.seo.SeoMixin, 'wagtailcore.page'),
        ),
    ]
