"""The production settings given only SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL, in a process with nothing else set.

Django's deploy check names exactly the two HSTS opt-ins that are off by default
(includeSubDomains and preload reach past the site's own host, so only the owner
of the whole domain should turn them on) and nothing else; with them on, it passes
at WARNING level. Nothing is silenced.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HOST = "jdoe.cs.example.edu"
# The settings module alone, as the environment makes it (no apps loaded: only the values are wanted).
PRINT_SETTINGS = """
import json
from django.conf import settings as s
names = ["DEBUG", "WAGTAILADMIN_BASE_URL", "CSRF_TRUSTED_ORIGINS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
         "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE",
         "CSRF_COOKIE_SECURE", "X_FRAME_OPTIONS", "SILENCED_SYSTEM_CHECKS", "TRUSTED_PROXY_COUNT"]
print(json.dumps({name: getattr(s, name) for name in names}))
"""


def run(tmp_path: Path, *args: str, **variables: str) -> subprocess.CompletedProcess:
    """``python *args`` in the project with the production settings and only the given variables."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "profile_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},www.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **variables,
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def deploy_check(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess:
    return run(tmp_path, "manage.py", "check", "--deploy", "--fail-level", "WARNING", **variables)


def warnings_of(result: subprocess.CompletedProcess) -> set[str]:
    return set(re.findall(r"\((security\.\w+|axes\.\w+|\w+\.[WE]\d+)\)", result.stderr + result.stdout))


def production_settings(tmp_path: Path, **variables: str) -> dict:
    result = run(tmp_path, "-c", PRINT_SETTINGS, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_three_variables_pass_the_deploy_check_but_for_the_two_hsts_opt_ins(tmp_path):
    result = deploy_check(tmp_path)
    assert warnings_of(result) == {"security.W005", "security.W021"}, result.stderr
    assert "(0 silenced)" in result.stderr


def test_with_the_hsts_opt_ins_the_deploy_check_passes_with_nothing_silenced(tmp_path):
    result = deploy_check(tmp_path, SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_defaults_are_safe_and_derived_from_the_first_host(tmp_path):
    values = production_settings(tmp_path)
    assert values["DEBUG"] is False
    assert values["WAGTAILADMIN_BASE_URL"] == f"https://{HOST}"
    assert values["CSRF_TRUSTED_ORIGINS"] == [f"https://{HOST}"]
    assert values["SECURE_SSL_REDIRECT"] is True and values["SECURE_HSTS_SECONDS"] == 365 * 24 * 60 * 60
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False and values["SECURE_HSTS_PRELOAD"] is False
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] is None  # gunicorn takes the scheme from the proxies it trusts
    assert values["X_FRAME_OPTIONS"] == "DENY" and values["SILENCED_SYSTEM_CHECKS"] == []
    assert values["TRUSTED_PROXY_COUNT"] == 0


def test_hsts_opt_ins_and_the_proxy_header_come_from_the_environment(tmp_path):
    values = production_settings(
        tmp_path,
        SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        SECURE_HSTS_PRELOAD="1",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        TRUSTED_PROXY_COUNT="1",
        CSRF_TRUSTED_ORIGINS="https://example.org,https://www.example.org",
    )
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True and values["SECURE_HSTS_PRELOAD"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["TRUSTED_PROXY_COUNT"] == 1
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://example.org", "https://www.example.org"]


def test_plain_http_for_local_benchmarks_only_when_asked(tmp_path):
    values = production_settings(tmp_path, SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0", ALLOWED_HOSTS="127.0.0.1")
    assert values["WAGTAILADMIN_BASE_URL"] == "http://127.0.0.1"
    assert values["SECURE_HSTS_SECONDS"] == 0 and values["SESSION_COOKIE_SECURE"] is False
    result = deploy_check(tmp_path, SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0", ALLOWED_HOSTS="127.0.0.1")
    assert {"security.W004", "security.W008"} <= warnings_of(result)


def test_a_wildcard_host_names_the_domain(tmp_path):
    values = production_settings(tmp_path, ALLOWED_HOSTS=".example.edu")
    assert values["WAGTAILADMIN_BASE_URL"] == "https://example.edu"


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"SECRET_KEY": ""}, "Set SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "Set ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "*"}, "Set ALLOWED_HOSTS"),
        ({"SECURE_HSTS_PRELOAD": "maybe"}, "SECURE_HSTS_PRELOAD must be true or false"),
    ],
)
def test_missing_or_unusable_values_stop_with_a_clear_message(tmp_path, variables, message):
    result = run(tmp_path, "manage.py", "check", **variables)
    assert result.returncode != 0 and message in result.stderr


def test_the_site_serves_with_just_the_three_variables(installations, tmp_path):
    """Migrated and asked for a page over HTTPS: the security headers are there, HSTS without the opt-ins."""
    migrated = installations.migrated("sqlite")  # what ``migrate`` makes, made once for the drills
    script = f"""
from core.startup import setup
setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)  # nothing left to do, as on a second deployment
from django.test import Client
response = Client().get("/robots.txt", secure=True, headers={{"host": "{HOST}"}})
print(response.status_code)
for name in ["Strict-Transport-Security", "Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options"]:
    print(name + ": " + response[name])
plain = Client().get("/robots.txt", headers={{"host": "{HOST}"}})
print(plain.status_code, plain["Location"])
"""
    result = run(  # not the work tree's page cache
        tmp_path, "-c", script, CACHE_DIR=str(tmp_path / "cache"), DATABASE_URL=migrated.database_url
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "200"
    assert "Strict-Transport-Security: max-age=31536000" in lines
    assert any(line.startswith("Content-Security-Policy: default-src 'none'") for line in lines)
    assert "X-Content-Type-Options: nosniff" in lines and "X-Frame-Options: DENY" in lines
    assert lines[-1] == f"301 https://{HOST}/robots.txt"
