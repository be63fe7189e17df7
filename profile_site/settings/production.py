"""Production: SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL are all it needs; HTTPS on by default.

Everything else has a safe default, derived from the first allowed host where
it names the site (the admin's base URL, the trusted origin for CSRF). Every
default can be changed from the environment (README, docs/deployment.md).

``SECURE_SSL_REDIRECT=0`` and ``SECURE_HSTS_SECONDS=0`` turn HTTPS off, so the
production settings can be benchmarked over plain HTTP on localhost;
``manage.py check --deploy`` then warns, as it should.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, LOGGING, SECRET_KEY, env_bool, env_list

DEBUG = False

if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment for production.")
SITE_HOST = next((host.lstrip(".") for host in ALLOWED_HOSTS if host != "*"), "")
if not SITE_HOST:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated, the site's own host name first) for production.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS") or 60 * 60 * 24 * 365)
# Both reach past this host: includeSubDomains makes browsers refuse plain HTTP on
# every subdomain, and preload lets anyone put the domain on the browsers' built-in
# list, which takes months to leave. Only the owner of the whole domain can say yes.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# gunicorn already takes the scheme from X-Forwarded-Proto, sent by the proxies it trusts
# (FORWARDED_ALLOW_IPS). Another server behind a TLS proxy names the header here,
# e.g. SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto, which the proxy must always set.
if proxy_ssl_header := os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip():
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + proxy_ssl_header.upper().replace("-", "_"), "https")
SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT

SITE_SCHEME = "https" if SECURE_SSL_REDIRECT else "http"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or f"{SITE_SCHEME}://{SITE_HOST}"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [f"{SITE_SCHEME}://{SITE_HOST}"])

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")
