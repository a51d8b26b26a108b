"""Text-reuse evaluation: planted passages in real BBC articles, gold offsets known.

Corpus: the BBC articles of ../shared/data/bbc (articles already sharing text with another one
are left out first, so every shared passage is one we planted). Passages of 1 to 8 consecutive
sentences are copied from a donor article into 1-4 recipient articles, each copy inserted as its
own paragraph, with a controlled edit level:
  exact   - verbatim;
  light   - one word in about fifteen replaced by another corpus word;
  medium  - light, plus a clause inserted, one word deleted and a comma added.
Gold pairs: every two articles of one group (donor and recipients), with both spans.

Reported, for the LSH pipeline (`newsdossier.reuse.detect_reuse`):
  passage recall / precision (a found passage matches a gold one when both of its spans overlap
  the gold spans by at least half of the gold spans), and boundary accuracy (characters off at each
  end, in both articles; share of passages with all four ends within 20 characters);
then, on a sample small enough for it, recall against the exhaustive answer (the same aligner run
on all pairs of articles) and the time ratio; and datasketch's MinHash + MinHashLSH against our
numpy signatures and index on the same sentences (time, and candidate agreement).

Run: uv run python benchmarks/reuse_eval.py [--quick] [--groups N] [--sample N]
"""
from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from newsdossier.article import Article
from newsdossier.reuse import sketch
from newsdossier.reuse.articles import _Art, article_tokens, unit_keys
from newsdossier.reuse.detect import align_articles, detect_reuse
from newsdossier.store import Store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
BBC = SHARED / "data" / "bbc"

# sentences for planting, split independently of the tokenizer under test
_SENT_END = re.compile(r"[.!?]+[\"'”’]*(?=\s+[\"'“‘]?[A-Z0-9])|\n")
MIN_PLANTED_WORDS = 8  # the detector reports passages of at least ~8 words (docs/reuse.md)
CLAUSES = [", as officials noted at the time,", ", according to those present,", ", it emerged later,",
           ", in the view of several observers,", ", by most accounts,"]


