"""python manage.py restore_site ARCHIVE [--force]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError
from operations.backup.operations import restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by backup_site into an empty installation. Everything is checked before "
        "anything is changed: every member's kind, size and checksum, the room it takes, and that its database "
        "opens, is undamaged and holds the site's tables with the columns its migrations make, a site root and "
        "every page's own row. Then the database and the media are restored, migrated to this version if the "
        "archive is older, and the page cache is emptied."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, metavar="ARCHIVE", help="A .tar.gz written by backup_site")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the content of a database and media storage that are not empty",
        )

    def handle(self, *args, archive: Path, force: bool, **options):
        try:
            restore_backup(archive, force=force, say=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
