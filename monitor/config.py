"""Settings of `sealtrail schedule`: a TOML file, then environment overrides, then `--db`.

Quirks handled:
- tokens (COURTLISTENER_TOKEN, GOVINFO_API_KEY) come only from the environment; a token-like
  key in the file, or a URL carrying credentials, is refused (a config file gets copied,
  committed and pasted into bug reports); `masked()` is what may be printed;
- the file is checked strictly: an unknown key (a typo such as `pacer_interval`) is an error
  naming the allowed keys rather than a setting silently ignored;
- an empty environment variable counts as unset (`SEALTRAIL_COURTS=` in a unit file);
- courts: a source's own `courts` in the file wins (`[]`: the crawler's default, e.g. every
  court for CourtListener); otherwise the top-level list (which SEALTRAIL_COURTS overrides);
  otherwise the crawler's default for that source;
- `None` for a URL means the crawler's own default address (this module does not import the
  crawler, so the defaults live there);
- `[recheck]` (`sealtrail recheck`, the nightly re-read for sealing after the fact): cases per
  source and night (`courtlistener_limit` 10: its free API allows 125 calls a day, shared with
  the nightly crawl; `govinfo_limit` 25; 0 turns a source's re-reads off) and `every_days`
  between two re-reads of one case (`monitor.rechecks.EVERY_DAYS`).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from monitor import sources
from monitor.courts import parse_court_list

DEFAULT_DB = "sealtrail.db"
DEFAULT_TIMEZONE = "America/New_York"
DEFAULT_PACER_INTERVAL_MINUTES = 30
DEFAULT_NIGHTLY_AT = "02:30"
TOKEN_VARIABLES = ("COURTLISTENER_TOKEN", "GOVINFO_API_KEY")
#: Cases `sealtrail recheck` re-reads per source and run; CourtListener's free API allows 125
#: calls a day, shared with the nightly crawl (a docket costs one call a page, more to find it).
DEFAULT_RECHECK_LIMITS = {"courtlistener": 10, "govinfo": 25}
DEFAULT_RECHECK_EVERY_DAYS = 7  # as monitor.rechecks.EVERY_DAYS (not imported: keep this light)
MASK = "********"

_TOP = {
    "db", "timezone", "courts", "schedule", "feeds", "pacer", "courtlistener", "govinfo", "recheck",
}  # fmt: skip
_SECTIONS = {
    "schedule": {"pacer_interval_minutes", "nightly_at"},
    "feeds": {"dir", "base_url"},
    "pacer": {"url_template", "courts", "download_delay"},
    "courtlistener": {"base_url", "courts", "queries", "download_delay"},
    "govinfo": {"base_url", "api_url", "courts", "download_delay"},
    "recheck": {f"{name}_limit" for name in DEFAULT_RECHECK_LIMITS} | {"every_days"},
}
_TOKEN_KEY = re.compile(r"token|api_?key|secret|password|passwd|credential", re.IGNORECASE)
_SECRET_QUERY = re.compile(r"[?&](api_?key|token|key|access_token)=", re.IGNORECASE)
_HHMM = re.compile(r"(\d{1,2}):(\d{2})")


class ConfigError(ValueError):
    """A setting that cannot be used; the message names where it came from."""


@dataclass(frozen=True)
class SourceOptions:
    """Per-source options; None means the crawler's default."""

    courts: tuple[str, ...] | None = None
    url_template: str | None = None  # PACER RSS only
    base_url: str | None = None  # CourtListener, GovInfo
    api_url: str | None = None  # GovInfo only ("off": website only)
    queries: tuple[str, ...] = ()  # CourtListener only
    download_delay: float | None = None


@dataclass(frozen=True)
class RecheckOptions:
    """`[recheck]`: cases re-read per source and run (0: none), days between two re-reads."""

    limits: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_RECHECK_LIMITS))
    every_days: int = DEFAULT_RECHECK_EVERY_DAYS


