"""A scriptable, fault-injecting HTTP server on 127.0.0.1 for crawl tests (never the internet).

    with LoopbackServer() as server:
        server.robots("User-agent: *\\nDisallow: /private/\\n")
        server.route("/casd/rss.xml", Reply.file(DATA / "casd.xml"))
        server.route("/flaky.xml", Reply(503), Reply(503), Reply.file(DATA / "nyed.xml"))
        server.route("/limited.xml", Reply(429, headers={"Retry-After": "2"}), Reply.file(...))
        ...crawl server.url("/casd/rss.xml")...
        server.requests_for("/flaky.xml")  # [Seen(path, started, finished, status, headers)]

Each route plays its replies in order and then keeps repeating the last one. Unknown paths get
an HTML 404 page (so does /robots.txt until `robots()` sets it), or the `fallback()` reply.
`LoopbackServer("127.0.0.2")` plays another host. A reply can be delayed
(`delay=`), held until other requests arrive (`together=threading.Barrier(n, timeout=...)`),
cut short (`truncate=True`: Content-Length promises more than is sent, then the
connection closes), reset (`reset=True`: the socket is closed with SO_LINGER 0, so the client
gets a TCP RST instead of an answer; with `truncate=True` too, after the headers and half the
body) or carry any status, headers and body; with `etag=` / `last_modified=` it sends
validators and answers a matching conditional GET with 304. Every request is recorded
with its headers and monotonic start and end times (server clock), so tests can check ordering,
gaps and overlaps.
"""

from __future__ import annotations

import dataclasses
import email.utils
import socket
import struct
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

RSS_TYPE = "application/rss+xml; charset=ISO-8859-1"
HTML_404 = (
    b"<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
    b"<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p>"
    b"</body></html>"
)


def _http_date(value: str) -> float:
    try:
        return email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return float("-inf")


@dataclass(frozen=True)
class Reply:
    """One scripted response."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0  # seconds to wait before answering
    truncate: bool = False  # promise the full length, send half, close
    reset: bool = False  # close with a TCP RST (SO_LINGER 0) instead of answering
    etag: str | None = None  # sent as ETag; a 200 answers a matching If-None-Match with 304
    last_modified: str | None = None  # sent as Last-Modified; If-Modified-Since >= it: 304
    # answered only once the barrier's other parties (other requests) arrive too, so that
    # several clients get their answers at the same moment; a barrier that times out or
    # breaks lets everyone through at once
    together: threading.Barrier | None = None

    def revalidated(self, request_headers: Any) -> Reply:
        """This reply with its validators, or a bodiless 304 when the request's match them
        (If-None-Match wins over If-Modified-Since, as RFC 9110 says)."""
        validators = {"ETag": self.etag, "Last-Modified": self.last_modified}
        validators = {k: v for k, v in validators.items() if v}
        if not validators:
            return self
        full = dataclasses.replace(self, headers={**self.headers, **validators})
        if self.status != 200:
            return full
        none_match = request_headers.get("If-None-Match")
        since = request_headers.get("If-Modified-Since")
        if none_match is not None:
            tags = [tag.strip() for tag in none_match.split(",")]
            match = bool(self.etag) and ("*" in tags or self.etag in tags)
        elif since and self.last_modified:
            match = _http_date(since) >= _http_date(self.last_modified)
        else:
            match = False
        return dataclasses.replace(full, status=304, body=b"") if match else full

    @classmethod
    def file(cls, path: str | Path, status: int = 200, **kwargs: Any) -> Reply:
        path = Path(path)
        content_type = kwargs.pop("content_type", None) or (
            RSS_TYPE if path.suffix == ".xml" else "text/html; charset=utf-8"
        )
        return cls(status, path.read_bytes(), content_type=content_type, **kwargs)

    @classmethod
    def text(cls, text: str, status: int = 200, **kwargs: Any) -> Reply:
        kwargs.setdefault("content_type", "text/plain; charset=utf-8")
        return cls(status, text.encode("utf-8"), **kwargs)


@dataclass(frozen=True)
class Seen:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    started: float  # time.monotonic() when the request line was read
    finished: float  # time.monotonic() when the response started going out
    status: int  # 0 when the connection was reset before a status line went out


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        started = time.monotonic()
        reply = self.server.owner._next_reply(self.path).revalidated(self.headers)
        if reply.together is not None:
            try:
                reply.together.wait()
            except threading.BrokenBarrierError:
                pass
        if reply.delay:
            time.sleep(reply.delay)
        body = reply.body
        # "finished" = the moment the answer starts going out: a client that waits for one
        # response before the next request cannot start that request any earlier.
        finished = time.monotonic()
        if reply.reset and not reply.truncate:
            self._record_seen(started, finished, 0)
            self._reset()
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.truncate:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if send_body:
            self.wfile.write(body[: len(body) // 2] if reply.truncate else body)
        self.wfile.flush()
        self._record_seen(started, finished, reply.status)
        if reply.reset:
            self._reset()

    def _record_seen(self, started: float, finished: float, status: int) -> None:
        self.server.owner._record(
            Seen(
                method=self.command,
                path=self.path,
                headers={k: v for k, v in self.headers.items()},
                started=started,
                finished=finished,
                status=status,
            )
        )

    def _reset(self) -> None:
        """Abort the connection: SO_LINGER on with a zero timeout makes close() send RST."""
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: LoopbackServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that drops or resets its connection is no server error: stay quiet."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LoopbackServer:
    """Threaded HTTP server on an ephemeral 127.0.0.1 port with scripted routes."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        """`host`: any 127.x.y.z address (Linux answers them all on the loopback interface),
        e.g. 127.0.0.2 to play another machine."""
        self._lock = threading.Lock()
        self._routes: dict[str, list[Reply]] = {}
        self._played: dict[str, int] = {}
        self._fallback: Reply | None = None
        self.requests: list[Seen] = []
        self._httpd = _Server((host, 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    # -- scripting ----------------------------------------------------------------------------

    def route(self, path: str, *replies: Reply) -> None:
        """Answer `path` with `replies` in turn, then keep repeating the last one."""
        if not replies:
            raise ValueError("a route needs at least one reply")
        with self._lock:
            self._routes[path] = list(replies)
            self._played[path] = 0

    def robots(self, text: str) -> None:
        self.route("/robots.txt", Reply.text(text))

    def fallback(self, reply: Reply) -> None:
        """Answer every path without a route (robots.txt too) with `reply`, not a 404."""
        with self._lock:
            self._fallback = reply

    def _next_reply(self, path: str) -> Reply:
        with self._lock:
            replies = self._routes.get(path)
            if not replies:
                return self._fallback or Reply(404, HTML_404)
            index = min(self._played[path], len(replies) - 1)
            self._played[path] += 1
            return replies[index]

    # -- what happened ------------------------------------------------------------------------

    def _record(self, seen: Seen) -> None:
        with self._lock:
            self.requests.append(seen)

    def requests_for(self, path: str) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests]

    def overlapping(self) -> list[tuple[Seen, Seen]]:
        """Pairs of requests that were being answered at the same time."""
        with self._lock:
            seen = sorted(self.requests, key=lambda r: r.started)
        return [(a, b) for i, a in enumerate(seen) for b in seen[i + 1 :] if b.started < a.finished]
