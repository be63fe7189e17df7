"""python manage.py backup_site OUT [--no-renditions]"""

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError
from operations.backup.operations import create_backup


class Command(BaseCommand):
    help = (
        "Write the whole site to one .tar.gz archive while it runs: a consistent copy of the database, every "
        "media file and a manifest with their SHA-256 checksums. restore_site puts it back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "out",
            metavar="OUT",
            help=(
                "The archive to write (e.g. backup.tar.gz), or a folder to write site-backup-<date>-<time>.tar.gz in "
                "(a name ending in / is always a folder)"
            ),
        )
        parser.add_argument(
            "--no-renditions",
            action="store_true",
            help="Leave out the resized images (media/images/); they are made again when pages show them",
        )

    def handle(self, *args, out: str, no_renditions: bool, **options):
        try:
            create_backup(out, renditions=not no_renditions, say=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
