"""TempEval-3 style evaluation of the `time_expressions` stage on TimeBank and AQUAINT (TBAQ-cleaned).

Data: ../shared/data/timebank/train/{TimeBank,AQUAINT}/*.tml (see its README). For each document the
text is the content of <TEXT> with every tag removed (inner text kept) and XML entities unescaped;
gold TIMEX3 offsets count characters of that plain text. The document creation time (the
CREATION_TIME TIMEX3 value) is given to the stage as the publication date.

Measures (as the TempEval-3 scorer does):
  strict span P/R/F1  - system and gold extents identical;
  relaxed span P/R/F1 - extents overlap (one-to-one);
  value P/R/F1        - over relaxed matches, a match counts only when the TIMEX3 value is equal;
  type accuracy        - among relaxed matches.
Baseline in the same run: dateparser's `search_dates` with RELATIVE_BASE = DCT (values formatted at
the granularity dateparser reports for the found string).

TimeBank and the even-numbered AQUAINT files (in name order) were used to write and tune the rules; the
odd-numbered AQUAINT files are held out.

    uv run python benchmarks/timex_eval.py [--limit N] [--quick] [--no-baseline] [--errors FILE]
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "timebank" / "train"
PARTS = [("TimeBank", "tuned"), ("AQUAINT", "held out")]

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class Gold:
    start: int
    end: int
    type: str
    value: str


@dataclass
class Document:
    name: str
    part: str
    dct: dt.date
    text: str
    gold: list[Gold]


def read_tml(path: Path, part: str) -> Document:
    raw = path.read_text(encoding="utf-8")
    dct_tag = re.search(r"<TIMEX3[^>]*functionInDocument=\"CREATION_TIME\"[^>]*>", raw)
    dct_value = dict(_ATTR.findall(dct_tag.group(0)))["value"]
    dct = dt.date.fromisoformat(dct_value[:10])
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S).group(1)
    out: list[str] = []
    length = 0
    pos = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    gold: list[Gold] = []
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos:m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, tag, attrs = m.group(1), m.group(2), m.group(3)
        if tag != "TIMEX3":
            continue
        if not closing:
            open_timex.append((length, dict(_ATTR.findall(attrs))))
        else:
            start, a = open_timex.pop()
            gold.append(Gold(start, length, a.get("type", ""), a.get("value", "")))
    chunk = html.unescape(body[pos:])
    out.append(chunk)
    return Document(path.stem, part, dct, "".join(out), gold)


def load(limit: int | None) -> list[Document]:
    docs = []
    for part, _ in PARTS:
        files = sorted((DATA / part).glob("*.tml"))
        if limit:
            files = files[:limit]
        docs.extend(read_tml(f, part) for f in files)
    return docs


# -- systems -----------------------------------------------------------------------------------


def run_stage(docs: list[Document]) -> tuple[dict[str, list[Gold]], float, float]:
    """Parse with nlp.pipe, run the stage; returns predictions per doc, parse seconds, stage seconds."""
    from newsdossier.article import Article, ParsedArticle
    from newsdossier.nlp import load_nlp
    from newsdossier.temporal.stage import TimeExpression, extract_time_expressions

    nlp = load_nlp()
    t0 = time.perf_counter()
    parsed_docs = list(nlp.pipe((d.text for d in docs), batch_size=32))
    parse_s = time.perf_counter() - t0
    preds: dict[str, list[Gold]] = {}
    stage_s = 0.0
    for d, doc in zip(docs, parsed_docs):
        art = Article(id=d.name, source=d.name, format="tml", title=None, title_start=None, title_end=None,
                      outlet=None, dateline=None, published=d.dct, author=None, url=None, body_start=0,
                      body_end=len(d.text), text=d.text)
        t1 = time.perf_counter()
        recs = list(extract_time_expressions(ParsedArticle(art, doc)))
        stage_s += time.perf_counter() - t1
        preds[d.name] = [Gold(r.start, r.end, r.type, r.value) for r in recs if isinstance(r, TimeExpression)]
    return preds, parse_s, stage_s


def _dateparser_value(parser, sub: str, base: dt.datetime) -> tuple[str, str]:
    data = parser.get_date_data(sub)
    d, period = data.date_obj, data.period
    if d is None:
        return "DATE", ""
    if period == "year":
        return "DATE", f"{d.year:04d}"
    if period == "month":
        return "DATE", f"{d.year:04d}-{d.month:02d}"
    if period == "week":
        y, w, _ = d.isocalendar()
        return "DATE", f"{y:04d}-W{w:02d}"
    if period == "time" and (d.hour or d.minute):
        return "TIME", f"{d.date().isoformat()}T{d.hour:02d}:{d.minute:02d}"
    return "DATE", d.date().isoformat()


def run_dateparser(docs: list[Document]) -> tuple[dict[str, list[Gold]], float]:
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    preds: dict[str, list[Gold]] = {}
    t0 = time.perf_counter()
    for d in docs:
        base = dt.datetime(d.dct.year, d.dct.month, d.dct.day, 12)
        settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
        found = search_dates(d.text, languages=["en"], settings=settings) or []
        parser = DateDataParser(languages=["en"], settings=settings)
        out = []
        pos = 0
        for sub, _ in found:
            i = d.text.find(sub, pos)
            if i < 0:
                continue
            pos = i + len(sub)
            s, e = i, i + len(sub)
            while s < e and d.text[s].isspace():
                s += 1
            while e > s and d.text[e - 1].isspace():
                e -= 1
            ttype, value = _dateparser_value(parser, sub, base)
            out.append(Gold(s, e, ttype, value))
        preds[d.name] = out
    return preds, time.perf_counter() - t0


# -- scoring -----------------------------------------------------------------------------------


def prf(tp_p: int, n_pred: int, tp_r: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(docs: list[Document], preds: dict[str, list[Gold]], errors: list[str] | None = None) -> dict[str, float]:
    n_gold = n_pred = strict = relaxed = value_ok = type_ok = 0
    for d in docs:
        gold, pred = d.gold, preds.get(d.name, [])
        n_gold += len(gold)
        n_pred += len(pred)
        gold_exact = {(g.start, g.end) for g in gold}
        strict += sum((p.start, p.end) in gold_exact for p in pred)
        used: set[int] = set()
        matched_pred: set[int] = set()
        for gi, g in enumerate(gold):
            best = None
            for pi, p in enumerate(pred):
                if pi in used or p.end <= g.start or g.end <= p.start:
                    continue
                best = pi
                if (p.start, p.end) == (g.start, g.end):
                    break
            if best is None:
                if errors is not None:
                    errors.append(f"MISS\t{d.name}\t{d.dct}\t{d.text[g.start:g.end]!r}\t{g.type}\t{g.value}\t"
                                  f"{_ctx(d.text, g.start, g.end)}")
                continue
            used.add(best)
            matched_pred.add(best)
            p = pred[best]
            relaxed += 1
            value_ok += p.value == g.value
            type_ok += p.type == g.type
            if errors is not None and (p.value != g.value or (p.start, p.end) != (g.start, g.end)):
                kind = "VALUE" if p.value != g.value else "SPAN"
                errors.append(f"{kind}\t{d.name}\t{d.dct}\tgold {d.text[g.start:g.end]!r} {g.type} {g.value}\t"
                              f"sys {d.text[p.start:p.end]!r} {p.type} {p.value}\t{_ctx(d.text, g.start, g.end)}")
        if errors is not None:
            for pi, p in enumerate(pred):
                if pi not in matched_pred:
                    errors.append(f"FALSE\t{d.name}\t{d.dct}\t{d.text[p.start:p.end]!r}\t{p.type}\t{p.value}\t"
                                  f"{_ctx(d.text, p.start, p.end)}")
    sp, sr, sf = prf(strict, n_pred, strict, n_gold)
    rp, rr, rf = prf(relaxed, n_pred, relaxed, n_gold)
    vp, vr, vf = prf(value_ok, n_pred, value_ok, n_gold)
    return {"gold": n_gold, "pred": n_pred, "strict_p": sp, "strict_r": sr, "strict_f1": sf, "relaxed_p": rp,
            "relaxed_r": rr, "relaxed_f1": rf, "value_p": vp, "value_r": vr, "value_f1": vf,
            "type_acc": type_ok / relaxed if relaxed else 0.0}


def _ctx(text: str, s: int, e: int) -> str:
    return (text[max(0, s - 50):s] + "[" + text[s:e] + "]" + text[e:e + 30]).replace("\n", " ")


# -- report ------------------------------------------------------------------------------------


def groups(docs: list[Document]) -> list[tuple[str, str, list[Document]]]:
    """The scored parts: TimeBank (tuned), AQUAINT split by file order into a tuning half (even
    positions) and a held-out half (odd positions), all of AQUAINT, and everything."""
    tb = [d for d in docs if d.part == "TimeBank"]
    aq = [d for d in docs if d.part == "AQUAINT"]
    return [("TimeBank", "tuned", tb), ("AQUAINT-even", "tuned", aq[0::2]), ("AQUAINT-odd", "held out", aq[1::2]),
            ("AQUAINT", "half tuned, half held out", aq), ("all", "", docs)]


METRICS = [("strict_p", "strict P"), ("strict_r", "strict R"), ("strict_f1", "strict F1"),
           ("relaxed_p", "relaxed P"), ("relaxed_r", "relaxed R"), ("relaxed_f1", "relaxed F1"),
           ("value_p", "value P"), ("value_r", "value R"), ("value_f1", "value F1"), ("type_acc", "type acc")]
TARGETS = {"relaxed_f1": 0.90, "value_f1": 0.80}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="documents per part (default: all)")
    ap.add_argument("--quick", action="store_true", help="same as --limit 20")
    ap.add_argument("--no-baseline", action="store_true", help="skip dateparser (slow)")
    ap.add_argument("--errors", type=Path, default=None, help="write misses / false alarms / wrong values of the tuning data "
                    "(TimeBank, even AQUAINT) here")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"no data at {DATA}", file=sys.stderr)
        return 2
    limit = 20 if args.quick and not args.limit else args.limit
    docs = load(limit)
    ours, parse_s, stage_s = run_stage(docs)
    base, base_s = ({}, 0.0) if args.no_baseline else run_dateparser(docs)
    errors: list[str] | None = [] if args.errors else None
    print(f"TempEval-3 TBAQ-cleaned, {len(docs)} documents, DCT given as publication date")
    print(f"parse (nlp.pipe) {parse_s:.1f}s; time_expressions stage {stage_s:.2f}s "
          f"({100 * stage_s / parse_s:.1f}% of parse); dateparser search_dates {base_s:.1f}s\n")
    for part, role, sel in groups(docs):
        if not sel:
            continue
        # errors only from the tuning data (TimeBank, even AQUAINT): the held-out half stays unseen
        ours_s = score(sel, ours, errors if role == "tuned" else None)
        print(f"== {part} ({role + ', ' if role else ''}{len(sel)} docs, {ours_s['gold']} gold TIMEX3)")
        header = f"{'measure':<12}{'newsdossier':>12}"
        if base:
            base_sc = score(sel, base)
            header += f"{'dateparser':>12}{'ratio':>8}"
        header += f"{'target':>8}"
        print(header)
        for key, label in METRICS:
            row = f"{label:<12}{ours_s[key]:>12.3f}"
            if base:
                b = base_sc[key]
                row += f"{b:>12.3f}{(ours_s[key] / b if b else float('inf')):>8.2f}"
            row += f"{TARGETS[key]:>8.2f}" if key in TARGETS else f"{'':>8}"
            print(row)
        print(f"{'predicted':<12}{ours_s['pred']:>12d}" + (f"{base_sc['pred']:>12d}" if base else ""))
        print()
    if errors is not None:
        args.errors.write_text("\n".join(sorted(errors)) + "\n", encoding="utf-8")
        print(f"{len(errors)} error lines -> {args.errors}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
