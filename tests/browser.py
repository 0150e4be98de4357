"""Headless Chromium driven over the DevTools protocol (CDP), with the standard library only.

    with Browser.start() as browser:            # None-safe: see `find_chromium`
        page = browser.open("http://127.0.0.1:8001/", screenshot=Path("shots/home.png"))
        page.errors   # console errors, uncaught exceptions, failed loads: [] on a clean page
        page.text     # document.body.innerText after the load event
        page.count("svg, canvas")  # elements matching a CSS selector

Quirks it handles:

- No websocket library is installed, so the protocol goes over `--remote-debugging-pipe`:
  Chromium reads commands from its file descriptor 3 and writes answers and events to 4, each
  message JSON ended by a NUL byte (what Puppeteer's `pipe: true` uses). The pipes are put on
  3 and 4 in the child before exec; nothing listens on a port.
- One browser process serves every page: each page is a new target (tab) attached with
  `flatten`, so its events carry a `sessionId`, and is closed after use.
- "Console errors" are three kinds of event: `Runtime.consoleAPICalled` of type error or
  assert (a script's `console.error`), `Runtime.exceptionThrown` (an uncaught exception) and
  `Log.entryAdded` of level error (a resource that failed to load: a 404 script or image, a
  blocked request, a CSP violation). The page's own status is `Network.responseReceived` for
  the document; a page that is not 200 is reported as an error too.
- Fonts and late scripts: after the load event it waits for the network to be idle (Chromium's
  `networkIdle` lifecycle event, or a short bound), so a chart drawn by a script is drawn.
  Both are lifecycle events of the navigation's own loader (`loaderId`): the tab's first
  about:blank sends its own, which must not count.
- The screenshot is the full page (`captureBeyondViewport`) at 1280 px wide, capped at
  8,000 px high so a long table does not make a huge file.
- `requests` lists every URL the page asked for (scripts, styles, fonts, images), so a test
  can check that a page loads nothing from another host (every page works offline).
- `/usr/bin/chromium` on Debian is a shell wrapper that adds flags from /etc/chromium.d; it
  may print a harmless shell warning on stderr, which is ignored (stderr goes to a file).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-pipe",
)
WIDTH, HEIGHT = 1280, 900  # the viewport; screenshots take the whole page
MAX_SCREENSHOT_HEIGHT = 8000


def find_chromium() -> str | None:
    """The Chromium to drive: $SEALTRAIL_CHROMIUM, else `chromium` or `chromium-browser` on
    PATH, else None (the tests then skip and say how to install it)."""
    explicit = os.environ.get("SEALTRAIL_CHROMIUM")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _above(fd: int, lowest: int) -> int:
    """`fd` moved to a descriptor number >= `lowest` (the old one closed)."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, lowest)
    os.close(fd)
    return moved


class BrowserError(RuntimeError):
    pass


