"""The `sealtrail` command: each stage of the pipeline is a subcommand printing JSON.

This is the one module that composes crawler/, monitor/ and feeds/; it imports Scrapy and
feedgen only inside the commands that need them, so `monitor` itself stays free of both.
"""

from __future__ import annotations

import functools
import json
import logging
import shlex
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import click

from monitor import courts as court_data
from monitor import sources

DEFAULT_DB = "sealtrail.db"
_LIBRARY_LOGGERS = ("scrapy", "twisted")  # shown below WARNING only with -v


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from monitor.version import version_line

    click.echo(version_line())
    ctx.exit()


@click.group()
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Log at DEBUG level, Scrapy's own log included (else Scrapy logs warnings only).",
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the versions of sealtrail, Python, Scrapy, Datasette and SQLite, and exit.",
)
def main(verbose: bool) -> None:
    """sealtrail: sealing activity in immigration-related federal court cases."""
    from monitor.redact import install_log_redaction

    try:  # every command reads the sources: a bad SEALTRAIL_SOURCES is one line, not a trace
        sources.names()
    except sources.SourcesError as error:
        raise click.ClickException(str(error)) from None

    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    install_log_redaction()  # what a crawl logs goes to the terminal or the journal
    if not verbose:
        for handler in logging.getLogger().handlers:
            handler.addFilter(_quiet_libraries)


def _quiet_libraries(record: logging.LogRecord) -> bool:
    """Without -v, Scrapy's and Twisted's own lines below WARNING are left out (its settings,
    versions, stats and every request: ~370 lines before the demo's URLs), except that a
    signal was heard (Ctrl-C: "shutting down gracefully. Send again to force"); ours stay. A
    handler filter, because Scrapy resets its loggers' levels when a crawl starts. Their
    errors keep their one line but lose the traceback (an unreachable host gave 60 lines of
    Twisted frames for "Connection refused", which the line already says)."""
    if not record.name.startswith(_LIBRARY_LOGGERS):
        return True
    if record.levelno >= logging.WARNING:
        record.exc_info = record.exc_text = None
        return True
    # the message is already formatted here (monitor.redact redacts each record as it is made)
    return record.getMessage().startswith("Received SIG")


