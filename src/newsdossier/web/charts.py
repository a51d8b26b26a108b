"""Charts as inline SVG, drawn here (no chart library, nothing fetched): bars, articles over time,
a timeline of dated events, and per-outlet label bars. Every text in a chart is escaped; a bar or
point whose record has evidence links to it.

Why not Vega-Lite (#22 asked to consider it; measured, not switched): the npm builds that would have to
be vendored into the package are vega.min.js 521 KB + vega-lite.min.js 258 KB + vega-embed.min.js
60 KB = 839 KB minified (283 KB gzipped; vega 6.4.0, vega-lite 6.5.0, vega-embed 7.3.0), against
17 KB for this module and 1.7 KB for app.js; every self-contained report would carry the 839 KB inline.
Vega compiles its expressions with the Function constructor, so the pages' `script-src 'self'` policy
would need 'unsafe-eval' or the slower vega-interpreter, and the charts would need script to show at
all, where this SVG is in the HTML, works with script off, and carries evidence links as plain <a>.
"""
from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Any, Iterable

from markupsafe import Markup, escape

PALETTE = ["#3b6ea8", "#d9822b", "#3f9a6b", "#b8475a", "#7d62b3", "#8c6d46", "#c2549b", "#5f7482", "#a3a33a"]
FONT = 'font-family="inherit" font-size="12"'


def color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _a(href: str | None, body: str) -> str:
    return f'<a href="{escape(href)}">{body}</a>' if href else body


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1
    mag = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if v <= m * mag:
            return m * mag
    return 10 * mag


def _fmt(n: float) -> str:
    return f"{n:,.0f}" if float(n).is_integer() else f"{n:,.1f}"


