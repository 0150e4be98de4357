"""Redirects stay home: a redirect is followed only to the hosts of the source it came from.

Quirks of Scrapy 2.19 handled here:
- `RedirectMiddleware` (3xx `Location`) and `MetaRefreshMiddleware` (`<meta http-equiv=
  "refresh">` in an HTML answer) follow a redirect to any host;
- our requests carry `dont_filter=True` (each must go out, see the spiders), which also
  exempts them, and the requests their redirects make, from Scrapy's `OffsiteMiddleware`.
So a court feed that redirected to another host (`127.0.0.1` → `127.0.0.2`, or a service on
the crawling machine) was followed, and that host's answer stored as the court's feed. Both
middlewares are replaced by subclasses that check where a redirect leads before it is made.

Home (`Home`, `home_of`): the hosts of the spider's own addresses for the request
(`spider.home_urls(request)`: PACER the court's feed URL, CourtListener its `base_url`,
GovInfo its `base_url` and `api_url`; else the URL the request started from), each with:
- its public family: PACER `*.{court}.uscourts.gov` (the court's own hosts, not another
  court's), `*.courtlistener.com`, `*.govinfo.gov`;
- a mirror (`--url-template`, `--base-url`, `--api-url`) is home by its exact host and port;
- ports: a host without an explicit port in the home URL is home on the default ports of
  http and https (so an http → https upgrade stays home); one with a port only on that port
  (another port of the same machine is another service);
- `SEALTRAIL_REDIRECT_HOSTS` (setting; the environment variable of that name, comma-separated)
  adds hosts for every source: `mirror.example.org`, `.example.org` (it and its subdomains),
  `10.0.0.5:8080`.
A redirect elsewhere raises `RedirectRefused` (an `IgnoreRequest`) to the request's errback,
which records the run as `error` with kind `redirect` and the reason `redirect to another
host refused: 127.0.0.2`. Every hop is checked, so a chain that leaves home on its second hop
is refused there. robots.txt requests are Scrapy's own and follow redirects as before (their
answer only ever becomes crawl rules, never stored data).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

logger = logging.getLogger(__name__)

DEFAULT_PORTS = {"http": 80, "https": 443}
#: Public source domains whose subdomains are all home (a court's PACER hosts: see `_family`).
PUBLIC_FAMILIES = ("courtlistener.com", "govinfo.gov")
REFUSED = "redirect to another host refused"
_SHOWN_HOST = re.compile(r"[^a-z0-9.:\[\]-]")
_ALLOWED_ENTRY = re.compile(
    r"^(?P<dot>\.)?(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])"
    r"(?::(?P<port>\d{1,5}))?$"
)


class RedirectRefused(IgnoreRequest):
    """A redirect would have left the source's hosts; `target` is the host (and port)."""

    def __init__(self, target: str):
        super().__init__(f"{REFUSED}: {target}")
        self.target = target


@dataclass(frozen=True)
class HomeHost:
    host: str  # lower case, no trailing dot
    port: int | None  # None: the default ports of http and https
    subdomains: bool = False  # `host` and every host under it


def _host_and_port(url: str) -> tuple[str, int | None, str]:
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    try:
        port = parts.port
    except ValueError:  # a port out of range or not a number: never home
        port = -1
    scheme = parts.scheme.lower()
    if port is not None and port == DEFAULT_PORTS.get(scheme):
        port = None
    return host, port, scheme


def _family(host: str) -> str | None:
    """The public domain whose hosts all belong to the same source as `host`."""
    if host.endswith(".uscourts.gov"):
        labels = host.split(".")
        return ".".join(labels[-3:]) if len(labels) >= 3 else None  # casd.uscourts.gov
    for domain in PUBLIC_FAMILIES:
        if host == domain or host.endswith("." + domain):
            return domain
    return None


