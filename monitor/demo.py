"""`sealtrail demo`: the whole pipeline on bundled SAMPLE sources, served over loopback HTTP.

The sample files in `monitor/sample/` are written for this project and say so; they follow
the real formats so the real spiders crawl them exactly as they would crawl the sources:

- `pacer_rss/{court}.xml`: PACER court RSS feeds (ISO-8859-1, escaped anchors, GMT dates);
- `courtlistener/search.xml`: CourtListener's public RECAP search feed (Atom), whose entries
  carry the opening of each document rather than its docket text;
- `courtlistener/dockets-*.json`, `docket-entries-*.json`: one docket (Ramirez-Soto, S.D.
  Cal.) as the REST API's docket lookup and docket entries answer it, in two reads: the demo
  re-reads it twice (`sealtrail recheck`, with a token only this server accepts), and by the
  second read entry 11 is gone, so the demo shows an entry sealed after the fact;
- `govinfo/`: GovInfo's per-court RSS, the API's `published` listing, package MODS and the
  texts of the orders, served as the API's HTML rendition (a page whose body is one `<pre>`).
  Two GovInfo cases are also in the PACER sample, so the demo shows one record per fact: the
  orders join their PACER docket entries, the cases take GovInfo's nature of suit. A third
  gives the demo's judge enough rulings (11) for the grant-rate charts to compare.

Every file is written as of one evening (`monitor.sample_dates.SAMPLE_NOW`) and served with its
dates moved to the moment the demo starts (`DateShift`): a fresh demo is a live monitor whose
newest entries are minutes old, so crawl health raises no false alarm, and whose history (the
GovInfo orders, the CourtListener documents) covers the months before today.

The crawls and the feed export run as the real `sealtrail` commands in subprocesses (one
Twisted reactor per process), without the operator's CourtListener token or GovInfo key: the
demo asks nothing of the real APIs, and its loopback server must not see their credentials.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import subprocess
import sys
import threading
from datetime import timedelta
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from monitor.sample_dates import SAMPLE_NOW, DateShift, shift_bytes

SAMPLE_ROOT = Path(__file__).resolve().parent / "sample"
SAMPLE_DIR = SAMPLE_ROOT / "pacer_rss"
GOVINFO_DIR = SAMPLE_ROOT / "govinfo"
COURTLISTENER_DIR = SAMPLE_ROOT / "courtlistener"
COURTLISTENER_FEED = COURTLISTENER_DIR / "search.xml"
#: The case the demo re-reads on CourtListener twice: between the two reads an entry is gone.
RECHECK_CASE = "casd:3:26-cv-01877"
#: A token for the sample server only (the operator's own is never passed to the demo).
SAMPLE_TOKEN = "sample-token-for-the-demo-server"
CREDENTIALS = ("COURTLISTENER_TOKEN", "GOVINFO_API_KEY")
ROBOTS_TXT = b"User-agent: *\nDisallow: /private/\n"
_PACKAGE = r"(?P<package>USCOURTS-[a-z0-9]+-[0-9A-Za-z_-]+?)"


def sample_courts() -> list[str]:
    return sorted(p.stem for p in SAMPLE_DIR.glob("*.xml"))


def govinfo_courts() -> list[str]:
    return sorted(p.stem.removeprefix("published-") for p in GOVINFO_DIR.glob("published-*.json"))


def _order_page(granule: str) -> bytes | None:
    """The sample order text as GovInfo's HTML rendition of a granule."""
    path = GOVINFO_DIR / f"{granule}.txt"
    if not path.is_file():
        return None
    text = html.escape(path.read_text(encoding="utf-8"))
    return (
        f"<html><head><title>{granule}</title></head><body><pre>\n{text}</pre></body></html>"
    ).encode()