def _court_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A single `--court`: a court id we know (lower-cased), else a usage error (exit 2) with
    a did-you-mean (`monitor.courts.parse_court_list`)."""
    if value is None:
        return None
    try:
        ids = court_data.parse_court_list(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from error
    if len(ids) != 1:
        raise click.BadParameter(f"one court id, not {value!r}")
    return ids[0]


def _echo_json(record: dict) -> None:
    click.echo(json.dumps(record, ensure_ascii=False, sort_keys=False))


def _open_store(db_path: str, *, create: bool = False):
    """The store at `db_path` (see monitor/storefile.py): only with `create` (crawls) may a
    missing one be made, and that is said on stderr; anything else is one `Error:` line."""
    from monitor.storefile import StoreError, open_store

    try:
        return open_store(db_path, create=create, on_create=lambda line: click.echo(line, err=True))
    except StoreError as error:
        raise click.ClickException(str(error)) from error


# ---------------------------------------------------------------------------------- parse
@main.group()
def parse() -> None:
    """Parse a downloaded source file and print one JSON object per record."""


@parse.command("pacer-rss")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--court", required=True, callback=_court_option, help="Court id, e.g. casd, nyed, ca9."
)
def parse_pacer_rss(file: str, court: str) -> None:
    """Docket entries of a PACER RSS feed, one JSON object per line.

    Entries are labelled with --court (the feed does not say whose it is); when the feed's
    links are all on another court's CM/ECF host, a warning names that court.
    """
    from crawler.parsers.errors import FeedError
    from crawler.parsers.feed_court import foreign_court
    from crawler.parsers.pacer_rss import parse_feed

    try:
        parsed = parse_feed(Path(file).read_bytes(), court)
    except FeedError as error:
        raise click.ClickException(f"{file}: {error.kind}: {error}") from error
    foreign = foreign_court(parsed.items, court)
    if foreign:
        click.echo(
            f"warning: {file}: the feed's links are on ecf.{foreign}.uscourts.gov: it looks "
            f"like {foreign}'s feed, but its entries are labelled {court} as --court asks "
            f"(use --court {foreign} if the feed is {foreign}'s)",
            err=True,
        )
    for item in parsed.items:
        _echo_json(item)
    for reason in parsed.skipped:
        click.echo(f"skipped: {reason}", err=True)


@parse.command("govinfo-mods")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def parse_govinfo_mods(file: str) -> None:
    """A GovInfo USCOURTS MODS record: the case, then one docket entry per opinion/order."""
    from crawler.parsers.errors import FeedError
    from crawler.parsers.govinfo import case_record, entry_records, parse_mods

    try:
        package = parse_mods(Path(file).read_bytes())
    except FeedError as error:
        raise click.ClickException(f"{file}: {error.kind}: {error}") from error
    _echo_json({"record": "case", **case_record(package)})
    for entry in entry_records(package):
        _echo_json({"record": "entry", **entry})


@parse.command("courtlistener-search")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--court",
    default=None,
    callback=_court_option,
    help="Court the search was filtered to (Atom feeds).",
)
def parse_courtlistener_search(file: str, court: str | None) -> None:
    """A CourtListener RECAP search: the public Atom feed or a REST v4 JSON page."""
    from crawler.parsers.courtlistener import parse_atom_search, parse_search_json
    from crawler.parsers.errors import FeedError

    content = Path(file).read_bytes()
    try:
        if content.lstrip()[:1] == b"{":
            page = parse_search_json(content)
            records = [("case", c) for c in page.cases] + [("entry", e) for e in page.entries]
            skipped = page.skipped
            if page.next:
                click.echo(f"next page: {page.next}", err=True)
        else:
            feed = parse_atom_search(content, court=court)
            records, skipped = [("entry", e) for e in feed.items], feed.skipped
    except FeedError as error:
        raise click.ClickException(f"{file}: {error.kind}: {error}") from error
    for kind, record in records:
        _echo_json({"record": kind, **record})
    for reason in skipped:
        click.echo(f"skipped: {reason}", err=True)


# ------------------------------------------------------------------------------- classify
@main.command()
@click.argument("texts", nargs=-1)
@click.option("--case-name", default="", help="Case caption, used to tell who a party is.")
def classify(texts: tuple[str, ...], case_name: str) -> None:
    """Classify docket-entry texts (arguments, or JSON lines {"id","text"} on stdin)."""
    from monitor.classify import classify as classify_text

    if texts:
        records = [{"id": str(i), "text": t} for i, t in enumerate(texts, 1)]
    else:
        records = []
        for number, line in enumerate(sys.stdin, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise click.ClickException(f"stdin line {number}: not JSON: {error}") from error
            if not isinstance(record, dict) or "text" not in record:
                raise click.ClickException(f'stdin line {number}: expected {{"id", "text"}}')
            records.append(record)
    for record in records:
        result = classify_text(
            record.get("text") or "",
            record.get("short_description") or "",
            record.get("case_name") or case_name,
        )
        _echo_json({"id": record.get("id"), **result.as_dict()})


# -------------------------------------------------------------------------------- analyze
def read_order_file(path: str) -> str:
    """Text of an order file: a PDF's text layer, or a text file (UTF-8, a byte-order mark's
    encoding, else Windows-1252); `NotText` for empty, binary or unmarked UTF-16 files."""
    from monitor.analyze.textfile import MAX_TEXT_FILE_BYTES, NotText, decode_order_text
    from monitor.pdf import read_pdf_text

    file = Path(path)
    if not file.is_file():
        raise NotText("not a regular file (a device or a pipe), not the text of an order")
    with file.open("rb") as handle:
        if handle.read(5) == b"%PDF-":  # read in a child process under limits
            return read_pdf_text(path)
        size = file.stat().st_size
        if size > MAX_TEXT_FILE_BYTES:
            raise NotText(
                f"{size / 1024 / 1024:,.0f} MB of text: over the {MAX_TEXT_FILE_BYTES // 2**20} MB "
                "an order could be (orders run to a few hundred KB)"
            )
        handle.seek(0)
        data = handle.read(MAX_TEXT_FILE_BYTES + 1)
    return decode_order_text(data)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file.")
@click.option("--db", "db_path", default=None, help="Also store each order in this database.")
@click.option(
    "--court",
    default=None,
    callback=_court_option,
    help="Court id, when the order does not state it.",
)
@click.option("--docket", default=None, help="Docket number, when the order does not state it.")
@click.option("--entry", type=int, default=None, help="The order's docket entry number.")
@click.option("--source-url", default=None, help="Where the order was published.")
def analyze(files, as_json, db_path, court, docket, entry, source_url) -> None:
    """Read sealing orders (.txt or .pdf): what was sealed, who asked, the ruling and why."""
    from datetime import UTC, datetime

    from monitor.analyze import analyze_text, summary_lines
    from monitor.analyze.textfile import NotText
    from monitor.pdf import PdfError

    db = _open_store(db_path) if db_path else None
    failures = 0
    for path in files:
        try:
            text = read_order_file(path)
        except (PdfError, NotText) as error:
            click.echo(f"{path}: {error}", err=True)
            failures += 1
            continue
        analysis = analyze_text(text)
        if as_json:
            _echo_json({"file": path, **analysis.as_dict()})
        else:
            click.echo(f"== {path}")
            for line in summary_lines(analysis):
                click.echo(f"   {line}")
        if db is not None:
            from monitor.orders import MissingCase, store_order

            try:
                stored = store_order(
                    db,
                    analysis.as_dict(),
                    text,
                    source="file",
                    now=datetime.now(UTC).isoformat(timespec="seconds"),
                    source_url=source_url,
                    court=court,
                    docket_number=docket,
                    entry_number=entry,
                )
            except MissingCase as error:
                click.echo(f"{path}: not stored: {error}", err=True)
                failures += 1
                continue
            click.echo(f"{path}: stored as {stored['event_id'] or stored['document_id']}", err=True)
    if failures:
        raise SystemExit(1)


# ---------------------------------------------------------------------------------- crawl
class _SourceChoice(click.Choice):
    """Choices read from the sources (`names`) when click first needs them, after `main` has
    checked the registry, rather than when this module is imported: a bad SEALTRAIL_SOURCES
    is then `main`'s one-line error, not an import-time traceback."""

    def __init__(self, names: Callable[[], Iterable[str]]) -> None:
        self._read = names
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        try:
            return tuple(self._read())
        except sources.SourcesError:  # shell completion asks without running `main`
            return ()

    @choices.setter
    def choices(self, _ignored) -> None:  # click's __init__ assigns the empty tuple
        pass


