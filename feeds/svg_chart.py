"""Charts drawn on the server as inline SVG: no script, no CDN, no web font (issue 15). Pure.

Each function returns one `<figure>` (as `Markup`) holding the chart and, under it, a table of
the very numbers it draws, so a screen reader, a copy-paste or a printer gets the figures too:

- `stacked_columns(chart_id, title, columns, series)`: one column per period (a month), one
  stacked segment per series (an event type, a reason): counts.
- `share_bars(chart_id, title, rows)`: one horizontal bar per row (a court, a judge): a share
  `numerator / denominator` drawn from 0 to 100 %, labelled "75% (3 of 4)". Rows marked
  `too_few` (under a page's minimum) come last, below a dividing line, as grey hatched bars
  labelled with their counts only ("3 of 4 · too few to compare", no percent), so a reader
  sees every court or judge without being invited to rank the small ones with the others.

Quirks handled:

- Every text that reaches the SVG or the table is escaped here (`markupsafe.escape`): labels
  come from the store (court and judge names). `chart_id` becomes element ids, so it must be a
  plain slug (`[a-z0-9-]`), else ValueError.
- The SVG has `role="img"` and `aria-labelledby` its `<title>` and `<desc>`; every segment and
  bar carries a `<title>` (a tooltip) with its label and number.
- Month labels thin out to fit (every k-th column is labelled), so 60 months still read.
- No data (no columns, or every count 0) gives a short note instead of an empty frame.
- Colours: the Okabe–Ito palette (distinguishable with the common colour-vision
  deficiencies), in the order the series come; past eight series they repeat, so callers keep
  to eight (the charts page folds rare reasons into one series).
- Text widths are estimated (about 0.6 em a character, the SVG has no font metrics); sizes
  are in a fixed `viewBox`, and the SVG scales to the page's width.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # green
    "#CC79A7",  # purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#555555",  # grey
)
WIDTH = 720
FONT = 12
CHAR = FONT * 0.6  # estimated width of one character
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}$")
NO_DATA = "Nothing to chart yet."
TOO_FEW = "too few to compare"
MUTED = "#8a8a8a"  # the hatch of a too-few bar: grey, not a palette colour


def _check_id(chart_id: str) -> str:
    if not _ID.match(chart_id):
        raise ValueError(f"chart id must be a plain slug, got {chart_id!r}")
    return chart_id


def _num(value: float) -> str:
    """A coordinate: short, no trailing zeros."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def nice_step(maximum: float, ticks: int = 5) -> int:
    """A step of 1, 2 or 5 × 10^k so that 0..maximum takes at most `ticks` steps."""
    if maximum <= ticks:
        return 1
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)  # pragma: no cover


def percent(numerator: int, denominator: int) -> str:
    """`75%`; `` for a zero denominator. Rounded to a whole percent."""
    if not denominator:
        return ""
    return f"{round(100 * numerator / denominator)}%"


def _legend(
    series_names: Sequence[str], top: float, colors: Sequence[str] = PALETTE
) -> tuple[list[str], float]:
    """Legend items wrapped over rows; returns the SVG parts and the height used."""
    parts, x, y = [], 0.0, top
    for index, name in enumerate(series_names):
        width = 14 + 6 + len(name) * CHAR + 18
        if x and x + width > WIDTH:
            x, y = 0.0, y + FONT + 8
        color = colors[index % len(colors)]
        parts.append(
            f'<rect x="{_num(x)}" y="{_num(y)}" width="14" height="{FONT}" fill="{color}"/>'
            f'<text x="{_num(x + 20)}" y="{_num(y + FONT - 2)}">{escape(name)}</text>'
        )
        x += width
    return parts, (y - top) + FONT + 10 if series_names else 0.0


