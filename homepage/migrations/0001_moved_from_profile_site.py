"""The homepage moves from the profile_site app into an app of its own.

The homepage gathers papers, news and CV entries, so it depends on every other
app, while those apps depend on the person's profile: in one app, the two made
the apps depend on each other. The table and its rows stay; only Django's and
Wagtail's bookkeeping move (the model's state, and its content type, which every
page row, revision and permission points at by id), then the table takes the
new app's name.
"""

import core.seo
import core.validators
import django.core.validators
import django.db.models.deletion
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


def content_type_to(app_label: str):
    def move(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        other = "profile_site" if app_label == "homepage" else "homepage"
        content_type.objects.filter(app_label=other, model="homepage").update(app_label=app_label)

    return move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('wagtailcore', '0098_apitoken'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('profile_site', '0005_hostile_input_validation'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HomePage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('about', models.TextField(blank=True, help_text='The introduction at the top of the page. Markdown: **bold**, *italic*, [link text](https://…). The preview shows what visitors see.', validators=[django.core.validators.MaxLengthValidator(20000)])),
                        ('sections', wagtail.fields.StreamField([('about', 4), ('news', 7), ('publications', 9), ('honors', 10), ('education', 11), ('talks', 12), ('experience', 13), ('markdown', 15)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': 'Shown before the title, e.g. 🔥', 'max_length': 16, 'required': False}), 1: ('wagtail.blocks.CharBlock', (), {'help_text': 'The heading, also the label in the top navigation.', 'max_length': 100, 'validators': [core.validators.reject_bidi_controls]}), 2: ('wagtail.blocks.CharBlock', (), {'help_text': 'The #link to this section. Set from the title when the section is created and kept when you rename it, so shared links keep working. Clear it to set it anew.', 'max_length': 100, 'required': False}), 3: ('wagtail.blocks.BooleanBlock', (), {'default': True, 'help_text': 'Untick to keep the section without showing it (and its link in the navigation).', 'required': False}), 4: ('wagtail.blocks.StructBlock', [[('emoji', 0), ('title', 1), ('anchor', 2), ('visible', 3)]], {}), 5: ('core.blocks.MarkdownBlock', (), {'help_text': 'Optional text after the list, e.g. a link to your full publication list.', 'required': False}), 6: ('wagtail.blocks.IntegerBlock', (), {'default': 10, 'help_text': 'How many of the latest news items.', 'max_value': 100, 'min_value': 1}), 7: ('wagtail.blocks.StructBlock', [[('emoji', 0), ('title', 1), ('anchor', 2), ('visible', 3), ('note', 5), ('count', 6)]], {}), 8: ('wagtail.blocks.BooleanBlock', (), {'default': True, 'help_text': 'After the featured paper boxes, list the other publications compactly.', 'required': False}), 9: ('wagtail.blocks.StructBlock', [[('emoji', 0), ('title', 1), ('anchor', 2), ('visible', 3), ('note', 5), ('show_others', 8)]], {}), 10: ('wagtail.blocks.StructBlock', [[('emoji', 0), ('title', 1), ('anchor', 2), ('visible', 3), ('note', 5)]], {'label': 'Honors and awards'}), 11: ('wagtail.blocks.StructBlock', [[('emoji', 0), ('title', 1), ('anchor', 2), ('visible', 3), ('note', 5)]], {}), 12: ('wagtail.blocks.StructBlock', [[('emoji', 0), ('title', 1), ('anchor', 2), ('visible', 3), ('note', 5)]], {'label': 'Invited talks'}), 13: ('wagtail.blocks.StructBlock', [[('emoji', 0), ('title', 1), ('anchor', 2), ('visible', 3), ('note', 5)]], {'label': 'Experience / internships'}), 14: ('core.blocks.MarkdownBlock', (), {'help_text': 'Anything else: research interests, services, projects…'}), 15: ('wagtail.blocks.StructBlock', [[('emoji', 0), ('title', 1), ('anchor', 2), ('visible', 3), ('body', 14)]], {'label': 'Free text'})}, help_text="The page's sections, in order. The top navigation is built from them.")),
                    ],
                    options={
                        'verbose_name': 'homepage',
                        'db_table': 'profile_site_homepage',
                    },
                    bases=(core.seo.SeoMixin, 'wagtailcore.page'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to("homepage"), content_type_to("profile_site")),
        migrations.AlterModelTable(name='homepage', table=None),
    ]