@main.command()
@click.argument("source", type=_SourceChoice(lambda: [s.command for s in sources.all_sources()]))
@click.option("--courts", default=None, help="Comma-separated court ids (default: all).")
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True)
@click.option(
    "--since",
    default=None,
    help="CourtListener/GovInfo: records filed or published since this date (YYYY-MM-DD; "
    "default two days ago).",
)
@click.option(
    "--base-url",
    default=None,
    help="CourtListener/GovInfo: address of the site (mirrors, tests), e.g. http://127.0.0.1:8000.",
)
@click.option(
    "--api-url",
    default=None,
    help="GovInfo: address of the API (default api.govinfo.gov, but none beside a --base-url: "
    "a mirror never sends the key to the real API); 'off' uses the website only.",
)
@click.option("--query", "queries", multiple=True, help="CourtListener: search query (repeatable).")
@click.option("--url-template", default=None, help="PACER RSS: feed URL containing {court}.")
@click.option(
    "--all-cases", is_flag=True, envvar="SEALTRAIL_KEEP_ALL_CASES", help="Keep every entry seen."
)
@click.option("--download-delay", type=float, default=None, help="Seconds between requests.")
@click.option(
    "--full",
    is_flag=True,
    help="Read every answer in full, also those unchanged since the last crawl (e.g. after a "
    "parser fix); no conditional requests are sent.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the per-court summary as one JSON object on stdout (the lines for people go "
    "to stderr).",
)
@click.option(
    "--redis",
    "redis_url",
    default=None,
    envvar="SEALTRAIL_REDIS_URL",
    help="Put the courts (CourtListener: the run) on this Redis (redis://host:6379/0) for "
    "`sealtrail worker`s to fetch, and store what they return (pip install '.[distributed]').",
)
def crawl(
    source, courts, db_path, since, base_url, api_url, queries, url_template, all_cases,
    download_delay, full, as_json, redis_url,
) -> None:  # fmt: skip
    """Crawl a source with the real spider into the store.

    Prints a line per court as its run ends (status, items read, new sealing events, what
    went wrong) and a closing summary; --json also prints the whole summary as one JSON
    object on stdout (the lines then go to stderr).
    Exits 1 when every court's run failed. Scrapy's own log shows warnings only, unless -v.

    Tokens come from the environment only: COURTLISTENER_TOKEN (without it CourtListener is
    polled through its public Atom feeds), GOVINFO_API_KEY (default DEMO_KEY).

    Crawls are incremental: an answer that is unchanged since it was last stored in full (a
    304, or the same bytes) is not parsed again; the run is ok with "unchanged": true.

    With --redis the fetching is done by workers (`sealtrail worker --redis URL`, on any
    machine); this process is the only one that writes the store. --download-delay is then
    the workers' own setting, and so are the tokens (each worker's environment); the
    CourtListener and GovInfo API budgets are counted in Redis, shared by all workers.
    """
    if redis_url:
        _check_redis(redis_url)  # before any file is made
    import time

    from crawler.run import crawl as run_crawl
    from monitor.crawl_report import all_failed, closing_line, court_line

    if url_template and "{court}" not in url_template:
        raise click.BadParameter("must contain {court}", param_hint="--url-template")
    if source == "pacer-rss" and (since or base_url or api_url or queries):
        raise click.UsageError("--since, --base-url, --api-url and --query are not for pacer-rss")
    if since:
        _check_date(since)
    settings = {}
    if download_delay is not None:
        # AutoThrottle never goes below DOWNLOAD_DELAY; start it there rather than at 5 s.
        settings["DOWNLOAD_DELAY"] = download_delay
        settings["AUTOTHROTTLE_START_DELAY"] = max(download_delay, 0.1)
    if full:
        settings["SEALTRAIL_INCREMENTAL"] = False
    try:
        court_ids = (
            court_data.parse_court_list(courts) if courts or source != "courtlistener" else None
        )
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--courts") from error
    spider_args = {
        key: value
        for key, value in (
            ("since", since),
            ("base_url", base_url),
            ("api_url", api_url),
            ("queries", list(queries) or None),
        )
        if value
    }
    _open_store(db_path, create=True).close()

    def say(line: str) -> None:  # lines for people: stdout, or stderr beside --json
        _echo_while_read(line, err=as_json)

    started = time.monotonic()
    if redis_url:
        from crawler.distributed.ingest import crawl_distributed

        run_crawl = functools.partial(crawl_distributed, redis_url)
    summary = run_crawl(
        source.replace("-", "_"),
        court_ids,
        db_path,
        url_template=url_template,
        keep_all_cases=all_cases,
        settings=settings,
        on_court=lambda court, run: say(court_line(court, run)),
        spider_args=spider_args,
    )
    say(closing_line(source, summary, time.monotonic() - started))
    if any(run.get("status") != "ok" for run in summary.values()):
        say(f"details: sealtrail status --db {shlex.quote(str(db_path))}")
    if as_json:
        _echo_while_read(json.dumps(summary, ensure_ascii=False))
    if all_failed(summary):
        raise SystemExit(1)  # every run failed: tell cron and the scheduler


