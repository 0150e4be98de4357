"""Move the demo's SAMPLE dates to the day the demo runs, keeping every format as written.

The sample files in `monitor/sample/` are written as of one evening, `SAMPLE_NOW` (Saturday
21 November 2026, 11 pm in New York), with concrete dates in each source's own formats, so
they read as real files. `sealtrail demo` serves them moved forward by `DateShift.until(now)`:
the sample's evening becomes the moment the demo starts, so a fresh demo is a live monitor
whose newest docket entries are minutes old (the crawl-health check raises no false alarm)
and whose history covers the months before today.

Two kinds of dates, moved differently:

- a moment (`Sat, 21 Nov 2026 21:05:44 GMT`, `2026-11-22T03:12:55Z`) moves by the exact
  time between `SAMPLE_NOW` and now (`DateShift.delta`);
- a day (`11/21/2026`, `11/21/26`, `2026-11-21`, `November 21, 2026`) moves by whole days
  (`DateShift.days`): from the sample's day in New York to today in New York, so an entry's
  `Entered:` date stays the court's day of its time stamp.

Quirks handled: an ISO time of exactly midnight or noon is how CourtListener
(`2026-11-21T00:00:00-08:00`) and GovInfo (`2026-03-09T12:00:00Z`) write a bare date, so it
moves by whole days and keeps its time; a time keeps its own zone offset; RFC 822 weekdays
are computed again; `M/D/YYYY` drops its leading zeros where docket text does
(`_UNPADDED_AFTER`). Case numbers (`3:26-cv-01877`), document ids and package ids are not
dates and never match. The text is read as ISO-8859-1, which round-trips any bytes, so UTF-8
and Latin-1 files pass unchanged outside their (ASCII) dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from zoneinfo import ZoneInfo

#: The evening the sample files are written as of (the last PACER poll of the sample).
SAMPLE_NOW = datetime(2026, 11, 22, 4, 0, tzinfo=UTC)
#: The zone whose calendar day the bare dates follow (the sample's day is 21 November there).
DAY_ZONE = ZoneInfo("America/New_York")

_MONTHS = ("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec").split()
_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()

_RFC822 = re.compile(
    r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{1,2}) (" + "|".join(_MONTHS) + r") (\d{4}) "
    r"(\d\d):(\d\d):(\d\d) GMT\b"
)
_ISO = re.compile(
    r"(?<![\w-])(\d{4})-(\d\d)-(\d\d)"
    r"(?:T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?)?(?![\w-])"
)
_SLASHED = re.compile(r"(?<![\w/])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\w/])")
# Docket text writes `Signed by ... on 3/9/2026`, `due by 12/4/2026`, `Docket Date 12/7/2026`
# without leading zeros; `(Entered: 03/09/2026)` and document stamps keep them.
_UNPADDED_AFTER = (" on ", " by ", "Date ")
_SPELLED = re.compile(r"\b(" + "|".join(_MONTH_NAMES) + r") (\d{1,2}), (\d{4})\b")


@dataclass(frozen=True)
class DateShift:
    """How far the sample moves: `delta` for moments, `days` for calendar days."""

    delta: timedelta
    days: int

    @classmethod
    def until(cls, now: datetime | None = None) -> DateShift:
        now = (now or datetime.now(UTC)).astimezone(UTC)
        today = now.astimezone(DAY_ZONE).date()
        return cls(now - SAMPLE_NOW, (today - SAMPLE_NOW.astimezone(DAY_ZONE).date()).days)

    def day(self, value: date) -> date:
        return value + timedelta(days=self.days)

    def moment(self, value: datetime) -> datetime:
        return value + self.delta


def _rfc822(shift: DateShift, m: re.Match) -> str:
    day, month, year, hh, mm, ss = m.groups()
    when = datetime(
        int(year), _MONTHS.index(month) + 1, int(day), int(hh), int(mm), int(ss), tzinfo=UTC
    )
    return format_datetime(shift.moment(when), usegmt=True)


def _iso(shift: DateShift, m: re.Match) -> str:
    year, month, day, hh, mm, ss, fraction, zone = m.groups()
    start = date(int(year), int(month), int(day))
    if hh is None:
        return shift.day(start).isoformat()
    clock = f"T{hh}:{mm}:{ss}{fraction or ''}"
    if f"{hh}:{mm}:{ss}" in ("00:00:00", "12:00:00") or zone is None:
        return shift.day(start).isoformat() + clock + (zone or "")
    local = datetime(start.year, start.month, start.day, int(hh), int(mm), int(ss))
    moved = local + shift.delta  # the same offset on both sides: the same moment, moved
    return moved.strftime("%Y-%m-%dT%H:%M:%S") + (fraction or "") + zone


def _slashed(shift: DateShift, m: re.Match) -> str:
    month, day, year = m.groups()
    full_year = int(year) if len(year) == 4 else 2000 + int(year)
    try:
        moved = shift.day(date(full_year, int(month), int(day)))
    except ValueError:  # not a date after all (`13/40/26`)
        return m[0]
    written = m.string[max(0, m.start() - 5) : m.start()]
    padded = len(year) == 2 or (
        len(month) == len(day) == 2 and not written.endswith(_UNPADDED_AFTER)
    )
    text = f"{moved.month:02d}/{moved.day:02d}" if padded else f"{moved.month}/{moved.day}"
    return f"{text}/{moved.year if len(year) == 4 else moved.year % 100:0{len(year)}d}"


def _spelled(shift: DateShift, m: re.Match) -> str:
    month, day, year = m.groups()
    moved = shift.day(date(int(year), _MONTH_NAMES.index(month) + 1, int(day)))
    return f"{_MONTH_NAMES[moved.month - 1]} {moved.day}, {moved.year}"


_MOVES = ((_RFC822, _rfc822), (_ISO, _iso), (_SLASHED, _slashed), (_SPELLED, _spelled))


def shift_text(text: str, shift: DateShift) -> str:
    """`text` with every date in it moved by `shift`."""
    for pattern, move in _MOVES:
        text = pattern.sub(lambda m, move=move: move(shift, m), text)
    return text


def shift_bytes(body: bytes, shift: DateShift) -> bytes:
    """`body` (any encoding whose dates are ASCII) with every date moved by `shift`."""
    return shift_text(body.decode("latin-1"), shift).encode("latin-1")
