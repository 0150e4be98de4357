"""`sealtrail demo`: the whole pipeline on bundled SAMPLE feeds, served over loopback HTTP.

The sample feeds in `monitor/sample/pacer_rss/` are written for this project and say so; they
follow PACER's RSS format (ISO-8859-1, escaped anchors, GMT dates) so the real spider crawls
them exactly as it would crawl a court. The crawl and the feed export run as the real
`sealtrail` commands in subprocesses (one Twisted reactor per process).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import threading
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parent / "sample" / "pacer_rss"
ORDERS_DIR = Path(__file__).resolve().parent / "sample" / "orders"
ROBOTS_TXT = b"User-agent: *\nDisallow: /private/\n"


def sample_courts() -> list[str]:
    return sorted(p.stem for p in SAMPLE_DIR.glob("*.xml"))


class _SampleHandler(BaseHTTPRequestHandler):
    """Serves `/{court}/cgi-bin/rss_outside.pl` from the sample folder, plus robots.txt."""

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        if self.path == "/robots.txt":
            return self._send(200, ROBOTS_TXT, "text/plain")
        parts = self.path.strip("/").split("/")
        path = SAMPLE_DIR / f"{parts[0]}.xml"
        if len(parts) == 3 and parts[1:] == ["cgi-bin", "rss_outside.pl"] and path.is_file():
            return self._send(200, path.read_bytes(), "application/rss+xml")
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


def start_sample_server() -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SampleHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _sealtrail(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "monitor.cli", *args], check=True)


def build_demo(workdir: Path) -> Path:
    """Crawl the sample feeds into a fresh `workdir/sealtrail.db`, read the sample orders into
    it, and export its feeds."""
    workdir.mkdir(parents=True, exist_ok=True)
    db_path = workdir / "sealtrail.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    server = start_sample_server()
    try:
        url_template = f"http://127.0.0.1:{server.server_port}/{{court}}/cgi-bin/rss_outside.pl"
        print(f"Replaying sample feeds from {SAMPLE_DIR} at {url_template}", flush=True)
        _sealtrail(
            "crawl",
            "pacer-rss",
            "--courts",
            ",".join(sample_courts()),
            "--db",
            str(db_path),
            "--url-template",
            url_template,
            "--download-delay",
            "0.2",
        )
    finally:
        server.shutdown()
    for order in sorted(ORDERS_DIR.glob("*.txt")):
        # File names say where the order sits: {court}-{docket with _ for :}-{entry}.txt
        entry = order.stem.rsplit("-", 1)[1]
        print(f"Reading the sample order {order.name} into docket entry {entry}", flush=True)
        _sealtrail("analyze", str(order), "--db", str(db_path), "--entry", entry)
    _sealtrail("feeds", "export", str(workdir / "feeds"), "--db", str(db_path))
    return db_path


def run_demo(workdir: Path, *, port: int = 8001, serve: bool = True) -> None:
    db_path = build_demo(workdir)
    base = f"http://127.0.0.1:{port}"
    print(
        "\nsealtrail demo (SAMPLE DATA, not real court records) is ready:\n"
        f"  Datasette:                 {base}/\n"
        f"  Sealing events (default):  {base}/sealtrail/immigration_sealing_events\n"
        f"  Motions with no ruling:    {base}/sealtrail/pending_motions_to_seal\n"
        f"  Orders giving no reason:   {base}/sealtrail/orders_without_reasons\n"
        f"  Crawl runs:                {base}/sealtrail/crawl_runs\n"
        f"  Atom feed:                 {base}/-/feeds/sealing.atom\n"
        f"  RSS feed:                  {base}/-/feeds/sealing.rss\n"
        f"  Per-court feed:            {base}/-/feeds/court/casd.atom\n"
        f"  Exported feed files:       {workdir / 'feeds'}\n",
        flush=True,
    )
    if serve:
        from monitor.publish import serve_datasette

        serve_datasette(str(db_path), port=port)