def _check_redis(redis_url: str) -> None:
    """A malformed or unreachable `--redis` is a usage error, told in one line (exit 2)."""
    from crawler.distributed.keys import RedisUnavailable, check_reachable

    try:
        check_reachable(redis_url)
    except RedisUnavailable as error:
        raise click.BadParameter(str(error), param_hint="'--redis'") from None


@main.command()
@click.option(
    "--redis",
    "redis_url",
    required=True,
    envvar="SEALTRAIL_REDIS_URL",
    help="The Redis the crawls put their courts on (redis://host:6379/0).",
)
@click.option("--id", "worker_id", default=None, help="Worker id (default: host-pid-random).")
@click.option(
    "--max-idle",
    type=click.IntRange(0),
    default=0,
    show_default=True,
    help="Stop after this many seconds without a job (0: run until stopped).",
)
@click.option("--download-delay", type=float, default=None, help="Seconds between requests.")
def worker(redis_url, worker_id, max_idle, download_delay) -> None:
    """Fetch what `sealtrail crawl ... --redis URL` puts on Redis (every source).

    A worker never opens the store: it sends each court's records back through Redis to the
    crawl that asked. Run as many as you like, on any machine that reaches the Redis; each
    host is still asked one request at a time, with its delay, across all of them. A worker
    stopped with Ctrl-C (or SIGTERM) gives its unfinished courts back; one that dies
    does so once its heartbeat expires.
    """
    from crawler.distributed.keys import describe
    from crawler.distributed.worker import new_worker_id, run_worker

    settings = {}
    if download_delay is not None:
        settings["DOWNLOAD_DELAY"] = download_delay
        settings["AUTOTHROTTLE_START_DELAY"] = max(download_delay, 0.1)
    _check_redis(redis_url)
    worker_id = worker_id or new_worker_id()
    click.echo(f"worker {worker_id}: taking courts from {describe(redis_url)}", err=True)
    run_worker(redis_url, worker_id=worker_id, settings=settings, max_idle_s=max_idle)


def _echo_while_read(line: str, err: bool = False) -> None:
    """Print a line unless the reader has gone (`sealtrail crawl | head -1`): the crawl goes
    on and stores everything, and later lines go nowhere instead of raising BrokenPipeError
    in the middle of a crawl or a traceback at exit."""
    stream = sys.stderr if err else sys.stdout
    try:
        click.echo(line, file=stream)
    except BrokenPipeError:
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())  # Python's own advice for SIGPIPE (signal docs)
        os.close(devnull)


def _check_date(value: str) -> None:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not a date like 2026-11-01") from error


# ---------------------------------------------------------------------------------- watch
def _utc_now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="seconds")


def _parse_case(value: str, param_hint: str = "'CASE'") -> tuple[str, str]:
    """`casd:3:26-cv-01877` -> (court, docket number); a bad name or an unknown court is a
    usage error (exit 2) with the did-you-mean `monitor.watch.parse_case` gives."""
    from monitor.watch import WatchError, parse_case

    try:
        return parse_case(value)
    except WatchError as error:
        raise click.BadParameter(str(error), param_hint=param_hint) from None


@main.group()
def watch() -> None:
    """Cases to re-read for sealing after the fact (`sealtrail recheck`), beside the cases
    with sealing activity, which are re-read anyway. A case is COURT:DOCKET_NUMBER, e.g.
    casd:3:26-cv-01877."""