def home_hosts(url: str) -> list[HomeHost]:
    """The hosts a redirect from a source at `url` may go to (see the module docstring)."""
    host, port, _ = _host_and_port(url)
    if not host:
        return []
    found = [HomeHost(host, port)]
    family = _family(host) if port is None else None
    if family:
        found.append(HomeHost(family, None, subdomains=True))
    return found


def parse_allowed(values: Iterable[str] | str | None) -> list[HomeHost]:
    """`SEALTRAIL_REDIRECT_HOSTS` entries: `host`, `.domain` (and subdomains), `host:port`."""
    if isinstance(values, str):
        values = values.split(",")
    found = []
    for value in values or []:
        text = value.strip().lower()
        if not text:
            continue
        m = _ALLOWED_ENTRY.match(text)
        port = int(m.group("port")) if m and m.group("port") else None
        if m is None or (port is not None and not 0 < port < 65536):
            raise ValueError(
                f"SEALTRAIL_REDIRECT_HOSTS: {value!r} is not a host name, .domain or host:port"
            )
        found.append(HomeHost(m.group("host").rstrip("."), port, bool(m.group("dot"))))
    return found


class Home:
    """Where one request may be redirected."""

    def __init__(self, hosts: Iterable[HomeHost]):
        self.hosts = list(hosts)

    def allows(self, url: str) -> bool:
        host, port, scheme = _host_and_port(url)
        if not host or port == -1 or scheme not in DEFAULT_PORTS:
            return False
        for home in self.hosts:
            named = host == home.host or (home.subdomains and host.endswith("." + home.host))
            if named and port == home.port:
                return True
        return False


def shown_host(url: str) -> str:
    """The target named in the refusal: host[:port], only host-name characters, bounded."""
    host, port, _ = _host_and_port(url)
    text = host + (f":{port}" if port not in (None, -1) else "")
    return _SHOWN_HOST.sub("", text.lower())[:100] or "an unreadable host"


def home_of(spider: Any, request: Request, allowed: Iterable[HomeHost] = ()) -> Home:
    """The home of `request`: the spider's addresses for it (or the URL the redirect chain
    started from) with their families, plus the operator's `allowed` hosts."""
    urls = None
    home_urls = getattr(spider, "home_urls", None)
    if callable(home_urls):
        urls = [u for u in home_urls(request) if u]
    if not urls:
        urls = [(request.meta.get("redirect_urls") or [request.url])[0]]
    hosts = [h for url in urls for h in home_hosts(url)]
    return Home([*hosts, *allowed])


def _is_robots(request: Request) -> bool:
    return "court" not in request.meta and urlsplit(request.url).path == "/robots.txt"


class _StaysHome:
    """Mixed into Scrapy's redirect middlewares: refuse a redirect that leaves home."""

    crawler: Any

    def __init__(self, settings: Any):
        super().__init__(settings)  # type: ignore[call-arg]
        # a bad entry stops the crawl at its start, not at the first redirect
        self.allowed = parse_allowed(settings.get("SEALTRAIL_REDIRECT_HOSTS"))

    def _check(self, request: Request, result: Request | Response) -> Request | Response:
        if not isinstance(result, Request) or _is_robots(request):
            return result
        home = home_of(self.crawler.spider, request, self.allowed)
        if home.allows(result.url):
            return result
        target = shown_host(result.url)
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value("redirect/refused")
        logger.warning("%s: %s: %s", request.meta.get("court", "crawl"), REFUSED, target)
        raise RedirectRefused(target)


class HomeRedirectMiddleware(_StaysHome, RedirectMiddleware):
    """Scrapy's `RedirectMiddleware` (3xx), refusing redirects away from the source's hosts."""

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        return self._check(request, super().process_response(request, response))


class HomeMetaRefreshMiddleware(_StaysHome, MetaRefreshMiddleware):
    """Scrapy's `MetaRefreshMiddleware`, refusing refreshes away from the source's hosts."""

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        return self._check(request, super().process_response(request, response))
