"""Settings shared by every environment.

Everything secret or deployment-specific comes from the environment; each
variable has a default that works on a laptop with no environment at all.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no variable; anything unrecognised is a configuration error."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])

INSTALLED_APPS = [
    "homepage",
    "profile_site",
    "publications",
    "news",
    "cv",
    "metrics",
    "serving",
    "operations",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",  # a paper whose slug changes keeps its old address, redirected
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "markdownx",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "serving.security_headers.SecurityHeadersMiddleware",  # above the page cache: hits get the policy too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "serving.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "serving.redirects.RedirectMiddleware",  # Wagtail's, never back to the address asked for
    "axes.middleware.AxesMiddleware",
]

# Headers on every response (SecurityMiddleware; the Content-Security-Policy is
# serving/security_headers.py). Other sites may not frame any page; Wagtail's
# preview views allow the admin to frame its previews.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Sign-in throttling (django-axes): failed sign-ins are counted per client
# address only, so nobody elsewhere can lock the owner out; after
# LOGIN_FAILURE_LIMIT failures that address gets HTTP 429 for
# LOGIN_COOLOFF_MINUTES. TRUSTED_PROXY_COUNT says how many reverse proxies add
# to X-Forwarded-For in front of the site (0: the client is REMOTE_ADDR); see
# serving/client_ip.py.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",  # the lockout check; a ModelBackend too, for code that takes the first backend
    "django.contrib.auth.backends.ModelBackend",
]
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT") or 0)
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_CLIENT_IP_CALLABLE = "serving.client_ip.client_ip"
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT") or 5)
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES") or 15))
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # failures are kept (while they count); successful sign-ins are not logged
AXES_VERBOSE = False  # no banner on every command; failures and lockouts are still logged as warnings
AXES_COOLOFF_MESSAGE = "Too many failed sign-ins from your address. Please try again later."

ROOT_URLCONF = "profile_site.urls"
WSGI_APPLICATION = "profile_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite by default, tuned so concurrent editors do not hit "database is
# locked": WAL lets readers run beside the writer, IMMEDIATE takes the write
# lock up front instead of failing on upgrade, and writers wait 20 s.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "profile_site.db_backends.private_sqlite3"  # the file readable by its owner only
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Media from another origin (a host name of its own, e.g. https://media.example.org/, serving
# MEDIA_ROOT): then even a file that could run as a page would not run on the site's origin.
MEDIA_URL = os.environ.get("MEDIA_URL") or "/media/"
if not MEDIA_URL.endswith("/"):
    raise ImproperlyConfigured(f"MEDIA_URL must end with a slash, got {MEDIA_URL!r}")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploaded media is on local disk by default, so Django serves it: a single
# machine then needs nothing in front of it to show images and renditions.
# With a bucket named, media goes to S3-compatible storage through
# django-storages (the "s3" extra; AWS_* variables as django-storages documents
# them, AWS_S3_ENDPOINT_URL for other providers) and the bucket serves it.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_FILE_OVERWRITE = False
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", False)  # public images: plain, cacheable URLs
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "public, max-age=31536000, immutable"}  # renditions never change
SERVE_MEDIA = env_bool("SERVE_MEDIA", not AWS_STORAGE_BUCKET_NAME and MEDIA_URL.startswith("/"))

LOGIN_URL = "wagtailadmin_login"

# The cache holds rendered pages (serving/page_cache.py) and must be shared
# by every process that serves or changes the site: gunicorn's workers, and the
# management commands cron runs. Redis when REDIS_URL is set; otherwise files
# under CACHE_DIR, which every process on this machine sees.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "profile_site"),
        }
    }
else:
    CACHE_DIR = Path(os.environ.get("CACHE_DIR") or BASE_DIR / "cache")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        # The generations of the page cache and of the fragments (serving/generations.py), apart from the
        # pages: a full file cache culls a third of its files at random, and losing a generation empties all.
        "page_generation": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR / "generation",
        },
    }
# Rendered public pages are kept this long at most (0 turns page caching off);
# any change to the content empties the cache at once, whatever this says.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS") or 24 * 60 * 60)
# What public pages tell a CDN in front: keep a page this long (s-maxage) and
# serve it stale this much longer while fetching a fresh one. With a purge
# configured (WAGTAILFRONTENDCACHE, docs/deployment.md) these can be long.
CDN_CACHE_SECONDS = int(os.environ.get("CDN_CACHE_SECONDS") or 300)
CDN_STALE_SECONDS = int(os.environ.get("CDN_STALE_SECONDS") or 60)
# A CDN to purge when the content changes: Cloudflare (a token and zone id), or
# any cache that accepts HTTP PURGE requests (Varnish, nginx with a purge module).
if os.environ.get("CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE = {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
            "ZONEID": os.environ["CLOUDFLARE_ZONEID"],
        }
    }
elif os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }

# Wagtail
WAGTAIL_SITE_NAME = "profile_site"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Moderation ("Submit for approval", workflows) is for sites with several editors: opt in with MODERATION=1.
WAGTAIL_WORKFLOW_ENABLED = env_bool("MODERATION", False)
# Wagtail's indexing tasks run in the request, as with django_tasks' immediate backend; an import runs
# each once, at its end (core/tasks.py).
TASKS = {"default": {"BACKEND": "core.tasks.BatchingImmediateBackend"}}
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]  # never SVG
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.image_checks.ImageForm"  # broken files are a form error, not a crash
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "bib", "json", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# A page or document shared with a password asks for it in the site's look, out of search results.
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "password_required.html"  # noqa: S105 - a template's name
WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE = WAGTAIL_PASSWORD_REQUIRED_TEMPLATE
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no request to a third party, even in the admin
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# django-markdownx: its views are mounted under the admin (see
# profile_site/wagtail_hooks.py), its preview renders through the one
# sanitising markdown function, and its uploads go to the image library.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "core.markdown.render_markdown"
MARKDOWNX_URLS_PATH = "/admin/markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/admin/markdownx/upload/"
MARKDOWNX_EDITOR_RESIZABLE = True
MARKDOWNX_SERVER_CALL_LATENCY = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Django's own console handler (DEBUG only) printed each of its messages before they reached ours:
    # "Not Found: /x/" twice under ``make run``. They go to the root's handler alone (ADMINS is empty: its
    # mail handler had no one to write to). Configuring "django" resets the loggers under it, so the
    # development server's request lines get back their handler, as Django's defaults have it.
    "loggers": {
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}

# "Add by DOI / arXiv" in the admin (publications/lookup.py): DOIs by content
# negotiation on the resolver (it answers for Crossref and DataCite alike),
# arXiv ids through arXiv's Atom API. The tests point these at a local server.
DOI_RESOLVER_URL = "https://doi.org"
ARXIV_API_URL = "https://export.arxiv.org/api/query"
METADATA_TIMEOUT_SECONDS = 10

# Metrics (metrics/, docs/metrics.md): citation counts, stars, likes and
# downloads, refreshed by `manage.py update_metrics` (run it from cron); a page
# view only shows what it stored. The tests point the base URLs at local servers.
METRICS_OPENALEX_URL = "https://api.openalex.org"
METRICS_SEMANTIC_SCHOLAR_URL = "https://api.semanticscholar.org"
METRICS_GITHUB_API_URL = "https://api.github.com"
METRICS_HUGGINGFACE_URL = "https://huggingface.co"
METRICS_TIMEOUT_SECONDS = float(os.environ.get("METRICS_TIMEOUT_SECONDS") or 10)
METRICS_MIN_INTERVAL_SECONDS = {"semantic_scholar": 1.1, "openalex": 0.1}
METRICS_SCHOLAR_JSON = os.environ.get("METRICS_SCHOLAR_JSON", "")  # a path or URL of gs_data.json
METRICS_SCHOLAR_LIVE = env_bool("METRICS_SCHOLAR_LIVE", False)  # needs the "scholar" extra
METRICS_SCHOLAR_LIVE_TIMEOUT_SECONDS = 120
METRICS_SOURCE_PRIORITY = ["google_scholar", "semantic_scholar", "openalex", "github", "huggingface"]
METRICS_OPENALEX_TOTALS = True  # without Scholar data, show totals over the site's papers from OpenAlex
METRICS_CONTACT_EMAIL = os.environ.get("METRICS_CONTACT_EMAIL", "")  # sent to OpenAlex as mailto
METRICS_CHART_YEARS = 8
