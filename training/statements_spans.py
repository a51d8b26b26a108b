"""Train the attribution span tagger (`newsdossier.statements.spans`) on PolNeAR train.

    uv run python training/statements_spans.py [--data ../shared/data/quotes/polnear] [--cache FILE]

Only the `train` split is read, and the articles of the two benchmark samples (seeds 1 and 2, as for the cue
model) are left out, so those samples stay held-out figures. Each paragraph is one sequence; a token's tag is
the role of the gold span that covers it (cue before source before content when spans of two attributions
cover it; for content, the longest covering content), in BIO form.
"""
from __future__ import annotations

import random
import time
from pathlib import Path

from statements_cues import read_brat, trainer_arguments, training_articles
from newsdossier.statements.spans import MODEL_PATH, DocView, ROLES, in_quote_flags, paragraphs, token_features

ROLE_ORDER = {"CUE": 0, "SOURCE": 1, "CONTENT": 2}


def gold_spans(ann: Path) -> list[tuple[int, str, list[tuple[int, int]]]]:
    """(attribution number, role, fragments) for every cue, source and content of the file's attributions."""
    spans, events = read_brat(ann)
    out = []
    for n, ev in enumerate(events):
        for key, tid in ev.items():
            role = "CUE" if key.startswith("Cue") else "SOURCE" if key.startswith("Source") else \
                "CONTENT" if key.startswith("Content") else None
            if role and tid in spans:
                out.append((n, role, spans[tid]))
    return out


def token_labels(doc, ann: Path) -> list[str]:
    best: dict[int, tuple[int, int, int, str]] = {}  # token -> (role order, -length, attribution, role)
    starts = [t.idx for t in doc]
    import bisect

    for n, role, frags in gold_spans(ann):
        length = sum(b - a for a, b in frags)
        for a, b in frags:
            i = max(bisect.bisect_right(starts, a) - 1, 0)
            while i < len(doc) and doc[i].idx < b:
                tok = doc[i]
                if tok.idx + len(tok.text) > a and not tok.is_space:
                    key = (ROLE_ORDER[role], -length, n, role)
                    if i not in best or key < best[i]:
                        best[i] = key
                i += 1
    labels = []
    prev = None
    for i in range(len(doc)):
        b = best.get(i)
        if b is None:
            labels.append("O")
            prev = None
            continue
        ident = (b[2], b[3])
        labels.append(("I-" if prev == ident else "B-") + b[3])
        prev = ident
    return labels


def lexicon() -> frozenset[str]:
    from newsdossier.statements.cues import load_model
    from newsdossier.statements.tables import RULE_VERBS

    model = load_model()
    return frozenset(RULE_VERBS) | (model.lemmas if model is not None else frozenset())


def sequences(doc, ann: Path | None, lex):
    labels = token_labels(doc, ann) if ann is not None else None
    from newsdossier.statements.quotes import find_quotes

    view = DocView(doc, lex)
    flags = in_quote_flags(doc, find_quotes(doc.text), view)
    for s, e in paragraphs(doc, view):
        feats = token_features(doc, s, e, flags[s:e], lex, view)
        yield feats, (labels[s:e] if labels else None), (s, e)


def main(argv: list[str] | None = None) -> None:
    ap = trainer_arguments(__doc__.splitlines()[0], MODEL_PATH)
    ap.add_argument("--c1", type=float, default=1.0, help="L1 penalty (keeps the model small)")
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=100)
    ap.add_argument("--minfreq", type=float, default=3, help="drop features seen fewer times than this")
    args = ap.parse_args(argv)
    import pycrfsuite

    pool = [(a, d) for _, a, d in training_articles(args.data, args.cache)]
    random.Random(13).shuffle(pool)
    lex = lexicon()
    trainer = pycrfsuite.Trainer(verbose=False)
    n_seq = n_tok = 0
    for ann, doc in pool:
        for feats, labels, _ in sequences(doc, ann, lex):
            trainer.append(feats, labels)
            n_seq += 1
            n_tok += len(labels)
    print(f"{len(pool)} articles, {n_seq} paragraphs, {n_tok} tokens; roles {', '.join(ROLES)}")
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.possible_transitions": True, "feature.minfreq": args.minfreq})
    t0 = time.perf_counter()
    trainer.train(str(args.out))
    print(f"trained in {time.perf_counter() - t0:.0f}s; wrote {args.out} ({args.out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
