"""python manage.py ensure_admin — an admin account on first run, its password printed once."""

from django.core.management.base import BaseCommand

from profile_site.admin_account import create_first_admin


class Command(BaseCommand):
    help = "Create an 'admin' superuser with a generated password if the site has no superuser yet."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options):
        password = create_first_admin(username)
        if password is None:
            self.stdout.write("An admin account already exists (reset it with: manage.py changepassword).")
            return
        self.stdout.write(self.style.SUCCESS("Created the admin account; this password is shown only once:"))
        self.stdout.write(f"  username: {username}\n  password: {password}")