@dataclass(frozen=True)
class Config:
    db: str = DEFAULT_DB
    timezone: str = DEFAULT_TIMEZONE
    courts: tuple[str, ...] | None = None
    pacer_interval_minutes: int = DEFAULT_PACER_INTERVAL_MINUTES
    nightly_at: time = time(2, 30)
    feeds_dir: str | None = None  # None: `feeds/` beside the database
    feeds_base_url: str | None = None
    pacer: SourceOptions = SourceOptions()
    courtlistener: SourceOptions = SourceOptions()
    govinfo: SourceOptions = SourceOptions()
    recheck: RecheckOptions = RecheckOptions()
    path: str | None = None  # the file read, if any
    tokens: Mapping[str, str] = field(default_factory=dict, repr=False)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def feeds_directory(self) -> str:
        return self.feeds_dir or str(Path(self.db).resolve().parent / "feeds")

    def options_for(self, source: str) -> SourceOptions:
        """A source's table (`[pacer]` for `pacer-rss`: its declared `config_section`); a
        source without a table of its own here crawls with the defaults."""
        declared = sources.find(source)
        section = declared.section if declared else source.replace("-", "_")
        options = getattr(self, section, None)
        return options if isinstance(options, SourceOptions) else SourceOptions()

    def courts_for(self, source: str) -> tuple[str, ...] | None:
        """Courts a source crawls: its own list, else the top-level one, else None (default)."""
        own = self.options_for(source).courts
        return own if own is not None else self.courts

    def child_env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """Environment for a job's process: `base` (default os.environ) with the tokens this
        config read, so they travel in the environment and never in argv."""
        env = {k: v for k, v in (os.environ if base is None else base).items()}
        for name in TOKEN_VARIABLES:
            env.pop(name, None)
        env.update(self.tokens)
        env["PYTHONUNBUFFERED"] = "1"  # child logs reach the journal as they happen
        return env

    def scrub(self, text: str) -> str:
        """`text` with any token value replaced by the mask (defence for logs and rows)."""
        for value in self.tokens.values():
            if value:
                text = text.replace(value, MASK)
        return text

    def masked(self) -> dict[str, Any]:
        """The effective settings as JSON-ready data, tokens shown only as set or not."""

        def source(options: SourceOptions, name: str) -> dict[str, Any]:
            courts = self.courts_for(name)
            data: dict[str, Any] = {
                "courts": list(courts) if courts else "default",
                "download_delay": options.download_delay,
            }
            if name == "pacer":
                data["url_template"] = options.url_template or "default"
            else:
                data["base_url"] = options.base_url or "default"
            if name == "govinfo":
                data["api_url"] = options.api_url or "default"
            if name == "courtlistener":
                data["queries"] = list(options.queries) or "default"
            return data

        return {
            "config_file": self.path,
            "db": self.db,
            "timezone": self.timezone,
            "courts": list(self.courts) if self.courts else "default",
            "schedule": {
                "pacer_interval_minutes": self.pacer_interval_minutes,
                "nightly_at": self.nightly_at.strftime("%H:%M"),
            },
            "feeds": {"dir": self.feeds_directory, "base_url": self.feeds_base_url},
            "pacer": source(self.pacer, "pacer"),
            "courtlistener": source(self.courtlistener, "courtlistener"),
            "govinfo": source(self.govinfo, "govinfo"),
            "recheck": {
                **{f"{name}_limit": n for name, n in self.recheck.limits.items()},
                "every_days": self.recheck.every_days,
            },
            "tokens": {
                name: MASK if self.tokens.get(name) else "not set" for name in TOKEN_VARIABLES
            },
        }


# ------------------------------------------------------------------------------- loading
def load_config(
    path: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    db: str | None = None,
) -> Config:
    """Read `path` (TOML, optional), apply environment overrides from `env` (default
    os.environ) and `db` (the `--db` option, highest). Raises ConfigError."""
    env = os.environ if env is None else env
    data: dict[str, Any] = {}
    if path is not None:
        data = _read_toml(Path(path))
    where = str(path) if path is not None else "config"
    config = _from_file(data, where)
    config = replace(config, path=str(path) if path is not None else None)
    config = _apply_env(config, env)
    if db:
        config = replace(config, db=db)
    tokens = {name: env[name] for name in TOKEN_VARIABLES if env.get(name)}
    return replace(config, tokens=tokens)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as error:
        raise ConfigError(f"{path}: no such config file") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from error


def _check_keys(table: Mapping[str, Any], allowed: set[str], where: str) -> None:
    for key in table:
        if _TOKEN_KEY.search(key):
            raise ConfigError(
                f"{where}: `{key}` looks like a token; tokens are read only from the "
                f"environment ({', '.join(TOKEN_VARIABLES)}), never from the config file. "
                "Remove it from the file and set the variable instead."
            )
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ConfigError(
            f"{where}: unknown setting {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})"
        )


def _from_file(data: dict[str, Any], where: str) -> Config:
    _check_keys(data, _TOP, where)
    for section, allowed in _SECTIONS.items():
        if section in data:
            if not isinstance(data[section], dict):
                raise ConfigError(f"{where}: [{section}] must be a table")
            _check_keys(data[section], allowed, f"{where} [{section}]")
    schedule = data.get("schedule", {})
    feeds = data.get("feeds", {})
    config = Config(
        db=_string(data.get("db", DEFAULT_DB), f"{where}: db"),
        timezone=_timezone(data.get("timezone", DEFAULT_TIMEZONE), f"{where}: timezone"),
        courts=_courts(data.get("courts"), f"{where}: courts"),
        pacer_interval_minutes=_interval(
            schedule.get("pacer_interval_minutes", DEFAULT_PACER_INTERVAL_MINUTES),
            f"{where} [schedule] pacer_interval_minutes",
        ),
        nightly_at=_clock(
            schedule.get("nightly_at", DEFAULT_NIGHTLY_AT), f"{where} [schedule] nightly_at"
        ),
        feeds_dir=_optional_string(feeds.get("dir"), f"{where} [feeds] dir"),
        feeds_base_url=_url(feeds.get("base_url"), f"{where} [feeds] base_url"),
    )
    sources = {}
    for name in ("pacer", "courtlistener", "govinfo"):
        table = data.get(name, {})
        label = f"{where} [{name}]"
        template = _url(table.get("url_template"), f"{label} url_template")
        if template is not None and "{court}" not in template:
            raise ConfigError(f"{label} url_template: must contain {{court}}: {template!r}")
        api_url = table.get("api_url")
        sources[name] = SourceOptions(
            courts=_courts(table.get("courts"), f"{label} courts"),
            url_template=template,
            base_url=_url(table.get("base_url"), f"{label} base_url"),
            api_url=api_url if api_url == "off" else _url(api_url, f"{label} api_url"),
            queries=_queries(table.get("queries", []), f"{label} queries"),
            download_delay=_delay(table.get("download_delay"), f"{label} download_delay"),
        )
    return replace(config, **sources, recheck=_recheck(data.get("recheck", {}), where))