@watch.command("add")
@click.argument("case")
@click.option("--note", default="", help="Why it is watched (kept to 200 characters).")
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, envvar="SEALTRAIL_DB")
def watch_add(case: str, note: str, db_path: str) -> None:
    """Watch a case (again: keeps the first date, takes the new note)."""
    from monitor import watch as watch_list

    _parse_case(case)
    row = watch_list.add(_open_store(db_path), case, now=_utc_now(), note=note)
    known = "" if row["case_name"] else " (not in the store yet: looked up at its first re-read)"
    click.echo(f"watching {printable_case(row)} since {row['added']}{known}")


@watch.command("remove")
@click.argument("case")
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, envvar="SEALTRAIL_DB")
def watch_remove(case: str, db_path: str) -> None:
    """Stop watching a case (exit 1 when it was not watched)."""
    from monitor import watch as watch_list
    from monitor.rows import case_id_for

    case_id = case_id_for(*_parse_case(case))
    if not watch_list.remove(_open_store(db_path), case):
        raise click.ClickException(f"{case_id} is not on the watch list")
    click.echo(f"no longer watching {case_id}")


@watch.command("list")
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, envvar="SEALTRAIL_DB")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per watched case.")
def watch_listing(db_path: str, as_json: bool) -> None:
    """Watched cases, oldest first: court, docket number, case name if known, when added,
    last re-read, note."""
    from monitor import watch as watch_list
    from monitor.crawl_report import printable

    rows = watch_list.listing(_open_store(db_path))
    if as_json:
        for row in rows:
            _echo_json(row)
        return
    if not rows:
        click.echo("no case is watched (sealtrail watch add COURT:DOCKET_NUMBER)")
        return
    header = ("court", "docket number", "case name", "added", "last re-read", "note")
    lines = [header] + [
        (
            row["court"],
            row["docket_number"],
            printable(row["case_name"] or "-", 60),
            row["added"],
            row["last_recheck"] or "never",
            printable(row["note"] or "", 80),
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        click.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )
    click.echo(f"{len(rows)} case{'' if len(rows) == 1 else 's'} watched")


def printable_case(row: dict) -> str:
    from monitor.crawl_report import printable

    name = f" {printable(row['case_name'], 60)}" if row.get("case_name") else ""
    return f"{row['case_id']}{name}"


# -------------------------------------------------------------------------------- recheck
def _recheck_sources() -> list[str]:
    """Sources that can re-read a whole docket or package (a `recheck_spider`)."""
    return [s.name for s in sources.all_sources() if s.recheck_spider]


@main.command()
@click.argument("source_names", nargs=-1, type=_SourceChoice(_recheck_sources))
@click.option(
    "--case",
    "case_names",
    multiple=True,
    help="Re-read this case now, whatever its schedule (repeatable), e.g. casd:3:26-cv-01877.",
)
@click.option(
    "--limit",
    type=click.IntRange(0),
    default=None,
    help="Cases per source (default [recheck] in the config, else 10 CourtListener, 25 GovInfo).",
)
@click.option(
    "--every-days",
    type=click.IntRange(1),
    default=None,
    help="Re-read a case when its last re-read is this old (default 7).",
)
@click.option("--courts", default=None, help="Comma-separated court ids (default: all).")
@click.option("--base-url", default=None, help="Address of the source's site (one source).")
@click.option("--api-url", default=None, help="GovInfo: address of the API ('off': the website).")
@click.option("--download-delay", type=float, default=None, help="Seconds between requests.")
@click.option("--db", "db_path", default=None, help="Database (over SEALTRAIL_DB and the file).")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    envvar="SEALTRAIL_CONFIG",
    help="TOML settings ([recheck] limits, every_days; each source's addresses and delay).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the results as one JSON object.")