def bar_chart(items: list[tuple[str, float, str | None]], *, title: str, width: int = 560,
              unit: str = "") -> Markup:
    """Horizontal bars: (label, value, href)."""
    if not items:
        return Markup("")
    row, left = 24, min(220, 12 + 7 * max(len(label) for label, _, _ in items))
    height = row * len(items) + 10
    top = max(v for _, v, _ in items) or 1
    scale = (width - left - 60) / top
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="{escape(title)}" {FONT}><title>{escape(title)}</title>']
    for i, (label, value, href) in enumerate(items):
        y = 5 + i * row
        w = max(1.5, value * scale)
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" fill="#333">{escape(short)}</text>')
        parts.append(_a(href, f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" rx="2" '
                              f'fill="{color(0)}"><title>{escape(label)}: {_fmt(value)}{escape(unit)}</title></rect>'))
        parts.append(f'<text x="{left + w + 6:.1f}" y="{y + 15}" fill="#555">{_fmt(value)}{escape(unit)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _months(lo: dt.date, hi: dt.date) -> list[dt.date]:
    out, d = [], dt.date(lo.year, lo.month, 1)
    while d <= hi:
        out.append(d)
        d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return out


def articles_over_time(rows: list[dict[str, Any]], *, width: int = 1100, height: int = 230,
                       max_series: int = 7, href=None) -> Markup:
    """Stacked columns of articles per month, one color per outlet (the biggest `max_series`, then 'other').
    rows: outlet, month (date), articles. Long spans are binned by quarter or year."""
    rows = [r for r in rows if r.get("month")]
    if not rows:
        return Markup("")
    totals: dict[str, int] = defaultdict(int)
    for r in rows:
        totals[r["outlet"]] += r["articles"]
    order = sorted(totals, key=lambda o: (-totals[o], o))
    keep = order[:max_series]
    if len(order) > max_series:
        keep.append("other")
    months = _months(min(r["month"] for r in rows), max(r["month"] for r in rows))
    step = 1 if len(months) <= 36 else 3 if len(months) <= 108 else 12
    def bin_of(d: dt.date) -> dt.date:
        if step == 1:
            return d
        if step == 3:
            return dt.date(d.year, (d.month - 1) // 3 * 3 + 1, 1)
        return dt.date(d.year, 1, 1)
    bins = sorted({bin_of(m) for m in months})
    index = {b: i for i, b in enumerate(bins)}
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for r in rows:
        series = r["outlet"] if r["outlet"] in keep else "other"
        counts[(index[bin_of(r["month"])], series)] += r["articles"]
    stack_max = max(sum(counts.get((i, s), 0) for s in keep) for i in range(len(bins)))
    ymax = max(4, _nice_max(stack_max))
    left, right, top, bottom = 44, 10, 12, 46
    legend_h = 20 * math.ceil(len(keep) / 4)
    pw, ph = width - left - right, height - top - bottom
    bw = pw / len(bins)
    unit = {1: "month", 3: "quarter", 12: "year"}[step]
    title = f"Articles per {unit} and outlet"
    p = [f'<svg class="chart" viewBox="0 0 {width} {height + legend_h}" width="100%" role="img" '
         f'aria-label="{title}" {FONT}><title>{title}</title>']
    for k in range(5):
        v = ymax * k / 4
        y = top + ph - ph * k / 4
        p.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e4e4e4"/>')
        p.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#666">{_fmt(v)}</text>')
    label_every = max(1, math.ceil(len(bins) / (pw / 56)))
    for i, b in enumerate(bins):
        x = left + i * bw
        y = top + ph
        for j, s in enumerate(keep):
            n = counts.get((i, s), 0)
            if not n:
                continue
            h = ph * n / ymax
            y -= h
            tip = f"{s}, {b:%Y-%m}: {n} article{'s' if n != 1 else ''}"
            link = href(s, b, step) if href and s != "other" else None
            p.append(_a(link, f'<rect x="{x + bw * 0.12:.1f}" y="{y:.1f}" width="{bw * 0.76:.1f}" height="{h:.1f}" '
                              f'fill="{color(j)}"><title>{escape(tip)}</title></rect>'))
        if i % label_every == 0:
            lab = b.strftime("%Y" if step == 12 else "%b %Y") if step != 3 else f"Q{(b.month - 1) // 3 + 1} {b.year}"
            p.append(f'<text x="{x + bw / 2:.1f}" y="{top + ph + 16}" text-anchor="middle" fill="#555">{lab}</text>')
    p.append(f'<line x1="{left}" x2="{width - right}" y1="{top + ph}" y2="{top + ph}" stroke="#999"/>')
    for j, s in enumerate(keep):
        lx = left + (j % 4) * (pw / 4)
        ly = height + 20 * (j // 4) - 10
        name = s if len(s) <= 26 else s[:25] + "…"
        p.append(f'<rect x="{lx:.1f}" y="{ly - 10}" width="12" height="12" rx="2" fill="{color(j)}"/>'
                 f'<text x="{lx + 17:.1f}" y="{ly}" fill="#333">{escape(name)} ({totals.get(s, sum(totals[o] for o in order[max_series:])) if s == "other" else totals[s]})</text>')
    p.append("</svg>")
    return Markup("".join(p))


def _date_ticks(lo: dt.date, hi: dt.date, most: int = 9) -> list[tuple[dt.date, str]]:
    """At most `most` readable ticks: every N years, or every N months for a short span."""
    years = hi.year - lo.year
    if years >= 3:
        step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200) if years / s <= most)
        first = (lo.year // step + 1) * step
        return [(dt.date(y, 1, 1), str(y)) for y in range(first, hi.year + 1, step) if lo <= dt.date(y, 1, 1) <= hi]
    months = [m for m in _months(lo, hi) if m >= lo]
    step = next(s for s in (1, 2, 3, 6, 12) if len(months) / s <= most)
    return [(m, m.strftime("%b %Y")) for m in months if (m.month - 1) % step == 0]


def timeline(events: list[dict[str, Any]], *, width: int = 1000, max_rows: int = 40) -> Markup:
    """One row per dated event: a dot (a bar for a span of days) on a shared date axis, the event's words
    beside it, colored by outlet, linked to the evidence. events: earliest, latest, label, outlet, href."""
    events = [e for e in events if e.get("earliest")][:max_rows]
    if not events:
        return Markup("")
    lo = min(e["earliest"] for e in events)
    hi = max(e["latest"] or e["earliest"] for e in events)
    if hi <= lo:
        lo, hi = lo - dt.timedelta(days=15), hi + dt.timedelta(days=15)
    pad = (hi - lo) * 0.03
    lo, hi = lo - pad, hi + pad
    left, right, top, row = 300, 20, 30, 22
    outlets = sorted({e.get("outlet") or "(unknown)" for e in events})
    legend_x, legend_rows = [], 0
    x0 = left
    for o in outlets:
        w = 26 + 7 * min(len(o), 30)
        if x0 + w > width - right and x0 > left:
            legend_rows += 1
            x0 = left
        legend_x.append((x0, legend_rows))
        x0 += w
    pw = width - left - right
    height = top + row * len(events) + 24 + 20 * (legend_rows + 1)
    span_days = (hi - lo).days or 1
    x = lambda d: left + pw * (d - lo).days / span_days  # noqa: E731
    p = [f'<svg class="chart timeline" viewBox="0 0 {width} {height}" width="100%" role="img" '
         f'aria-label="Timeline" {FONT}><title>Timeline</title>']
    axis_bottom = top + row * len(events)
    for t, label in _date_ticks(lo, hi):
        tx = x(t)
        p.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{top - 6}" y2="{axis_bottom}" stroke="#e6e6e6"/>')
        p.append(f'<text x="{tx:.1f}" y="{top - 12}" text-anchor="middle" fill="#666">{label}</text>')
    for i, e in enumerate(events):
        y = top + i * row + row / 2
        c = color(outlets.index(e.get("outlet") or "(unknown)"))
        label = e["label"].strip()
        label = label if len(label) <= 42 else label[:41] + "…"
        x1, x2 = x(e["earliest"]), x(e["latest"] or e["earliest"])
        when = f"{e['earliest']}" + (f" – {e['latest']}" if e.get("latest") and e["latest"] != e["earliest"] else "")
        tip = escape(f"{when}: {e['label']} ({e.get('outlet') or 'unknown outlet'})")
        mark = (f'<rect x="{x1:.1f}" y="{y - 4:.1f}" width="{max(x2 - x1, 2):.1f}" height="8" rx="4" fill="{c}" '
                f'opacity="0.8"><title>{tip}</title></rect>' if x2 - x1 > 6 else
                f'<circle cx="{x1:.1f}" cy="{y:.1f}" r="5" fill="{c}"><title>{tip}</title></circle>')
        p.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#f3f3f3"/>')
        p.append(_a(e.get("href"), f'<text x="{left - 10}" y="{y + 4:.1f}" text-anchor="end" fill="#333">'
                                   f'{escape(label)}</text>' + mark))
    for j, (o, (lx, lr)) in enumerate(zip(outlets, legend_x)):
        ly = axis_bottom + 24 + 20 * lr
        p.append(f'<circle cx="{lx + 5:.1f}" cy="{ly - 4}" r="5" fill="{color(j)}"/>'
                 f'<text x="{lx + 15:.1f}" y="{ly}" fill="#333">{escape(o[:30])}</text>')
    p.append("</svg>")
    return Markup("".join(p))


def grouped_bars(rows: Iterable[dict[str, Any]], *, group: str, key: str, value: str, title: str,
                 width: int = 1100, href_of=None, max_keys: int = 8) -> Markup:
    """Per group (outlet) one stacked horizontal bar split by key (label), with a legend."""
    rows = list(rows)
    if not rows:
        return Markup("")
    totals_key: dict[str, float] = defaultdict(float)
    for r in rows:
        totals_key[str(r[key])] += r[value]
    keys = sorted(totals_key, key=lambda k: (-totals_key[k], k))[:max_keys]
    groups = sorted({str(r[group]) for r in rows})
    by: dict[tuple[str, str], dict] = {}
    for r in rows:
        if str(r[key]) in keys:
            by[(str(r[group]), str(r[key]))] = r
    gmax = max(sum(by[(g, k)][value] for k in keys if (g, k) in by) for g in groups) or 1
    left, row = 180, 30
    legend_rows = math.ceil(len(keys) / 3)
    height = 10 + row * len(groups) + 20 * legend_rows + 10
    pw = width - left - 50
    p = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{escape(title)}" '
         f'{FONT}><title>{escape(title)}</title>']
    for i, g in enumerate(groups):
        y = 10 + i * row
        p.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" fill="#333">{escape(g[:28])}</text>')
        xx = left
        total = 0
        for j, k in enumerate(keys):
            r = by.get((g, k))
            if not r:
                continue
            w = pw * r[value] / gmax
            total += r[value]
            p.append(_a(href_of(r) if href_of else r.get("href"),
                        f'<rect x="{xx:.1f}" y="{y + 4}" width="{w:.1f}" height="{row - 10}" fill="{color(j)}" '
                        f'stroke="#fff"><title>{escape(g)}: “{escape(k)}” × {_fmt(r[value])}</title></rect>'))
            xx += w
        p.append(f'<text x="{xx + 6:.1f}" y="{y + 17}" fill="#555">{_fmt(total)}</text>')
    for j, k in enumerate(keys):
        lx = left + (j % 3) * (pw / 3)
        ly = 10 + row * len(groups) + 20 * (j // 3) + 14
        p.append(f'<rect x="{lx:.1f}" y="{ly - 10}" width="12" height="12" rx="2" fill="{color(j)}"/>'
                 f'<text x="{lx + 17:.1f}" y="{ly}" fill="#333">{escape(k[:34])}</text>')
    p.append("</svg>")
    return Markup("".join(p))


def lane_timeline(lanes: list[dict[str, Any]], *, width: int = 1100, lane_height: int = 26) -> Markup:
    """Events in lanes (one per outlet or actor) on one date axis: an exact day is a dot, a vague date
    (a month, a year, a decade) a pale bar over its range, so guesses are never read as days."""
    events = [e for lane in lanes for e in lane["events"] if e.get("earliest")]
    if not events:
        return Markup("")
    lo = min(e["earliest"] for e in events)
    hi = max(e["latest"] or e["earliest"] for e in events)
    if hi <= lo:
        hi = lo + dt.timedelta(days=1)
    left, right, top = 190, 20, 24
    span = (hi - lo).days or 1
    plot = width - left - right

    def x(d: dt.date) -> float:
        return left + plot * (d - lo).days / span

    height = top + lane_height * len(lanes) + 26
    out = [f'<svg class="chart lanes" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="Events per lane over time" {FONT}>']
    for d, label in _date_ticks(lo, hi):
        out.append(f'<line x1="{x(d):.1f}" x2="{x(d):.1f}" y1="{top - 4}" y2="{height - 22}" stroke="#e3e3e3"/>'
                   f'<text x="{x(d):.1f}" y="{height - 8}" text-anchor="middle" fill="#666">{escape(label)}</text>')
    for i, lane in enumerate(lanes):
        y = top + i * lane_height + lane_height / 2
        out.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{escape(str(lane["name"])[:28])}</text>'
                   f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#f0f0f0"/>')
        for e in lane["events"]:
            tip = f'<title>{escape(e.get("text") or "")} ({escape(str(e["earliest"]))}' + (
                "" if e["exact"] else f' to {escape(str(e["latest"]))}, a range') + ")</title>"
            if e["exact"]:
                body = f'<circle class="exact" cx="{x(e["earliest"]):.1f}" cy="{y:.1f}" r="5" fill="{color(i)}">{tip}</circle>'
            else:
                w = max(3.0, x(e["latest"]) - x(e["earliest"]))
                body = (f'<rect class="guess" x="{x(e["earliest"]):.1f}" y="{y - 4:.1f}" width="{w:.1f}" height="8" '
                        f'fill="{color(i)}" fill-opacity="0.25" stroke="{color(i)}" stroke-dasharray="3 2">{tip}</rect>')
            out.append(_a(e.get("href"), body))
    out.append("</svg>")
    return Markup("".join(out))


def outlet_graph(edges: list[dict[str, Any]], *, size: int = 520) -> Markup:
    """Outlets on a circle, an arrow from the earlier to the later outlet, as thick as their shared passages."""
    names = sorted({e["from"] for e in edges} | {e["to"] for e in edges})
    if not names:
        return Markup("")
    c, r, pad = size / 2, size / 2 - 60, 160  # pad: room for outlet names left and right
    pos = {n: (pad + c + r * math.cos(2 * math.pi * i / len(names) - math.pi / 2),
               c + r * math.sin(2 * math.pi * i / len(names) - math.pi / 2)) for i, n in enumerate(names)}
    most = max(e["passages"] for e in edges) or 1
    out = [f'<svg class="chart graph" width="{size + 2 * pad}" height="{size}" viewBox="0 0 {size + 2 * pad} {size}" role="img" '
           f'aria-label="Outlets linked by shared passages" {FONT}><defs><marker id="arrow" viewBox="0 0 10 10" '
           'refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto"><path d="M0,0L10,5L0,10z" fill="#888"/>'
           '</marker></defs>']
    for e in edges:
        (x1, y1), (x2, y2) = pos[e["from"]], pos[e["to"]]
        w = 1 + 7 * e["passages"] / most
        label = f'{escape(e["from"])} → {escape(e["to"])}: {e["passages"]} passages in {e["pairs"]} article pairs'
        if e["from"] == e["to"]:
            out.append(f'<circle class="edge" cx="{x1:.1f}" cy="{y1 - 18:.1f}" r="14" fill="none" stroke="#999" '
                       f'stroke-width="{w:.1f}"><title>{label}</title></circle>')
            continue
        dx, dy = x2 - x1, y2 - y1
        d = math.hypot(dx, dy) or 1
        sx, sy, ex, ey = x1 + dx / d * 12, y1 + dy / d * 12, x2 - dx / d * 14, y2 - dy / d * 14
        out.append(f'<line class="edge" x1="{sx:.1f}" y1="{sy:.1f}" x2="{ex:.1f}" y2="{ey:.1f}" stroke="#999" '
                   f'stroke-width="{w:.1f}" marker-end="url(#arrow)"><title>{label}</title></line>')
    for i, n in enumerate(names):
        x, y = pos[n]
        anchor = "start" if x > pad + c + 1 else ("end" if x < pad + c - 1 else "middle")
        ty = y + (24 if y > c else -16)
        out.append(f'<circle class="node" cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{color(i)}"/>'
                   f'<text x="{x:.1f}" y="{ty:.1f}" text-anchor="{anchor}">{escape(n)}</text>')
    out.append("</svg>")
    return Markup("".join(out))
