"""The homepage has moved to the homepage app (see homepage/migrations/0001): only the model's state
leaves this app; its table and rows went with it."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('profile_site', '0005_hostile_input_validation'),
        ('homepage', '0001_moved_from_profile_site'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='HomePage')],
            database_operations=[],
        ),
    ]