def _recheck(table: Mapping[str, Any], where: str) -> RecheckOptions:
    label = f"{where} [recheck]"
    limits = {
        name: _count(table.get(f"{name}_limit", default), f"{label} {name}_limit")
        for name, default in DEFAULT_RECHECK_LIMITS.items()
    }
    every = _count(table.get("every_days", DEFAULT_RECHECK_EVERY_DAYS), f"{label} every_days")
    if every < 1:
        raise ConfigError(f"{label} every_days: must be at least 1 day, got {every}")
    return RecheckOptions(limits=limits, every_days=every)


def _apply_env(config: Config, env: Mapping[str, str]) -> Config:
    def get(name: str) -> str | None:
        value = env.get(name, "").strip()
        return value or None

    changes: dict[str, Any] = {}
    if (value := get("SEALTRAIL_DB")) is not None:
        changes["db"] = value
    if (value := get("SEALTRAIL_TIMEZONE")) is not None:
        changes["timezone"] = _timezone(value, "SEALTRAIL_TIMEZONE")
    if (value := get("SEALTRAIL_COURTS")) is not None:
        changes["courts"] = _courts(value, "SEALTRAIL_COURTS")
    if (value := get("SEALTRAIL_PACER_INTERVAL_MINUTES")) is not None:
        changes["pacer_interval_minutes"] = _interval(value, "SEALTRAIL_PACER_INTERVAL_MINUTES")
    if (value := get("SEALTRAIL_NIGHTLY_AT")) is not None:
        changes["nightly_at"] = _clock(value, "SEALTRAIL_NIGHTLY_AT")
    if (value := get("SEALTRAIL_FEEDS_DIR")) is not None:
        changes["feeds_dir"] = value
    return replace(config, **changes)


# ---------------------------------------------------------------------------- validators
def _string(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: expected a non-empty string, got {value!r}")
    return value.strip()


def _optional_string(value: Any, where: str) -> str | None:
    return None if value is None else _string(value, where)


def _timezone(value: Any, where: str) -> str:
    name = _string(value, where)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ConfigError(
            f"{where}: unknown time zone {name!r} (use an IANA name like America/New_York)"
        ) from error
    return name


def _courts(value: Any, where: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = ",".join(value)
    if not isinstance(value, str):
        raise ConfigError(f"{where}: expected a list of court ids, got {value!r}")
    if not value.strip():
        return ()  # explicitly empty: the crawler's default for this source
    try:
        return tuple(parse_court_list(value))
    except ValueError as error:
        raise ConfigError(f"{where}: {error}") from error


def _interval(value: Any, where: str) -> int:
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{where}: expected a whole number of minutes, got {value!r}")
    if value < 1:
        raise ConfigError(f"{where}: must be at least 1 minute, got {value}")
    return value


def _count(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(f"{where}: expected a whole number >= 0, got {value!r}")
    return value


def _clock(value: Any, where: str) -> time:
    match = _HHMM.fullmatch(value.strip()) if isinstance(value, str) else None
    hour, minute = (int(match[1]), int(match[2])) if match else (-1, -1)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ConfigError(f"{where}: expected a time of day as HH:MM (e.g. 02:30), got {value!r}")
    return time(hour, minute)


def _url(value: Any, where: str) -> str | None:
    if value is None:
        return None
    url = _string(value, where)
    if not re.match(r"https?://", url):
        raise ConfigError(f"{where}: expected an http:// or https:// address, got {url!r}")
    if "@" in url.split("/", 3)[2] or _SECRET_QUERY.search(url):
        raise ConfigError(
            f"{where}: the address carries credentials; tokens are read only from the "
            f"environment ({', '.join(TOKEN_VARIABLES)})"
        )
    return url


def _queries(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(q, str) and q.strip() for q in value):
        raise ConfigError(f"{where}: expected a list of non-empty search strings")
    return tuple(value)


def _delay(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ConfigError(f"{where}: expected seconds (a number >= 0), got {value!r}")
    return float(value)