@click.option("--now", default=None, hidden=True, help="Pretend it is this ISO time (tests).")
@click.pass_context
def recheck(
    ctx, source_names, case_names, limit, every_days, courts, base_url, api_url, download_delay,
    db_path, config_path, as_json, now,
) -> None:  # fmt: skip
    """Re-read whole dockets (CourtListener) and packages (GovInfo) of the cases due, to catch
    sealing after the fact: entries gone, documents sealed, granules withdrawn.

    Due: cases with sealing activity or on the watch list, not re-read in --every-days, newest
    activity first, at most --limit per source (CourtListener's free API allows 125 calls a
    day, shared with the nightly crawl, and needs COURTLISTENER_TOKEN). Each source's re-read
    runs in a process of its own. Prints a line per case (outcome, changes found, or why it
    was not re-read) and one per source; nothing due says so and exits 0. Exits 1 when a
    source's re-read could not run or every case chosen failed.
    """
    import time

    from monitor import rechecks
    from monitor.config import ConfigError, load_config
    from monitor.recheck_report import last_recheck_id

    try:
        config = load_config(config_path, db=db_path)
    except ConfigError as error:
        raise _SettingsRefused(str(error)) from error
    names = list(dict.fromkeys(source_names or _recheck_sources()))
    if (base_url or api_url) and len(names) != 1:
        raise click.UsageError("--base-url and --api-url go with one source (name it)")
    if api_url and names != ["govinfo"]:
        raise click.UsageError("--api-url is GovInfo's")
    try:
        court_ids = court_data.parse_court_list(courts) if courts else None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--courts") from error
    from monitor.rows import case_id_for

    case_ids = [case_id_for(*_parse_case(name, "'--case'")) for name in case_names]
    if now is not None:
        _check_date(now[:10])
    db = _open_store(config.db)
    for case_id in case_ids:
        known = db.conn.execute(
            "select 1 from cases where id = ? union all select 1 from watch_list where case_id = ?",
            [case_id, case_id],
        ).fetchone()
        if known is None:
            raise click.BadParameter(
                f"{case_id} is neither in the store nor watched (sealtrail watch add {case_id})",
                param_hint="'--case'",
            )

    def say(line: str) -> None:  # lines for people: stdout, or stderr beside --json
        _echo_while_read(line, err=as_json)

    report: dict[str, dict] = {}
    plans = []
    for name in names:
        cap = limit if limit is not None else config.recheck.limits.get(name, 0)
        if case_ids and limit is None:
            cap = len(case_ids)
        entry = {"limit": cap, "due": 0, "runs": {}, "cases": []}
        report[name] = entry
        if cap == 0:
            say(f"{name}: re-reads are off (limit 0)")
            continue
        chosen = rechecks.cases_due(
            db,
            name,
            now=now,
            every_days=every_days or config.recheck.every_days,
            limit=cap,
            courts=court_ids,
            case_ids=case_ids or None,
        )
        entry["due"] = len(chosen)
        if not chosen:
            say(
                f"{name}: none of the cases given can be re-read here"
                if case_ids
                else f"{name}: no case is due for a re-read"
            )
            continue
        plans.append((name, chosen))
    db.close()

    verbose = bool(ctx.find_root().params.get("verbose"))
    failed = False
    for name, chosen in plans:
        options = config.options_for(name)
        spider_args = {
            key: value
            for key, value in (
                ("base_url", base_url or options.base_url),
                ("api_url", (api_url or options.api_url) if name == "govinfo" else None),
            )
            if value
        }
        delay = download_delay if download_delay is not None else options.download_delay
        started = time.monotonic()
        db = _open_store(config.db)
        after = last_recheck_id(db)
        db.close()
        code, runs = _run_recheck_child(name, chosen, config.db, spider_args, delay, verbose)
        seconds = time.monotonic() - started
        db = _open_store(config.db)
        results = _recheck_results(db, name, chosen, after, runs)
        db.close()
        report[name]["runs"] = runs
        report[name]["cases"] = results
        for line in _recheck_lines(name, results, seconds):
            say(line)
        if code != 0 or runs is None:
            say(f"{name}: the re-read did not run to its end (exit code {code}); see the log above")
            failed = True
        elif all(r["outcome"] in ("failed", "not re-read") for r in results):
            failed = True
    if any(r["outcome"] != "complete" for e in report.values() for r in e["cases"]):
        say(f"details: sealtrail status --db {shlex.quote(str(config.db))}")
    if as_json:
        _echo_while_read(json.dumps({"sources": report}, ensure_ascii=False))
    if failed:
        raise SystemExit(1)


def _recheck_results(db, name: str, chosen: list[dict], after: int, runs) -> list[dict]:
    from monitor.recheck_report import case_result, results_since

    found = results_since(db, name, after)
    return [case_result(case, found, runs or {}) for case in chosen]


def _recheck_lines(name: str, results: list[dict], seconds: float) -> list[str]:
    from monitor.recheck_report import case_line, closing_line

    return [*(case_line(name, r) for r in results), closing_line(name, results, seconds)]


def _run_recheck_child(
    name: str, cases: list[dict], db_path: str, spider_args: dict, delay, verbose: bool
) -> tuple[int, dict | None]:
    """Run `recheck-child` for one source in a process of its own (a Twisted reactor runs
    once per process); the cases go on its stdin, its per-court summary comes on stdout."""
    import subprocess

    payload = {"cases": cases, "spider_args": spider_args, "download_delay": delay}
    argv = [sys.executable, "-m", "monitor.cli", *(["-v"] if verbose else [])]
    argv += ["recheck-child", name, "--db", str(db_path)]
    done = subprocess.run(
        argv, input=json.dumps(payload), stdout=subprocess.PIPE, text=True, check=False
    )
    try:
        runs = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else None
    except ValueError:
        runs = None
    return done.returncode, runs if isinstance(runs, dict) else None