def _file(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _docket_lookup(query: dict) -> bytes | None:
    """CourtListener's `dockets/?court=&docket_number=`: the sample docket, or none."""
    court = query.get("court", [""])[0]
    number = query.get("docket_number", [""])[0].replace(":", "_")
    found = _file(COURTLISTENER_DIR / f"dockets-{court}-{number}.json")
    return found or b'{"count": 0, "next": null, "previous": null, "results": []}'


def _docket_entries(server, query: dict) -> bytes | None:
    """The sample docket's entries as the server's current read shows them (`server.read`:
    `first-read`, then `second-read`, where entry 11 is gone)."""
    if query.get("docket", [""])[0] != "71240188":
        return b'{"count": 0, "next": null, "previous": null, "results": []}'
    return _file(COURTLISTENER_DIR / f"docket-entries-{server.read}.json")


#: path pattern -> (function of the match, query and server giving the body or None, type)
ROUTES = [
    (
        r"/robots\.txt",
        lambda m, q: ROBOTS_TXT,
        "text/plain",
    ),
    (
        r"/(?P<court>[a-z0-9]+)/cgi-bin/rss_outside\.pl",
        lambda m, q: _file(SAMPLE_DIR / f"{m['court']}.xml"),
        "application/rss+xml",
    ),
    (
        r"/courtlistener/feed/search/",
        lambda m, q: _file(COURTLISTENER_FEED),
        "application/atom+xml; charset=utf-8",
    ),
    (
        r"/courtlistener/api/rest/v4/dockets/",
        lambda m, q, server: _docket_lookup(q),
        "application/json",
    ),
    (
        r"/courtlistener/api/rest/v4/docket-entries/",
        lambda m, q, server: _docket_entries(server, q),
        "application/json",
    ),
    (
        r"/govinfo/rss/uscourts-(?P<court>[a-z0-9]+)\.xml",
        lambda m, q: _file(GOVINFO_DIR / f"rss-uscourts-{m['court']}.xml"),
        "application/rss+xml",
    ),
    (
        r"/govinfo-api/published/\d{4}-\d\d-\d\d",
        lambda m, q: _file(GOVINFO_DIR / f"published-{q.get('courtCode', [''])[0]}.json"),
        "application/json",
    ),
    (
        rf"/govinfo-api/packages/{_PACKAGE}/mods",
        lambda m, q: _file(GOVINFO_DIR / f"{m['package']}.mods.xml"),
        "application/xml",
    ),
    (
        rf"/govinfo-api/packages/{_PACKAGE}/granules/(?P<granule>[0-9A-Za-z_-]+)/htm",
        lambda m, q: _order_page(m["granule"]),
        "text/html; charset=utf-8",
    ),
]


class _SampleHandler(BaseHTTPRequestHandler):
    """Serves the sample sources at the paths the spiders ask for (`ROUTES`), their dates
    moved by the server's `shift`; 404 otherwise."""

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        for pattern, body_for, content_type in ROUTES:
            match = re.fullmatch(pattern, url.path)
            if match and pattern.startswith("/courtlistener/api/"):
                if self.headers.get("Authorization") != f"Token {SAMPLE_TOKEN}":
                    return self._send(401, b'{"detail": "Invalid token."}', "application/json")
                body = body_for(match, query, self.server)
            else:
                body = body_for(match, query) if match else None
            if body is not None:
                return self._send(200, shift_bytes(body, self.server.shift), content_type)
        return self._send(404, b"<html><body>Not Found</body></html>", "text/html")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", f'"{hashlib.sha1(body).hexdigest()[:16]}"')
        self.send_header("Last-Modified", formatdate(usegmt=True))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # quiet
        pass


def start_sample_server(shift: DateShift | None = None) -> ThreadingHTTPServer:
    """The sample sources on a free loopback port, dated by `shift` (default: as of now)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SampleHandler)
    server.shift = shift or DateShift.until()
    server.read = "first-read"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _sealtrail(*args: str, token: str | None = None) -> None:
    """Run a `sealtrail` command without the operator's credentials (`token`: the sample
    server's CourtListener token, for the re-reads)."""
    env = {k: v for k, v in os.environ.items() if k not in CREDENTIALS}
    if token:
        env["COURTLISTENER_TOKEN"] = token
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"  # the sample server is local
    subprocess.run([sys.executable, "-m", "monitor.cli", *args], check=True, env=env)


def build_demo(workdir: Path) -> Path:
    """Crawl the sample sources into a fresh `workdir/sealtrail.db`, then export its feeds."""
    workdir.mkdir(parents=True, exist_ok=True)
    db_path = workdir / "sealtrail.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    shift = DateShift.until()
    server = start_sample_server(shift)
    # GovInfo is asked what it published since three weeks before the sample's evening.
    since = shift.day((SAMPLE_NOW - timedelta(days=21)).date()).isoformat()
    base = f"http://127.0.0.1:{server.server_port}"
    # The sample server is our own, on loopback: a short delay keeps the crawl polite in form
    # (one request at a time, as against the real sources) and the demo quick to build.
    common = ("--db", str(db_path), "--download-delay", "0.05")
    try:
        url_template = f"{base}/{{court}}/cgi-bin/rss_outside.pl"
        print(f"Replaying sample PACER feeds from {SAMPLE_DIR} at {url_template}", flush=True)
        _sealtrail(
            "crawl", "pacer-rss", "--courts", ",".join(sample_courts()),
            "--url-template", url_template, *common,
        )  # fmt: skip
        print(f"Replaying sample GovInfo records from {GOVINFO_DIR} at {base}", flush=True)
        _sealtrail(
            "crawl", "govinfo", "--courts", ",".join(govinfo_courts()), "--since", since,
            "--base-url", f"{base}/govinfo", "--api-url", f"{base}/govinfo-api", *common,
        )  # fmt: skip
        print(f"Replaying a sample CourtListener feed from {COURTLISTENER_FEED}", flush=True)
        _sealtrail("crawl", "courtlistener", "--base-url", f"{base}/courtlistener", *common)
        # Two nights' re-reads of one docket (the sample token is the sample server's own):
        # the first sets what CourtListener showed, by the second entry 11 is gone.
        print(f"Re-reading the sample CourtListener docket of {RECHECK_CASE} twice", flush=True)
        for read in ("first-read", "second-read"):
            server.read = read
            _sealtrail(
                "recheck", "courtlistener", "--case", RECHECK_CASE,
                "--base-url", f"{base}/courtlistener", *common, token=SAMPLE_TOKEN,
            )  # fmt: skip
    finally:
        server.shutdown()
    # The store was just built again: its feeds replace the last demo's (another store).
    _sealtrail("feeds", "export", str(workdir / "feeds"), "--db", str(db_path), "--force")
    return db_path


DEMO_HOST = "127.0.0.1"


def run_demo(workdir: Path, *, port: int = 8001, serve: bool = True) -> None:
    """Build the demo, then serve it on `port` (checked free first: a busy port is refused
    with `monitor.ports.PortUnavailable` before anything is crawled), or with `serve=False`
    say where the database and feeds are and how to serve them, and print no URL."""
    from monitor.ports import check_port

    if serve:
        check_port(DEMO_HOST, port)
    db_path = build_demo(workdir)
    if not serve:
        print(
            "\nsealtrail demo (SAMPLE DATA, not real court records) is built:\n"
            f"  Database:             {db_path}\n"
            f"  Exported feed files:  {workdir / 'feeds'}\n"
            f"  To serve it:          sealtrail serve --db {db_path}\n",
            flush=True,
        )
        return
    check_port(DEMO_HOST, port)  # again: the build took a while
    base = f"http://{DEMO_HOST}:{port}"
    print(
        "\nsealtrail demo (SAMPLE DATA, not real court records) is ready:\n"
        f"  Datasette:                 {base}/\n"
        f"  Home page:                 {base}/\n"
        f"  Sealing events:            {base}/sealtrail/sealing_events_for_readers\n"
        f"  Every column:              {base}/sealtrail/immigration_sealing_events\n"
        f"  About the data:            {base}/about\n"
        f"  Motions with no ruling:    {base}/sealtrail/pending_motions_to_seal\n"
        f"  Orders giving no reason:   {base}/sealtrail/orders_without_reasons\n"
        f"  Charts:                    {base}/-/charts\n"
        f"  A judge's rulings:         {base}/-/judge/kenneth-r-salcedo\n"
        f"  Crawl runs:                {base}/sealtrail/crawl_runs\n"
        f"  Crawl health:              {base}/sealtrail/crawl_health\n"
        f"  Operator feed:             {base}/-/feeds/health.atom\n"
        f"  Atom feed:                 {base}/-/feeds/sealing.atom\n"
        f"  RSS feed:                  {base}/-/feeds/sealing.rss\n"
        f"  Per-court feed:            {base}/-/feeds/court/casd.atom\n"
        f"  Sealed after filing:       {base}/sealtrail/after_the_fact_changes\n"
        f"  Feed of those changes:     {base}/-/feeds/changes.atom\n"
        f"  Exported feed files:       {workdir / 'feeds'}\n",
        flush=True,
    )
    from monitor.publish import serve_datasette

    serve_datasette(str(db_path), host=DEMO_HOST, port=port)