def _table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = []
    for row in rows:
        first, *rest = row
        cells = "".join(f"<td>{escape(cell)}</td>" for cell in rest)  # Markup stays as it is
        body.append(f'<tr><th scope="row">{escape(first)}</th>{cells}</tr>')
    return (
        f'<table class="chart-data"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _figure(chart_id: str, title: str, svg: str, table: str, note: str = "") -> Markup:
    note_html = f'<p class="note">{escape(note)}</p>' if note else ""
    return Markup(
        f'<figure class="chart" id="{chart_id}"><figcaption>{escape(title)}</figcaption>'
        f"{svg}{note_html}{table}</figure>"
    )


def _empty(chart_id: str, title: str, note: str = "") -> Markup:
    note_html = f'<p class="note">{escape(note)}</p>' if note else ""
    return Markup(
        f'<figure class="chart empty" id="{chart_id}"><figcaption>{escape(title)}</figcaption>'
        f'<p class="note">{NO_DATA}</p>{note_html}</figure>'
    )


def stacked_columns(
    chart_id: str,
    title: str,
    columns: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    description: str = "",
    column_header: str = "Month",
    note: str = "",
    colors: Sequence[str] = PALETTE,
) -> Markup:
    """Counts per column, stacked by series: `series` is [(name, [count per column])];
    `colors` in the order of the series (the palette by default)."""
    _check_id(chart_id)
    totals = [sum(values[i] for _, values in series) for i in range(len(columns))]
    if not columns or not any(totals):
        return _empty(chart_id, title, note)
    legend, legend_height = _legend([name for name, _ in series], 4, colors)
    left, right, bottom = 44.0, 8.0, 26.0
    top = 4 + legend_height + 8
    plot_height = 200.0
    height = top + plot_height + bottom
    plot_width = WIDTH - left - right
    step = nice_step(max(totals))
    y_max = step * math.ceil(max(totals) / step)
    scale = plot_height / y_max
    slot = plot_width / len(columns)
    bar = max(min(slot * 0.7, 48), 1)
    parts = list(legend)
    for tick in range(0, y_max + 1, step):
        y = top + plot_height - tick * scale
        parts.append(
            f'<line stroke="#ddd" x1="{_num(left)}" x2="{_num(WIDTH - right)}" '
            f'y1="{_num(y)}" y2="{_num(y)}"/>'
            f'<text fill="#555" x="{_num(left - 6)}" y="{_num(y + 4)}" '
            f'text-anchor="end">{tick}</text>'
        )
    label_every = max(1, math.ceil(max(len(c) for c in columns) * CHAR * 1.2 / slot))
    for i, column in enumerate(columns):
        x = left + i * slot + (slot - bar) / 2
        y = top + plot_height
        for index, (name, values) in enumerate(series):
            count = values[i]
            if not count:
                continue
            h = count * scale
            y -= h
            color = colors[index % len(colors)]
            parts.append(
                f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(bar)}" height="{_num(h)}" '
                f'fill="{color}"><title>{escape(column)} · {escape(name)}: {count}</title></rect>'
            )
        if i % label_every == 0:
            parts.append(
                f'<text fill="#555" x="{_num(left + i * slot + slot / 2)}" '
                f'y="{_num(top + plot_height + 16)}" text-anchor="middle">{escape(column)}</text>'
            )
    parts.append(
        f'<line stroke="#333" x1="{_num(left)}" x2="{_num(WIDTH - right)}" '
        f'y1="{_num(top + plot_height)}" y2="{_num(top + plot_height)}"/>'
    )
    svg = _svg(chart_id, title, description, height, parts)
    rows = [
        [column, *(values[i] for _, values in series), totals[i]]
        for i, column in enumerate(columns)
    ]
    table = _table(
        f"The numbers: {title}", [column_header, *(name for name, _ in series), "Total"], rows
    )
    return _figure(chart_id, title, svg, table, note)