@main.command("recheck-child", hidden=True)
@click.argument("source")
@click.option("--db", "db_path", required=True)
def recheck_child(source: str, db_path: str) -> None:
    """One source's re-read spider, run by `sealtrail recheck` in a process of its own: the
    cases (`monitor.rechecks.cases_due`), spider arguments and delay as JSON on stdin, the
    per-court summary `crawler.run.crawl` returns as one JSON line on stdout."""
    from scrapy.utils.misc import load_object

    from crawler.run import crawl as run_crawl

    spider = sources.get(source).recheck_spider
    try:
        load_object(spider)
    except (ImportError, AttributeError) as error:  # one line, not a traceback
        message = f"{source}: cannot load its re-read spider {spider}: {error}"
        raise click.ClickException(message) from None
    payload = json.loads(sys.stdin.read())
    cases = payload["cases"]
    settings = {}
    delay = payload.get("download_delay")
    if delay is not None:
        settings["DOWNLOAD_DELAY"] = delay
        settings["AUTOTHROTTLE_START_DELAY"] = max(delay, 0.1)
    summary = run_crawl(
        source,
        list(dict.fromkeys(case["court"] for case in cases)),  # one run per court, in order
        db_path,
        settings=settings,
        spider=spider,
        spider_args={"cases": cases, **payload.get("spider_args", {})},
    )
    click.echo(json.dumps(summary, ensure_ascii=False))


# ----------------------------------------------------------------------------- reclassify
@main.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True)
def reclassify(db_path: str) -> None:
    """Rebuild every conclusion from stored entry text (no re-crawl)."""
    import sqlite3

    from monitor.reclassify import reclassify_all

    db = _open_store(db_path)
    try:
        counts = reclassify_all(db)
    except sqlite3.OperationalError as error:
        if "locked" not in str(error):
            raise
        raise click.ClickException(
            f"{db_path}: another writer held the store for 30 s; the cases done so far are "
            "kept, run reclassify again"
        ) from error
    _echo_json(counts)


# --------------------------------------------------------------------------------- status
@main.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, envvar="SEALTRAIL_DB")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per source and court.")
@click.option(
    "--timezone",
    default=None,
    help="Zone whose weekday working hours count for stale feeds "
    "(default SEALTRAIL_TIMEZONE, else America/New_York).",
)
@click.option("--now", default=None, hidden=True, help="Pretend it is this ISO time (tests).")
@click.option("--fail-on-flags", is_flag=True, help="Exit 1 when anything is flagged (monitoring).")
@click.option(
    "--stale-days",
    type=click.IntRange(1),
    default=None,
    help="Re-reads: count cases not re-read in this many days (default 14).",
)
def status(
    db_path: str, as_json: bool, timezone: str | None, now: str | None, fail_on_flags,
    stale_days: int | None,
) -> None:  # fmt: skip
    """Last success per source and court, and stale or failing feeds (see monitor/health.py);
    then the re-reads for sealing after the fact per source: cases never re-read, not re-read
    in --stale-days, and why the last re-read run read nothing (monitor/recheck_status.py).

    --json prints one object per source and court, then one per re-reading source (with
    "section": "rechecks"); every object has "flags", which --fail-on-flags counts."""
    from monitor.health import court_health, operator_timezone, parse_time
    from monitor.recheck_status import recheck_status, status_lines
    from monitor.rechecks import STALE_DAYS

    try:
        tz = operator_timezone(timezone)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--timezone") from error
    moment = parse_time(now) if now else None
    if now and moment is None:
        raise click.BadParameter(f"{now!r} is not an ISO time", param_hint="--now")
    db = _open_store(db_path)
    findings = court_health(db.conn, now=moment, tz=tz)
    rechecks = recheck_status(
        db, now=moment.isoformat() if moment else None, stale_days=stale_days or STALE_DAYS
    )
    if as_json:
        for finding in findings + rechecks:
            _echo_json(finding)
    else:
        _print_health(findings)
        click.echo("")
        for line in status_lines(rechecks):
            click.echo(line)
    if fail_on_flags and any(f["flags"] for f in findings + rechecks):
        raise SystemExit(1)


def _print_health(findings: list[dict]) -> None:
    if not findings:
        click.echo("no crawl has run yet")
        return
    header = ("source", "court", "last run", "status", "last success", "items", "flags")
    lines = [header] + [
        (
            f["source"],
            f["court"],
            f["last_run"] or "-",
            f["last_status"] or "-",
            f["last_success"] or "never",
            "-" if f["last_items"] is None else str(f["last_items"]),
            ", ".join(f["flags"]) or "ok",
        )
        for f in findings
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        click.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )
    stale = sum(1 for f in findings if f["flags"])
    click.echo(f"{stale} of {len(findings)} source/court pairs flagged")


# ---------------------------------------------------------------------------------- serve
@main.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535))
def serve(db_path: str, host: str, port: int) -> None:
    """Serve the store with Datasette, metadata.yml and the feeds plugin."""
    from monitor.publish import serve_datasette

    _open_store(db_path).close()  # an existing store, migrated before serving
    _check_port(host, port)
    serve_datasette(db_path, host=host, port=port)