@dataclass
class Page:
    """What a reader saw of one address."""

    url: str
    status: int | None = None
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    text: str = ""
    title: str = ""
    _browser: Browser | None = None
    _session: str | None = None

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (JSON-serialisable values)."""
        assert self._browser is not None and self._session is not None
        answer = self._browser.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True},
            session=self._session,
        )
        if "exceptionDetails" in answer:
            raise BrowserError(f"{expression!r}: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def count(self, selector: str) -> int:
        return self.evaluate(f"document.querySelectorAll({json.dumps(selector)}).length")


class Browser:
    """One headless Chromium process; `open` loads a page in a new tab and reads it."""

    def __init__(self, executable: str, *, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="sealtrail-chromium-")
        self._stderr = open(Path(self._profile.name) / "stderr.log", "wb")  # noqa: SIM115
        # the child's ends are moved above 3 and 4 first, so that putting one on 3 cannot
        # overwrite the other
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        to_child_r, from_child_w = (_above(to_child_r, 10), _above(from_child_w, 10))

        def onto_3_and_4() -> None:  # runs in the child, before exec
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        command = [executable, *FLAGS, f"--user-data-dir={self._profile.name}", "about:blank"]
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
            preexec_fn=onto_3_and_4,  # after it, every descriptor but 0-4 is closed
            pass_fds=(3, 4),
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict] = []
        self._tab: str | None = None
        self.version = self.call("Browser.getVersion")["product"]

    @classmethod
    def start(cls, executable: str | None = None, **kwargs: Any) -> Browser:
        executable = executable or find_chromium()
        if not executable:
            raise BrowserError("no chromium found (install Debian's `chromium`)")
        return cls(executable, **kwargs)

    # -- protocol ---------------------------------------------------------------------------

    def _send(self, message: dict) -> None:
        data = json.dumps(message).encode("utf-8") + b"\0"
        while data:
            written = os.write(self._to_child, data)
            data = data[written:]

    def _receive(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("chromium did not answer in time")
            ready, _, _ = select.select([self._from_child], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise BrowserError(f"chromium closed the pipe (exit {self._process.poll()})")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, params: dict | None = None, *, session: str | None = None):
        """Send one command and wait for its answer; events that arrive meanwhile are kept."""
        self._next_id += 1
        message: dict = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._send(message)
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._receive(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self._events.append(answer)

    def _wait_for(self, session: str, predicate, timeout: float) -> bool:
        """Wait until an event of `session` satisfies `predicate`; False after `timeout`."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for event in self._events[seen:]:
                if event.get("sessionId") == session and predicate(event):
                    return True
            seen = len(self._events)
            try:
                self._events.append(self._receive(deadline))
            except BrowserError:
                if time.monotonic() >= deadline:
                    return False
                raise

    # -- pages ------------------------------------------------------------------------------

    def open(self, url: str, *, screenshot: Path | None = None, settle: float = 5.0) -> Page:
        """Load `url` in a fresh tab, wait for its load event and an idle network (at most
        `settle` seconds), read its status, errors and text and save a screenshot. The tab
        stays open until the next `open` (or `close`), so `Page.evaluate` and `Page.count`
        work on it meanwhile."""
        self._close_tab()
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        self._tab = target
        page = Page(url=url, _browser=self, _session=session)
        for method in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
            self.call(method, session=session)
        self.call("Page.setLifecycleEventsEnabled", {"enabled": True}, session=session)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
            session=session,
        )
        navigated = self.call("Page.navigate", {"url": url}, session=session)
        if navigated.get("errorText"):
            page.errors.append(f"navigation failed: {navigated['errorText']}")
            return page
        loader = navigated.get("loaderId")

        def lifecycle(name: str):
            return lambda e: (
                e.get("method") == "Page.lifecycleEvent"
                and e["params"].get("name") == name
                and e["params"].get("loaderId") in (loader, None)
            )

        if not self._wait_for(session, lifecycle("load"), self.timeout):
            page.errors.append("the page did not finish loading")
        self._wait_for(session, lifecycle("networkIdle"), settle)
        self._read(page, session)
        if screenshot is not None:
            self._screenshot(session, screenshot)
        return page

    def _close_tab(self) -> None:
        if self._tab is not None:
            self.call("Target.closeTarget", {"targetId": self._tab})
            self._tab = None
        self._events.clear()

    def _read(self, page: Page, session: str) -> None:
        for event in self._events:
            if event.get("sessionId") != session:
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Network.requestWillBeSent":
                page.requests.append(params["request"]["url"])
            elif method == "Network.responseReceived" and params.get("type") == "Document":
                if page.status is None:
                    page.status = params["response"]["status"]
            elif method == "Runtime.consoleAPICalled" and params.get("type") in (
                "error",
                "assert",
            ):
                args = " ".join(
                    str(a.get("value", a.get("description", ""))) for a in params["args"]
                )
                page.errors.append(f"console.{params['type']}: {args}")
            elif method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                description = details.get("exception", {}).get("description") or details["text"]
                page.errors.append(f"uncaught: {description}")
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                entry = params["entry"]
                page.errors.append(f"{entry['source']}: {entry['text']} {entry.get('url', '')}")
        if page.status not in (None, 200):
            page.errors.append(f"HTTP {page.status}")
        page.text = page.evaluate("document.body ? document.body.innerText : ''") or ""
        page.title = page.evaluate("document.title") or ""

    def _screenshot(self, session: str, path: Path) -> None:
        metrics = self.call("Page.getLayoutMetrics", session=session)
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        height = min(max(200, int(size["height"])), MAX_SCREENSHOT_HEIGHT)
        width = max(WIDTH, int(size["width"]))
        shot = self.call(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
            },
            session=session,
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))

    # -- lifecycle --------------------------------------------------------------------------

    def close(self) -> None:
        try:
            if self._process.poll() is None:
                try:
                    self.call("Browser.close")
                except (BrowserError, OSError):
                    pass
                try:
                    self._process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self._process.kill()
                    self._process.wait()
        finally:
            for fd in (self._to_child, self._from_child):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._stderr.close()
            self._profile.cleanup()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
