"""Attribution extraction on PolNeAR: our `statements` stage next to textacy's direct_quotations.

    uv run python benchmarks/quotes_polnear.py                  # dev split (84 articles)
    uv run python benchmarks/quotes_polnear.py --split train --limit 120   # a spread-out train sample
    uv run python benchmarks/quotes_polnear.py --split train --limit 150 --seed 1   # a random train sample
    uv run python benchmarks/quotes_polnear.py --quick          # 25 dev articles
    uv run python benchmarks/quotes_polnear.py --agreement      # the annotators against each other

`--agreement` measures the ceiling the targets should be read against. 18 articles (16 train, 2 dev)
were annotated by five or six annotators each. Every annotator is scored against every other one with
the same matching as below (each ordered pair once, micro-averaged), and our predictions are scored
against every annotator of the same articles. Our cue model and span tagger were trained on the first
annotator's files of the 16 train articles, so our row there is optimistic.

Data: ../shared/data/quotes/polnear (brat standoff; read its README). Each article has one or more
annotator files; we use the first in sorted order, so every article counts once.

Each article is parsed once with `nlp.pipe`; both systems read the same Doc.

Matching (the same for both systems and for gold):
- A span is a set of character offsets (discontinuous brat spans are the union of their fragments;
  predicted statements that share one cue, e.g. the two halves of "A," he said, "B", are merged
  into one prediction).
- Normalisation, applied to every fragment on both sides: strip whitespace, quotation marks and the
  punctuation . , ; : ! ? at both ends (repeatedly), then a leading complementizer "that ".
- Content: predictions and gold are paired one-to-one, greedily by overlap score
  |P & G| / max(|P|, |G|). A pair counts as *overlap* when the score >= 0.5 and as *exact* when the
  two normalised sets are equal.
- Speaker and cue: the set of distinct normalised speaker (cue) spans of the predictions is compared
  with the gold Source (Cue) spans; a hit is an exactly equal span.
- Direct vs indirect: a gold attribution is direct when its content, stripped of whitespace and
  trailing punctuation, begins and ends with a quotation mark; a prediction is direct when our
  `kind` is 'direct' (every textacy triple is direct). Recall of a subset counts that subset's gold,
  precision counts that subset's predictions; both are matched against everything on the other side.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

DATA = REPO.parent / "shared" / "data" / "quotes" / "polnear"
QUOTES = "\"'“”„‟‘’‚‛«»‹›`"
STRIP = QUOTES + ".,;:!?"


@dataclass
class Attr:
    content: frozenset[int]
    speaker: frozenset[int] | None
    cue: frozenset[int] | None
    direct: bool
    label: str = ""


@dataclass
class Scores:
    tp: int = 0  # predictions that hit (precision side)
    tp_gold: int = 0  # gold items that were hit (recall side)
    n_pred: int = 0
    n_gold: int = 0


def norm_fragment(text: str, s: int, e: int) -> tuple[int, int]:
    while True:
        before = (s, e)
        while s < e and (text[s].isspace() or text[s] in STRIP):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in STRIP):
            e -= 1
        if text[s:e].lower().startswith("that ") and e - s > 5:
            s += 5
        if (s, e) == before:
            return s, e


def charset(text: str, fragments: list[tuple[int, int]]) -> frozenset[int]:
    out: set[int] = set()
    for s, e in fragments:
        s, e = norm_fragment(text, s, e)
        out.update(range(s, e))
    return frozenset(out)


def is_direct_gold(text: str, fragments: list[tuple[int, int]]) -> bool:
    s = min(f[0] for f in fragments)
    e = max(f[1] for f in fragments)
    raw = text[s:e].strip().rstrip(".,;:!?").strip()
    return len(raw) > 1 and raw[0] in QUOTES and raw[-1] in QUOTES


def read_gold(ann: Path, text: str) -> list[Attr]:
    spans: dict[str, list[tuple[int, int]]] = {}
    events = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, info, *_ = line.split("\t")
            kind, _, offs = info.partition(" ")
            spans[tid] = [tuple(map(int, part.split())) for part in offs.split(";")]
        elif line.startswith("E"):
            parts = dict(p.split(":", 1) for p in line.split("\t")[1].split())
            events.append(parts)
    out = []
    for ev in events:
        if "Content" not in ev or ev["Content"] not in spans:
            continue
        content = list(spans[ev["Content"]])
        for k in sorted(k for k in ev if k.startswith("Content") and k != "Content"):  # Content2: a second part
            content += spans.get(ev[k], [])
        src = spans.get(ev.get("Source", ""))
        cue = spans.get(ev.get("Cue", ""))
        out.append(Attr(
            content=charset(text, content),
            speaker=charset(text, src) if src else None,
            cue=charset(text, cue) if cue else None,
            direct=is_direct_gold(text, content),
            label=text[content[0][0]:content[-1][1]][:80],
        ))
    return [a for a in out if a.content]


def ours(parsed) -> list[Attr]:
    from newsdossier.statements import extract_statements

    text = parsed.text
    groups: dict[object, list] = defaultdict(list)
    for st in extract_statements(parsed):
        key = (st.cue_start, st.cue_end) if st.cue_start is not None else ("solo", st.id)
        groups[key].append(st)
    out = []
    for sts in groups.values():
        content = frozenset().union(*(charset(text, [(s.content_start, s.content_end)]) for s in sts))
        first = sts[0]
        sp = charset(text, [(first.speaker_start, first.speaker_end)]) if first.speaker_start is not None else None
        cu = charset(text, [(first.cue_start, first.cue_end)]) if first.cue_start is not None else None
        out.append(Attr(content, sp or None, cu or None, any(s.kind == "direct" for s in sts), first.content_text[:80]))
    return [a for a in out if a.content]


def plain_article(text: str, path: Path):
    """A PolNeAR text as an article: no title, outlet or date, the whole text as body."""
    from newsdossier.article import Article, article_id

    return Article(id=article_id(text), source=str(path), format="txt", title=None, title_start=None,
                   title_end=None, outlet=None, dateline=None, published=None, author=None, url=None,
                   body_start=0, body_end=len(text), text=text)


def textacy_preds(doc) -> list[Attr]:
    from textacy.extract.triples import direct_quotations

    text = doc.text
    out = []
    try:
        triples = list(direct_quotations(doc))
    except Exception:  # noqa: BLE001 - textacy raises on some quote layouts; count as no output
        return out
    for t in triples:
        content = charset(text, [(t.content.start_char, t.content.end_char)])
        sp = charset(text, [(tok.idx, tok.idx + len(tok.text)) for tok in t.speaker]) if t.speaker else None
        cu = charset(text, [(tok.idx, tok.idx + len(tok.text)) for tok in t.cue]) if t.cue else None
        # speaker/cue tokens as one contiguous span, as our spans are
        if sp:
            sp = frozenset(range(min(sp), max(sp) + 1))
        if cu:
            cu = frozenset(range(min(cu), max(cu) + 1))
        out.append(Attr(content, sp, cu, True, t.content.text[:80]))
    return [a for a in out if a.content]


@dataclass
class Tally:
    content_exact: dict[str, Scores] = field(default_factory=lambda: defaultdict(Scores))
    content_overlap: dict[str, Scores] = field(default_factory=lambda: defaultdict(Scores))
    speaker: dict[str, Scores] = field(default_factory=lambda: defaultdict(Scores))
    cue: dict[str, Scores] = field(default_factory=lambda: defaultdict(Scores))
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    def add(self, preds: list[Attr], gold: list[Attr], keep_examples: bool = False) -> None:
        def subsets(a: Attr) -> tuple[str, str]:
            return "all", ("direct" if a.direct else "indirect")

        pairs = []
        for i, p in enumerate(preds):
            for j, g in enumerate(gold):
                inter = len(p.content & g.content)
                if inter:
                    pairs.append((inter / max(len(p.content), len(g.content)), i, j))
        pairs.sort(reverse=True)
        used_p, used_g, match = set(), set(), {}
        for score, i, j in pairs:
            if i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            match[i] = (j, score)
        for i, p in enumerate(preds):
            j, score = match.get(i, (None, 0.0))
            for sub in subsets(p):
                self.content_exact[sub].n_pred += 1
                self.content_overlap[sub].n_pred += 1
                if j is not None and score >= 0.5:
                    self.content_overlap[sub].tp += 1
                if j is not None and preds[i].content == gold[j].content:
                    self.content_exact[sub].tp += 1
            if keep_examples and (j is None or score < 0.5):
                self.false.append(p.label)
        gold_hit = {j: s for j, s in match.values()}
        for j, g in enumerate(gold):
            for sub in subsets(g):
                self.content_exact[sub].n_gold += 1
                self.content_overlap[sub].n_gold += 1
            if keep_examples and gold_hit.get(j, 0.0) < 0.5:
                self.misses.append(("D " if g.direct else "I ") + g.label)
        # overlap recall counts gold matched with score >= .5; exact recall gold matched exactly
        for role in ("speaker", "cue"):
            tally = getattr(self, role)
            gold_spans: dict[frozenset[int], str] = {}
            for g in gold:
                span = getattr(g, role)
                if span:
                    gold_spans.setdefault(span, "direct" if g.direct else "indirect")
            pred_spans: dict[frozenset[int], str] = {}
            for p in preds:
                span = getattr(p, role)
                if span:
                    pred_spans.setdefault(span, "direct" if p.direct else "indirect")
            for span, sub in pred_spans.items():
                for s in ("all", sub):
                    tally[s].n_pred += 1
                    if span in gold_spans:
                        tally[s].tp += 1
            for span, sub in gold_spans.items():
                for s in ("all", sub):
                    tally[s].n_gold += 1
        # recall side: the same one-to-one pairs, counted in the gold item's subsets
        for i, (j, score) in match.items():
            g = gold[j]
            p = preds[i]
            for sub in subsets(g):
                if score >= 0.5:
                    self.content_overlap[sub].tp_gold += 1
                if p.content == g.content:
                    self.content_exact[sub].tp_gold += 1
        for role in ("speaker", "cue"):
            tally = getattr(self, role)
            pred_set = {getattr(p, role) for p in preds if getattr(p, role)}
            seen = set()
            for g in gold:
                span = getattr(g, role)
                if span and span not in seen:
                    seen.add(span)
                    for sub in subsets(g):
                        if span in pred_set:
                            tally[sub].tp_gold += 1


def prf(sc: Scores) -> tuple[float, float, float]:
    p = sc.tp / sc.n_pred if sc.n_pred else 0.0
    r = sc.tp_gold / sc.n_gold if sc.n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def pick_articles(split: str, limit: int | None, seed: int | None = None) -> list[tuple[Path, Path]]:
    text_dir = DATA / split / "text"
    ann_dir = DATA / split / "attributions"
    anns: dict[str, list[Path]] = defaultdict(list)
    for ann in sorted(ann_dir.glob("*.ann")):
        anns[ann.stem.rsplit("_", 1)[0]].append(ann)
    items = [(text_dir / f"{name}.txt", files[0]) for name, files in sorted(anns.items())
             if (text_dir / f"{name}.txt").exists()]
    if limit and limit < len(items) and seed is not None:
        import random

        return sorted(random.Random(seed).sample(items, limit))
    if limit and limit < len(items):
        step = len(items) / limit  # spread over publishers and months
        items = [items[int(k * step)] for k in range(limit)]
    return items


def parse_cached(nlp, texts: list[str], cache: Path | None, key: str):
    """Parse with nlp.pipe, or read the parses (and the time the parse took) from a DocBin cache."""
    import json

    from spacy.tokens import DocBin

    if cache is not None:
        bin_path, meta_path = cache / f"{key}.spacy", cache / f"{key}.json"
        if bin_path.exists() and meta_path.exists():
            docs = list(DocBin().from_disk(bin_path).get_docs(nlp.vocab))
            if [d.text for d in docs] == texts:
                return docs, json.loads(meta_path.read_text())["parse_s"]
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    parse_s = time.perf_counter() - t0
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        db = DocBin(store_user_data=True)
        for d in docs:
            db.add(d)
        db.to_disk(bin_path)
        meta_path.write_text(json.dumps({"parse_s": parse_s}))
    return docs, parse_s


def multi_annotated() -> list[tuple[str, Path, list[Path]]]:
    """(split, text, annotator files) of every article with more than one annotator file."""
    out = []
    for split in ("train", "dev"):
        anns: dict[str, list[Path]] = defaultdict(list)
        for ann in sorted((DATA / split / "attributions").glob("*.ann")):
            anns[ann.stem.rsplit("_", 1)[0]].append(ann)
        out += [(split, DATA / split / "text" / f"{name}.txt", files)
                for name, files in sorted(anns.items()) if len(files) > 1]
    return out


def agreement(nlp) -> int:
    """The annotators against each other, and our predictions against each annotator, on the same texts."""
    from newsdossier.article import ParsedArticle

    items = multi_annotated()
    texts = [t.read_text(encoding="utf-8") for _, t, _ in items]
    humans, ours_t = Tally(), Tally()
    n_files = 0
    for (split, tpath, files), text, doc in zip(items, texts, nlp.pipe(texts, batch_size=8)):
        golds = [read_gold(f, text) for f in files]
        n_files += len(files)
        for a, ga in enumerate(golds):
            for b, gb in enumerate(golds):
                if a != b:
                    humans.add(gb, ga)
        art = plain_article(text, tpath)
        preds = ours(ParsedArticle(art, doc))
        for g in golds:
            ours_t.add(preds, g)
    splits = defaultdict(int)
    for split, _, _ in items:
        splits[split] += 1
    print(f"PolNeAR articles with several annotators: {len(items)} ({dict(splits)}), {n_files} annotator files; "
          "every ordered pair of annotators, and ours against every annotator\n")
    header = f"{'measure':<18}{'subset':<10}{'annotators P':>13}{'R':>7}{'F1':>7}   {'ours P':>7}{'R':>7}{'F1':>7}   {'target':>6}"
    print(header)
    print("-" * len(header))
    targets = {("content_overlap", "all"): 0.85, ("content_exact", "all"): 0.65, ("speaker", "all"): 0.85,
               ("content_overlap", "direct"): 0.95}
    for measure in ("content_overlap", "content_exact", "speaker", "cue"):
        for sub in ("all", "direct", "indirect"):
            ph, rh, fh = prf(getattr(humans, measure)[sub])
            po, ro, fo = prf(getattr(ours_t, measure)[sub])
            target = targets.get((measure, sub))
            tcol = f"{target:.2f}" if target else "-"
            print(f"{measure:<18}{sub:<10}{ph:>13.3f}{rh:>7.3f}{fh:>7.3f}   {po:>7.3f}{ro:>7.3f}{fo:>7.3f}   {tcol:>6}")
    print("\nours: trained on the first annotator's files of the train articles above, so optimistic there")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["train", "dev"])
    ap.add_argument("--limit", type=int, default=None, help="articles to use (spread over the split)")
    ap.add_argument("--seed", type=int, default=None,
                    help="with --limit: a random sample with this seed (else evenly spread)")
    ap.add_argument("--quick", action="store_true", help="25 articles")
    ap.add_argument("--examples", type=int, default=0, help="print this many misses and false hits")
    ap.add_argument("--cache", type=Path, default=None,
                    help="folder for DocBin parse caches (keyed by split/limit/seed); the parse time is stored too")
    ap.add_argument("--agreement", action="store_true",
                    help="score the annotators against each other on the articles several annotated, and ours too")
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"PolNeAR not found at {DATA}", file=sys.stderr)
        return 2
    if args.agreement:
        from newsdossier.nlp import load_nlp

        return agreement(load_nlp())
    limit = 25 if args.quick and not args.limit else args.limit
    items = pick_articles(args.split, limit, args.seed)

    from newsdossier.article import ParsedArticle
    from newsdossier.nlp import load_nlp

    nlp = load_nlp()
    texts = [p.read_text(encoding="utf-8") for p, _ in items]
    docs, parse_s = parse_cached(nlp, texts, args.cache, f"{args.split}-{limit}-{args.seed}")

    ours_t, tex_t = Tally(), Tally()
    stage_s = textacy_s = 0.0
    n_gold = 0
    for (tpath, ann), text, doc in zip(items, texts, docs):
        gold = read_gold(ann, text)
        n_gold += len(gold)
        art = plain_article(text, tpath)
        t1 = time.perf_counter()
        preds = ours(ParsedArticle(art, doc))
        t2 = time.perf_counter()
        tpreds = textacy_preds(doc)
        t3 = time.perf_counter()
        stage_s += t2 - t1
        textacy_s += t3 - t2
        ours_t.add(preds, gold, keep_examples=args.examples > 0)
        tex_t.add(tpreds, gold)

    print(f"PolNeAR {args.split}: {len(items)} articles, {n_gold} gold attributions "
          f"(one annotator file per article); parse {parse_s:.1f}s, our stage {stage_s:.2f}s "
          f"({100 * stage_s / parse_s:.1f}% of parse), textacy {textacy_s:.2f}s\n")
    header = f"{'measure':<18}{'subset':<10}{'ours P':>8}{'R':>7}{'F1':>7}   {'textacy P':>9}{'R':>7}{'F1':>7}   {'F1 ratio':>8}"
    print(header)
    print("-" * len(header))
    for measure in ("content_overlap", "content_exact", "speaker", "cue"):
        for sub in ("all", "direct", "indirect"):
            po, ro, fo = prf(getattr(ours_t, measure)[sub])
            pt, rt, ft = prf(getattr(tex_t, measure)[sub])
            ratio = f"{fo / ft:.2f}x" if ft else "-"
            print(f"{measure:<18}{sub:<10}{po:>8.3f}{ro:>7.3f}{fo:>7.3f}   {pt:>9.3f}{rt:>7.3f}{ft:>7.3f}   {ratio:>8}")
    print("\ntargets (issue 3): content overlap F1 >= 0.85, exact F1 >= 0.65 (all); speaker F1 >= 0.85; "
          "direct content F1 >= 0.95")
    if args.examples:
        import random

        rnd = random.Random(0)
        print("\nmissed gold (D=direct, I=indirect):")
        for m in rnd.sample(ours_t.misses, min(args.examples, len(ours_t.misses))):
            print("  ", m)
        print("\nfalse predictions:")
        for m in rnd.sample(ours_t.false, min(args.examples, len(ours_t.false))):
            print("  ", m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