# ---------------------------------------------------------------------------------- feeds
@main.group()
def feeds() -> None:
    """Atom and RSS feeds of sealing events."""


@feeds.command("export")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True)
@click.option("--base-url", default=None, help="Public URL where the site is served.")
@click.option(
    "--force",
    is_flag=True,
    help="Also replace the feeds of another store, replace published events with empty "
    "feeds, or write beside files sealtrail did not write (they are left alone).",
)
def feeds_export(directory: str, db_path: str, base_url: str | None, force: bool) -> None:
    """Write every feed (all events, per court, per case) as static files.

    Each file is replaced whole (readers never see half a feed) and feeds this export no
    longer produces are removed; DIRECTORY/.sealtrail-feeds.json records the store."""
    from feeds.export import ExportRefused, export_feeds

    _open_store(db_path).close()
    try:
        paths = export_feeds(db_path, directory, base_url=base_url, force=force)
    except ExportRefused as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:
        raise click.ClickException(f"cannot write the feeds into {directory}: {error}") from error
    _echo_json({"directory": directory, "files": len(paths)})


# ------------------------------------------------------------------------------- schedule
class _SettingsRefused(click.ClickException):
    """A bad setting (an unknown court, a bad time zone): exit 2 like any usage error, so that
    cron tells it from `--once` exiting 1 for a step that failed."""

    exit_code = 2


@main.command()
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    envvar="SEALTRAIL_CONFIG",
    help="TOML settings file (see sealtrail.example.toml); default SEALTRAIL_CONFIG.",
)
@click.option("--once", is_flag=True, help="Run every job once (PACER, then nightly) and exit.")
@click.option(
    "--job",
    "jobs",
    multiple=True,
    type=click.Choice(["pacer", "nightly"]),
    help="With --once: run only this job (repeatable), e.g. cron's 30-minute PACER poll.",
)
@click.option("--db", "db_path", default=None, help="Database (over SEALTRAIL_DB and the file).")
@click.option("--print-config", is_flag=True, help="Print the effective settings and exit.")
def schedule(
    config_path: str | None, once: bool, jobs: tuple[str, ...], db_path: str | None,
    print_config: bool,
) -> None:  # fmt: skip
    """Poll PACER RSS every 30 minutes and crawl the other sources, reclassify and export
    feeds nightly, each job in its own process (see monitor/scheduler.py).

    Settings: the config file, then SEALTRAIL_DB, SEALTRAIL_TIMEZONE, SEALTRAIL_COURTS,
    SEALTRAIL_PACER_INTERVAL_MINUTES, SEALTRAIL_NIGHTLY_AT (HH:MM), SEALTRAIL_FEEDS_DIR, then
    --db. Tokens only from the environment (COURTLISTENER_TOKEN, GOVINFO_API_KEY). --once
    exits 1 when any step failed; SIGTERM finishes the running job's bookkeeping and exits 0.
    """
    from monitor import scheduler
    from monitor.config import ConfigError, load_config

    try:
        config = load_config(config_path, db=db_path)
    except ConfigError as error:
        raise _SettingsRefused(str(error)) from error
    if print_config:
        settings = {**config.masked(), "jobs": scheduler.describe_jobs(config)}
        click.echo(json.dumps(settings, indent=2, ensure_ascii=False))
        return
    if jobs and not once:
        raise click.UsageError("--job goes with --once (the scheduler runs every job)")
    from monitor.storefile import StoreError, check_store

    try:  # the scheduler creates a store where a crawl would, and logs that it did
        check_store(config.db, creatable=True)
    except StoreError as error:
        raise click.ClickException(str(error)) from error
    try:
        if once:
            code = scheduler.run_once(config, jobs or scheduler.JOBS)
        else:
            code = scheduler.run_forever(config)
    except (scheduler.SchedulerBusy, StoreError) as error:
        raise click.ClickException(str(error)) from error
    if code:
        raise SystemExit(code)


# ----------------------------------------------------------------------------------- demo
def _check_port(host: str, port: int) -> None:
    """Refuse a port Datasette could not listen on (busy: name a free one), exit 1."""
    from monitor.ports import PortUnavailable, check_port

    try:
        check_port(host, port)
    except PortUnavailable as error:
        raise click.ClickException(str(error)) from error


@main.command()
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workdir", default="demo-output", show_default=True)
@click.option("--no-serve", is_flag=True, help="Build the database and feeds, then exit.")
def demo(port: int, workdir: str, no_serve: bool) -> None:
    """Crawl the bundled SAMPLE feeds over loopback HTTP, then serve Datasette + feeds.

    The port is checked first: when it is busy the demo says which port is free and exits 1
    before crawling anything."""
    from monitor.demo import run_demo
    from monitor.ports import PortUnavailable

    try:
        run_demo(Path(workdir), port=port, serve=not no_serve)
    except PortUnavailable as error:
        raise click.ClickException(str(error)) from error


if __name__ == "__main__":
    main()
