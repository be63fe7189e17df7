"""gunicorn's settings for the production server: ``make serve``, or behind a reverse proxy

    gunicorn -c gunicorn.conf.py profile_site.wsgi

Every value can be changed from the environment; docs/deployment.md explains them.
"""

import multiprocessing
import os
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Pages mostly come from the cache, so a few processes go a long way; each one
# holds the site's code and a database connection.
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 8))
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)  # an image upload is the slowest request
graceful_timeout = 30
keepalive = 5
# The master loads the site once and forks workers from it: a new worker costs
# a fork, not a second of importing Django. New code therefore needs a restart
# of gunicorn (systemctl restart), not a HUP.
preload_app = True
# Recycle workers now and then, so a slow leak in any library never grows
# without bound (0 turns it off; bench/soak.py does, to see the leak itself).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 5000)
max_requests_jitter = max_requests // 10
# A proxy on the same machine may say which scheme and client the request came from.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
if Path("/dev/shm").is_dir():  # noqa: S108 - gunicorn's own advice for its heartbeat files
    worker_tmp_dir = "/dev/shm"  # noqa: S108 - heartbeats off the disk


def on_starting(server):
    """New code may render pages differently: pages cached by the previous release are dropped."""
    _empty_page_cache(server)


def on_reload(server):
    _empty_page_cache(server)


def _empty_page_cache(server):
    import django

    django.setup()
    from serving import page_cache

    page_cache.invalidate()
    server.log.info("Emptied the page cache")
    # Workers are forked from this process: none may inherit its connections.
    from django.core.cache import caches
    from django.db import connections

    caches.close_all()
    connections.close_all()
