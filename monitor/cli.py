"""The `sealtrail` command: each stage of the pipeline is a subcommand printing JSON.

This is the one module that composes crawler/, monitor/ and feeds/; it imports Scrapy and
feedgen only inside the commands that need them, so `monitor` itself stays free of both.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from monitor import courts as court_data

DEFAULT_DB = "sealtrail.db"


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log at DEBUG level.")
def main(verbose: bool) -> None:
    """sealtrail: sealing activity in immigration-related federal court cases."""
    from monitor.redact import install_log_redaction

    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    install_log_redaction()  # what a crawl logs goes to the terminal or the journal


def _echo_json(record: dict) -> None:
    click.echo(json.dumps(record, ensure_ascii=False, sort_keys=False))


# ---------------------------------------------------------------------------------- parse
@main.group()
def parse() -> None:
    """Parse a downloaded source file and print one JSON object per record."""


@parse.command("pacer-rss")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--court", required=True, help="Court id, e.g. casd, nyed, ca9.")
def parse_pacer_rss(file: str, court: str) -> None:
    """Docket entries of a PACER RSS feed, one JSON object per line."""
    from crawler.parsers.errors import FeedError
    from crawler.parsers.pacer_rss import parse_feed

    try:
        parsed = parse_feed(Path(file).read_bytes(), court.lower())
    except FeedError as error:
        raise click.ClickException(f"{file}: {error.kind}: {error}") from error
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
@click.option("--court", default=None, help="Court the search was filtered to (Atom feeds).")
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
            feed = parse_atom_search(content, court=court.lower() if court else None)
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
    """Text of an order file: a PDF's text layer, or a text file (UTF-8, else Windows-1252)."""
    from monitor.analyze.pdf import read_pdf_text

    data = Path(path).read_bytes()
    if data[:5] == b"%PDF-":
        return read_pdf_text(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file.")
@click.option("--db", "db_path", default=None, help="Also store each order in this database.")
@click.option("--court", default=None, help="Court id, when the order does not state it.")
@click.option("--docket", default=None, help="Docket number, when the order does not state it.")
@click.option("--entry", type=int, default=None, help="The order's docket entry number.")
@click.option("--source-url", default=None, help="Where the order was published.")
def analyze(files, as_json, db_path, court, docket, entry, source_url) -> None:
    """Read sealing orders (.txt or .pdf): what was sealed, who asked, the ruling and why."""
    from datetime import UTC, datetime

    from monitor.analyze import analyze_text, summary_lines
    from monitor.analyze.pdf import PdfError

    db = None
    if db_path:
        from monitor.schema import connect

        db = connect(db_path)
    failures = 0
    for path in files:
        try:
            text = read_order_file(path)
        except PdfError as error:
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
@main.command()
@click.argument("source", type=click.Choice(["pacer-rss", "courtlistener", "govinfo"]))
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
def crawl(
    source, courts, db_path, since, base_url, api_url, queries, url_template, all_cases,
    download_delay, full,
) -> None:  # fmt: skip
    """Crawl a source with the real spider into the store; prints a JSON summary per run.

    Tokens come from the environment only: COURTLISTENER_TOKEN (without it CourtListener is
    polled through its public Atom feeds), GOVINFO_API_KEY (default DEMO_KEY).

    Crawls are incremental: an answer that is unchanged since it was last stored in full (a
    304, or the same bytes) is not parsed again; the run is ok with "unchanged": true.
    """
    from crawler.run import crawl as run_crawl
    from monitor.redact import redact_json

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
    summary = run_crawl(
        source.replace("-", "_"),
        court_ids,
        db_path,
        url_template=url_template,
        keep_all_cases=all_cases,
        settings=settings,
        spider_args=spider_args,
    )
    _echo_json(redact_json(summary))  # its details quote source titles (already cleaned)
    if summary and not any(c.get("status") in ("ok", "partial") for c in summary.values()):
        raise SystemExit(1)  # every run failed: tell cron and the scheduler


def _check_date(value: str) -> None:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not a date like 2026-11-01") from error


# ----------------------------------------------------------------------------- reclassify
@main.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True)
def reclassify(db_path: str) -> None:
    """Rebuild every conclusion from stored entry text (no re-crawl)."""
    from monitor.reclassify import reclassify_all
    from monitor.schema import connect

    _echo_json(reclassify_all(connect(db_path)))


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
def status(db_path: str, as_json: bool, timezone: str | None, now: str | None, fail_on_flags):
    """Last success per source and court, and stale or failing feeds (see monitor/health.py)."""
    from monitor.health import court_health, operator_timezone, parse_time
    from monitor.schema import connect

    try:
        tz = operator_timezone(timezone)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--timezone") from error
    moment = parse_time(now) if now else None
    if now and moment is None:
        raise click.BadParameter(f"{now!r} is not an ISO time", param_hint="--now")
    findings = court_health(connect(db_path).conn, now=moment, tz=tz)
    if as_json:
        for finding in findings:
            _echo_json(finding)
    else:
        _print_health(findings)
    if fail_on_flags and any(f["flags"] for f in findings):
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
@click.option("--port", default=8001, show_default=True, type=int)
def serve(db_path: str, host: str, port: int) -> None:
    """Serve the store with Datasette, metadata.yml and the feeds plugin."""
    from monitor.publish import serve_datasette
    from monitor.schema import connect

    connect(db_path)  # create and migrate before serving
    serve_datasette(db_path, host=host, port=port)


# ---------------------------------------------------------------------------------- feeds
@main.group()
def feeds() -> None:
    """Atom and RSS feeds of sealing events."""


@feeds.command("export")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True)
@click.option("--base-url", default=None, help="Public URL where the site is served.")
def feeds_export(directory: str, db_path: str, base_url: str | None) -> None:
    """Write every feed (all events, per court, per case) as static files."""
    from feeds.export import export_feeds
    from monitor.schema import connect

    connect(db_path)
    paths = export_feeds(db_path, directory, base_url=base_url)
    _echo_json({"directory": directory, "files": len(paths)})


# ------------------------------------------------------------------------------- schedule
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
        raise click.ClickException(str(error)) from error
    if print_config:
        settings = {**config.masked(), "jobs": scheduler.describe_jobs(config)}
        click.echo(json.dumps(settings, indent=2, ensure_ascii=False))
        return
    if jobs and not once:
        raise click.UsageError("--job goes with --once (the scheduler runs every job)")
    try:
        if once:
            code = scheduler.run_once(config, jobs or scheduler.JOBS)
        else:
            code = scheduler.run_forever(config)
    except scheduler.SchedulerBusy as error:
        raise click.ClickException(str(error)) from error
    if code:
        raise SystemExit(code)


# ----------------------------------------------------------------------------------- demo
@main.command()
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--workdir", default="demo-output", show_default=True)
@click.option("--no-serve", is_flag=True, help="Build the database and feeds, then exit.")
def demo(port: int, workdir: str, no_serve: bool) -> None:
    """Crawl the bundled SAMPLE feeds over loopback HTTP, then serve Datasette + feeds."""
    from monitor.demo import run_demo

    run_demo(Path(workdir), port=port, serve=not no_serve)


if __name__ == "__main__":
    main()
