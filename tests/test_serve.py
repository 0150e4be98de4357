"""`sealtrail serve` as an operator runs it: Datasette gets the metadata, and no start leaves
a file behind in the temporary directory (it used to leave one per start)."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import yaml

from monitor.publish import METADATA_PATH
from tests.conftest import ROOT
from tests.helpers_store import build_sample_store


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(port: int, path: str) -> dict | None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return json.loads(response.read()) if response.status == 200 else None
    except OSError:
        return None
    finally:
        connection.close()


def serve_once(db: Path, tmpdir: Path) -> dict:
    """Start `sealtrail serve`, read its metadata once it answers, stop it with SIGTERM."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmpdir)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor.cli", "serve", "--db", str(db), "--port", str(port)],
        cwd=db.parent,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        metadata = None
        while metadata is None and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            metadata = get_json(port, "/-/metadata.json")
        assert metadata is not None, proc.stderr.read() if proc.poll() is not None else "no answer"
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return metadata


def test_serve_leaves_no_temporary_file_and_serves_the_metadata(tmp_path):
    db = build_sample_store(tmp_path / "st.db")
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    expected = yaml.safe_load(METADATA_PATH.read_text(encoding="utf-8"))
    for _ in range(2):
        metadata = serve_once(db, tmpdir)
        assert metadata["title"] == expected["title"]
        # metadata.yml's `sealtrail` database section, renamed to the served file's name
        assert set(metadata["databases"]) == {"st"}
        assert metadata["databases"]["st"]["tables"] == expected["databases"]["sealtrail"]["tables"]
    assert sorted(os.listdir(tmpdir)) == []
