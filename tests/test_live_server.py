"""The browser tests' live server answers one request at a time where its threads share the test's database
connection (SQLite in memory; tests/e2e/conftest.py says why)."""

import threading
import time
import urllib.request

from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.db import connection

from tests.e2e.conftest import one_request_at_a_time


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def test_requests_sent_together_are_answered_one_after_another():
    running, most = 0, 0
    count = threading.Lock()

    def application(environ, start_response):
        nonlocal running, most
        with count:
            running += 1
            most = max(most, running)
        time.sleep(0.05)  # long enough for the other requests to arrive meanwhile
        with count:
            running -= 1
        start_response("200 OK", [("Content-Type", "text/plain")])
        return iter([b"answered ", b"in parts"])

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, connections_override={"default": connection})
    server._close_connections = lambda: None  # the probe never opens one; the test's stays the test's
    server.set_app(application)
    one_request_at_a_time(server)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    bodies = []

    def fetch():
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/", timeout=10) as response:
            bodies.append(response.read())

    try:
        clients = [threading.Thread(target=fetch) for _ in range(5)]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
    finally:
        server.shutdown()
        server.server_close()
    assert bodies == [b"answered in parts"] * 5
    assert most == 1