def read_bbc(limit: int | None = None) -> list[tuple[str, str]]:
    """(name, text) of the BBC articles, in a fixed order."""
    if not BBC.is_dir():
        sys.exit(f"{BBC} not found: the BBC corpus must be beside the checkout (../shared/data/bbc)")
    paths = sorted(BBC.glob("*/*.txt"))
    out = []
    for p in paths[: limit or None]:
        raw = p.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        out.append((f"{p.parent.name}/{p.name}", text.replace("\r\n", "\n")))
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence-like piece of the body (after the headline line)."""
    body = text.index("\n") + 1 if "\n" in text else 0
    out = []
    pos = body
    for m in itertools.chain(_SENT_END.finditer(text, body), [None]):
        end = m.end() if m is not None else len(text)
        s, e = pos, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if len(text[s:e].split()) >= 3:
            out.append((s, e))
        pos = end
    return out


def edit(passage: str, level: str, rng: random.Random, vocab: list[str]) -> str:
    """A copy of `passage` with controlled edits (see the module docstring)."""
    if level == "exact":
        return passage
    tokens = re.split(r"(\s+)", passage)
    words = [i for i, t in enumerate(tokens) if re.fullmatch(r"[a-z]+", t)]
    n_sub = max(1, len(words) // 15)
    for i in rng.sample(words, min(n_sub, len(words))):
        tokens[i] = rng.choice(vocab)
    if level == "medium":
        if len(words) > 4:
            tokens[rng.choice(words[1:-1])] = ""
        spaces = [i for i, t in enumerate(tokens) if t == " "]
        if spaces:
            i = rng.choice(spaces)
            tokens[i] = rng.choice(CLAUSES) + " "
        spaces = [i for i, t in enumerate(tokens) if t == " " and i > 0 and tokens[i - 1][-1:].isalpha()]
        if spaces:
            i = rng.choice(spaces)
            tokens[i - 1] = tokens[i - 1] + ","
    out = "".join(tokens)
    return re.sub(r"  +", " ", out)


@dataclass
class Corpus:
    texts: dict[str, str]  # id -> text
    published: dict[str, dt.date]
    gold: list[tuple[str, int, int, str, int, int, str, int]] = field(default_factory=list)
    # (article x, start, end, article y, start, end, level, sentences)


def plant(base: list[tuple[str, str]], groups: int, seed: int = 13, max_recipients: int = 4) -> Corpus:
    """Copy passages between base articles; return the corpus and the gold pairs."""
    rng = random.Random(seed)
    ids = [f"a{k:06d}" for k in range(len(base))]
    texts = {i: t for i, (_, t) in zip(ids, base)}
    vocab = sorted({w for _, t in base[:300] for w in re.findall(r"\b[a-z]{4,9}\b", t)})
    order = ids[:]
    rng.shuffle(order)
    n_donors = groups
    donors, pool = order[:n_donors], order[n_donors:]
    insertions: dict[str, list[tuple[int, str, int]]] = {}  # recipient -> (paragraph index, text, group)
    group_members: list[tuple[str, int, int, str, int]] = []  # donor, start, end, level, sentences
    recipients_of: list[list[str]] = []
    levels = ["exact", "light", "medium"]
    for g, donor in enumerate(donors):
        sents = sentences(texts[donor])
        if len(sents) < 2:
            recipients_of.append([])
            group_members.append((donor, 0, 0, "exact", 0))
            continue
        n = rng.randint(1, min(8, len(sents)))
        for _ in range(20):  # a start whose passage has enough words
            first = rng.randrange(0, len(sents) - n + 1)
            s, e = sents[first][0], sents[first + n - 1][1]
            if len(texts[donor][s:e].split()) >= MIN_PLANTED_WORDS:
                break
        level = levels[g % 3]
        group_members.append((donor, s, e, level, n))
        k = rng.randint(1, max_recipients)
        chosen = rng.sample(pool, k)
        recipients_of.append(chosen)
        for r in chosen:
            copy = edit(texts[donor][s:e], level, rng, vocab)
            paras = texts[r].split("\n\n")
            insertions.setdefault(r, []).append((rng.randint(1, len(paras)), copy, g))
    # build recipient texts, recording where each copy landed
    landed: dict[tuple[str, int], tuple[int, int]] = {}
    for r, items in insertions.items():
        paras = texts[r].split("\n\n")
        at: dict[int, list[tuple[str, int]]] = {}
        for pos, copy, g in items:
            at.setdefault(pos, []).append((copy, g))
        out, cursor = [], 0
        for k in range(len(paras) + 1):
            for copy, g in at.get(k, []):
                out.append(copy)
                landed[(r, g)] = (cursor, cursor + len(copy))
                cursor += len(copy) + 2
            if k < len(paras):
                out.append(paras[k])
                cursor += len(paras[k]) + 2
        texts[r] = "\n\n".join(out)
    published = {}
    base_day = dt.date(2005, 1, 1)
    for k, i in enumerate(order):
        published[i] = base_day + dt.timedelta(days=k % 300)
    corpus = Corpus(texts, published)
    for g, (donor, s, e, level, n) in enumerate(group_members):
        members = [(donor, s, e)] + [(r, *landed[(r, g)]) for r in recipients_of[g]]
        if not recipients_of[g]:
            continue
        published[donor] = base_day - dt.timedelta(days=1 + g)  # the donor comes first
        for (x, xs, xe), (y, ys, ye) in itertools.combinations(members, 2):
            corpus.gold.append((x, xs, xe, y, ys, ye, level, n))
    for x, xs, xe, y, ys, ye, *_ in corpus.gold:
        assert texts[x][xs:xe].strip() and texts[y][ys:ye].strip()
    return corpus


def load_store(store: Store, texts: dict[str, str], published: dict[str, dt.date]) -> None:
    rows = [Article(i, f"{i}.txt", "txt", None, None, None, "BBC", None, published.get(i), None, None,
                    0, len(t), t) for i, t in texts.items()]
    with store.transaction():
        store.insert(rows)


def run_pipeline(texts: dict[str, str], published: dict[str, dt.date]) -> tuple[list[dict], float]:
    with Store.open(":memory:") as store:
        load_store(store, texts, published)
        t = time.perf_counter()
        with store.transaction():
            detect_reuse(store)
        seconds = time.perf_counter() - t
        return store.rows("SELECT * FROM reuse"), seconds


def _overlap(s1: int, e1: int, s2: int, e2: int) -> int:
    return max(0, min(e1, e2) - max(s1, s2))


def match(found: list[tuple[str, int, int, str, int, int]], gold: list[tuple]) -> tuple[dict[int, int], list[int]]:
    """Greedy one-to-one matching of found passages to gold ones. Returns gold->found, unmatched found."""
    by_pair: dict[tuple[str, str], list[int]] = {}
    for k, (x, xs, xe, y, ys, ye) in enumerate(found):
        by_pair.setdefault((x, y), []).append(k)
        by_pair.setdefault((y, x), []).append(k)
    used: set[int] = set()
    g2f: dict[int, int] = {}
    for gi, (x, xs, xe, y, ys, ye, *_) in enumerate(gold):
        best, best_score = None, 0.0
        for k in by_pair.get((x, y), []):
            if k in used:
                continue
            fx, fxs, fxe, fy, fys, fye = found[k]
            if fx != x:
                fxs, fxe, fys, fye = fys, fye, fxs, fxe
            ox = _overlap(xs, xe, fxs, fxe) / max(1, xe - xs)
            oy = _overlap(ys, ye, fys, fye) / max(1, ye - ys)
            score = min(ox, oy)
            if score >= 0.5 and score > best_score:
                best, best_score = k, score
        if best is not None:
            used.add(best)
            g2f[gi] = best
    return g2f, [k for k in range(len(found)) if k not in used]


def boundary_errors(found, gold, g2f) -> list[int]:
    """Largest of the four end offsets (chars) of each matched passage."""
    errs = []
    for gi, k in g2f.items():
        x, xs, xe, y, ys, ye, *_ = gold[gi]
        fx, fxs, fxe, fy, fys, fye = found[k]
        if fx != x:
            fxs, fxe, fys, fye = fys, fye, fxs, fxe
        errs.append(max(abs(fxs - xs), abs(fxe - xe), abs(fys - ys), abs(fye - ye)))
    return errs


def as_found(rows: list[dict]) -> list[tuple[str, int, int, str, int, int]]:
    return [(r["a_article_id"], r["a_start"], r["a_end"], r["b_article_id"], r["b_start"], r["b_end"]) for r in rows]


def native_reuse(base: list[tuple[str, str]]) -> set[int]:
    """Indexes of base articles that already share a passage with another (BBC has duplicates)."""
    texts = {f"a{k:06d}": t for k, (_, t) in enumerate(base)}
    rows, _ = run_pipeline(texts, {})
    involved = {r["a_article_id"] for r in rows} | {r["b_article_id"] for r in rows}
    return {int(i[1:]) for i in involved}


def exhaustive(texts: dict[str, str]) -> tuple[list[tuple[str, int, int, str, int, int]], float]:
    """The same aligner over every pair of articles: the exhaustive answer."""
    t = time.perf_counter()
    arts = [_Art(i, x, None, article_tokens(x, None, [])) for i, x in sorted(texts.items())]
    found = []
    for a, b in itertools.combinations(arts, 2):
        for r in align_articles(a, b):
            found.append((r.a_article_id, r.a_start, r.a_end, r.b_article_id, r.b_start, r.b_end))
    return found, time.perf_counter() - t


def datasketch_compare(texts: dict[str, str]) -> dict[str, float]:
    """datasketch MinHash + MinHashLSH on the same sentence units as our numpy index."""
    from datasketch import MinHash, MinHashLSH

    from newsdossier.reuse.articles import _unit_shingles

    arts = [_Art(i, x, None, article_tokens(x, None, [])) for i, x in sorted(texts.items())]
    # ours
    t = time.perf_counter()
    owner, keys = unit_keys(arts)
    ii, jj = sketch.self_pairs(keys)
    ours = {(min(a, b), max(a, b)) for a, b in zip(owner[ii].tolist(), owner[jj].tolist()) if a != b}
    t_ours = time.perf_counter() - t
    # datasketch, same shingles, same permutations (scheme affine32, seed), same bands
    units: list[tuple[int, np.ndarray]] = []
    for k, art in enumerate(arts):
        h, u = _unit_shingles(art.tokens)
        for key in np.unique(u):
            sh = h[u == key]
            if len(sh) >= 3:
                units.append((k, sh))
    t = time.perf_counter()
    lsh = MinHashLSH(num_perm=sketch.NUM_PERM, params=(sketch.BANDS, sketch.NUM_PERM // sketch.BANDS))
    mhs = MinHash.bulk([u.tolist() for _, u in units], num_perm=sketch.NUM_PERM, seed=sketch.SEED,
                       scheme="affine32", hashfunc=int)
    theirs = set()
    with lsh.insertion_session() as session:
        for n, m in enumerate(mhs):
            session.insert(n, m, check_duplication=False)
    for n, m in enumerate(mhs):
        for other in lsh.query(m):
            a, b = units[n][0], units[other][0]
            if a != b:
                theirs.add((min(a, b), max(a, b)))
    t_theirs = time.perf_counter() - t
    return {"units": len(units), "ours_s": t_ours, "datasketch_s": t_theirs, "ours_pairs": len(ours),
            "datasketch_pairs": len(theirs), "common": len(ours & theirs)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="600 articles, 60 groups, sample 150")
    ap.add_argument("--limit", type=int, default=None, help="BBC articles to read (default all)")
    ap.add_argument("--groups", type=int, default=300, help="planted passage groups")
    ap.add_argument("--sample", type=int, default=400, help="articles in the exhaustive comparison")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    if args.quick:
        args.limit, args.groups, args.sample = 600, 60, 150
    base = read_bbc(args.limit)
    t = time.perf_counter()
    native = native_reuse(base)
    clean = [b for k, b in enumerate(base) if k not in native]
    print(f"BBC articles read: {len(base)}; {len(native)} already share text with another "
          f"(left out): {len(clean)} in the corpus ({time.perf_counter() - t:.1f}s)")
    corpus = plant(clean, args.groups, args.seed)
    print(f"planted: {args.groups} groups, {len(corpus.gold)} gold passage pairs")

    rows, seconds = run_pipeline(corpus.texts, corpus.published)
    found = as_found(rows)
    g2f, false = match(found, corpus.gold)
    errs = boundary_errors(found, corpus.gold, g2f)
    recall = len(g2f) / max(1, len(corpus.gold))
    precision = (len(found) - len(false)) / max(1, len(found))
    within = sum(e <= 20 for e in errs) / max(1, len(errs))
    print(f"\nLSH pipeline on {len(corpus.texts)} articles: {seconds:.2f}s, {len(found)} passages found\n")
    print(f"{'measure':<44}{'value':>10}{'target':>10}")
    print(f"{'passage recall (vs gold)':<44}{recall:>10.3f}{'':>10}")
    print(f"{'passage precision (vs gold)':<44}{precision:>10.3f}{'>= 0.95':>10}")
    print(f"{'all four ends within 20 chars':<44}{within:>10.3f}{'>= 0.90':>10}")
    print(f"{'mean / max end error (chars)':<44}{np.mean(errs) if errs else 0:>5.1f} / {max(errs) if errs else 0:<4}")
    by_level: dict[str, list[int]] = {}
    for gi, g in enumerate(corpus.gold):
        by_level.setdefault(g[6], []).append(gi)
    for level, gis in sorted(by_level.items()):
        hit = sum(gi in g2f for gi in gis)
        print(f"{'  recall, edit level ' + level:<44}{hit / len(gis):>10.3f}   ({hit}/{len(gis)})")
    by_len: dict[int, list[int]] = {}
    for gi, g in enumerate(corpus.gold):
        by_len.setdefault(g[7], []).append(gi)
    print("  recall by passage length (sentences): " + ", ".join(
        f"{n}: {sum(gi in g2f for gi in gis) / len(gis):.2f}" for n, gis in sorted(by_len.items())))
    if false:
        print("  examples of unmatched found passages:")
        for k in false[:3]:
            r = rows[k]
            print(f"    {r['a_article_id']}[{r['a_start']}:{r['a_end']}] ~ {r['b_article_id']}[{r['b_start']}:{r['b_end']}]"
                  f" {' '.join(r['a_text'].split())[:90]!r}")

    # exhaustive comparison on a sample: the first groups' articles, topped up with others
    sample: list[str] = []
    for x, _, _, y, *_ in corpus.gold:
        for i in (x, y):
            if i not in sample and len(sample) < args.sample:
                sample.append(i)
    for i in corpus.texts:
        if len(sample) >= args.sample:
            break
        if i not in sample:
            sample.append(i)
    sub = {i: corpus.texts[i] for i in sample}
    ex_found, ex_seconds = exhaustive(sub)
    lsh_rows, lsh_seconds = run_pipeline(sub, corpus.published)
    ex_gold = [(*f, "", 0) for f in ex_found]
    ex_g2f, ex_false = match(as_found(lsh_rows), ex_gold)
    n_pairs = len(sub) * (len(sub) - 1) // 2
    print(f"\nexhaustive comparison on {len(sub)} articles ({n_pairs:,} article pairs)\n")
    print(f"{'':<34}{'exhaustive':>12}{'LSH':>12}{'ratio':>10}")
    print(f"{'passages':<34}{len(ex_found):>12}{len(lsh_rows):>12}")
    print(f"{'seconds':<34}{ex_seconds:>12.2f}{lsh_seconds:>12.2f}{ex_seconds / max(lsh_seconds, 1e-9):>9.1f}x")
    print(f"{'LSH recall vs exhaustive':<34}{len(ex_g2f) / max(1, len(ex_found)):>24.3f}{'>= 0.95':>10}")

    print("\nMinHash + LSH candidates, numpy (ours) vs datasketch, same sentences / permutations / bands")
    d = datasketch_compare(sub)
    print(f"{'':<34}{'datasketch':>12}{'ours':>12}{'speed-up':>10}")
    print(f"{'seconds (sign, index, query)':<34}{d['datasketch_s']:>12.2f}{d['ours_s']:>12.2f}"
          f"{d['datasketch_s'] / max(d['ours_s'], 1e-9):>9.1f}x")
    print(f"{'candidate article pairs':<34}{d['datasketch_pairs']:>12}{d['ours_pairs']:>12}"
          f"   common {d['common']}  ({d['units']} sentence units)")


if __name__ == "__main__":
    main()