def share_bars(
    chart_id: str,
    title: str,
    rows: Sequence[Mapping],
    *,
    description: str = "",
    headers: Sequence[str] = ("", "Count", "Of", "Share"),
    note: str = "",
    too_few_label: str = TOO_FEW,
) -> Markup:
    """Shares as horizontal bars. Each row: `label`, `numerator`, `denominator` (> 0), and
    optionally `href` (the table links the label; the SVG does not, one link per row) and
    `too_few` (drawn grey and hatched, after the others, labelled `too_few_label`)."""
    _check_id(chart_id)
    rows = [row for row in rows if row.get("denominator")]
    if not rows:
        return _empty(chart_id, title, note)
    rows = [row for row in rows if not row.get("too_few")] + [
        row for row in rows if row.get("too_few")
    ]
    compared = sum(1 for row in rows if not row.get("too_few"))
    label_width = min(max(len(str(row["label"])) for row in rows) * CHAR + 8, 260)
    left, right, top, row_height = label_width, 200.0, 22.0, 24.0
    gap = 10.0 if 0 < compared < len(rows) else 0.0  # room for the line between the groups
    plot_width = WIDTH - left - right
    height = top + row_height * len(rows) + gap + 6
    parts = [
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#eeeeee"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{MUTED}" stroke-width="3"/>'
        f"</pattern></defs>"
    ]
    for tick in (0, 25, 50, 75, 100):
        x = left + plot_width * tick / 100
        parts.append(
            f'<line stroke="#ddd" x1="{_num(x)}" x2="{_num(x)}" y1="{_num(top - 4)}" '
            f'y2="{_num(height - 4)}"/><text fill="#555" x="{_num(x)}" y="{_num(top - 8)}" '
            f'text-anchor="middle">{tick}%</text>'
        )
    if gap:
        y = top + compared * row_height + gap / 2
        parts.append(
            f'<line stroke="#999" stroke-dasharray="4 3" x1="0" x2="{WIDTH}" '
            f'y1="{_num(y)}" y2="{_num(y)}"/>'
        )
    for i, row in enumerate(rows):
        numerator, denominator = int(row["numerator"]), int(row["denominator"])
        share = numerator / denominator
        few = bool(row.get("too_few"))
        y = top + i * row_height + (gap if few else 0.0)
        label = str(row["label"])
        shown = label if len(label) * CHAR + 8 <= label_width else label[:34] + "…"
        if few:
            value = f"{numerator} of {denominator} · {too_few_label}"
            fill, stroke, text_fill = (
                f"url(#{chart_id}-hatch)",
                f' stroke="{MUTED}"',
                ' fill="#555"',
            )
        else:
            value = f"{percent(numerator, denominator)} ({numerator} of {denominator})"
            fill, stroke, text_fill = PALETTE[0], "", ""
        parts.append(
            f'<text x="{_num(left - 6)}" y="{_num(y + 15)}" text-anchor="end"{text_fill}>'
            f"{escape(shown)}</text>"
            f'<rect x="{_num(left)}" y="{_num(y + 4)}" width="{_num(max(plot_width * share, 1))}"'
            f' height="{_num(row_height - 8)}" fill="{fill}"{stroke}>'
            f"<title>{escape(label)}: {escape(value)}</title></rect>"
            f'<text x="{_num(left + plot_width * share + 6)}" y="{_num(y + 15)}"{text_fill}>'
            f"{escape(value)}</text>"
        )
    svg = _svg(chart_id, title, description, height, parts)
    table_rows = []
    for row in rows:
        label = row["label"]
        if row.get("href"):
            label = Markup('<a href="{}">{}</a>').format(row["href"], label)
        numerator, denominator = int(row["numerator"]), int(row["denominator"])
        share = percent(numerator, denominator)
        if row.get("too_few"):
            share = f"{share} ({too_few_label})"
        table_rows.append([label, numerator, denominator, share])
    table = _table(f"The numbers: {title}", headers, table_rows)
    return _figure(chart_id, title, svg, table, note)


def _svg(chart_id: str, title: str, description: str, height: float, parts: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_num(height)}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-size="{FONT}" font-family="sans-serif">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description or title)}</desc>'
        f"{''.join(parts)}</svg>"
    )
