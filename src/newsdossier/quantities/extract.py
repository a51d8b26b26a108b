"""The article stage `quantities`: every figure of one parsed article as a `Quantity` record.

Joins what figures.py finds with what roles.py reads from the parse and with the voice the figure is
written in (voice.py, from the statements stage).
"""
from __future__ import annotations

from typing import Iterator

from newsdossier.article import ParsedArticle
from newsdossier.quantities.figures import Figure, find_figures
from newsdossier.quantities.records import Quantity
from newsdossier.quantities.roles import (
    agent_of, counted_span, denial_parties, denied_claim, np_span, place_and_time, predicate_of,
)
from newsdossier.quantities.tables import DENY_VERBS, STATE_ADJECTIVES, TIME_WORDS
from newsdossier.voice import voice_at


def extract_quantities(parsed: ParsedArticle) -> Iterator[Quantity]:
    """Figures with value, interval, hedge, unit, what they count, predicate, agent and voice."""
    doc = parsed.doc
    statements = {st.id: st for st in parsed.records.get("statements", ())}
    figures = find_figures(doc, parsed.parse_text)
    ents = [e for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC", "DATE", "TIME")] if figures else []
    for fig in figures:
        fhead = _figure_head(doc, fig)
        noun, anchor = _counted_noun(doc, fig, fhead)
        if noun is not None and noun.lower_ in TIME_WORDS and fig.kind == "count":
            continue  # "30 days", "five years": time spans are not counts of things
        yield _quantity(parsed, fig, fhead, noun, anchor, statements, ents)


def _figure_head(doc, fig: Figure):
    """The figure's syntactic head: the token in it whose head lies outside it."""
    for k in range(fig.first, fig.last):
        if not (fig.start <= doc[k].head.i < fig.end):
            return doc[k]
    return doc[fig.last - 1]


def _counted_noun(doc, fig: Figure, fhead) -> tuple:
    """(the noun the figure counts or None, the token its predicate is looked for from)."""
    figure_tokens = range(fig.start, fig.end)
    noun = None
    anchor = fhead
    if fig.kind in ("count", "money", "measure", "duration") or fig.kind == "percent":
        h = fhead.head
        if fhead.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod", "npadvmod", "det") and \
                h.pos_ in ("NOUN", "PROPN") and h.i >= fig.end and h.i not in figure_tokens:
            noun = h
            anchor = h
        elif fig.kind == "percent":
            # '40%' is the nominal head; the counted follows in 'of'
            pct = doc[fig.end - 1]
            anchor = pct if pct.head.i not in figure_tokens else fhead
    while noun is not None and noun.dep_ == "compound" and noun.head.pos_ == "NOUN" and noun.head.i > noun.i:
        noun = noun.head  # "two hunger strikes": the strikes are counted
    if noun is not None and fig.kind == "money":
        noun = None  # "a €40m loan": the figure names the loan's size; nothing is counted
    if noun is None:
        # "dozens of members", "seven of the eleven people", "40% of voters", "a fifth of X"
        for tok in (doc[fig.end - 1], fhead, anchor):
            for child in tok.rights:
                if child.dep_ == "prep" and child.lower_ == "of" and child.i >= fig.end:
                    for g in child.children:
                        if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN"):
                            noun = g
                    break
            if noun is not None:
                break
    if noun is None and fig.kind == "count" and fig.end < len(doc) and doc[fig.end].pos_ in ("NOUN", "PROPN") \
            and doc[fig.end].sent == doc[fig.start].sent:
        # a misparse ('up to 243,713 people' read as a preposition's object): the adjacent noun is counted
        noun = doc[fig.end]
        anchor = noun
    return noun, anchor


def _span_fields(parsed: ParsedArticle, doc, span: tuple[int, int] | None) -> tuple:
    if span is None:
        return None, None, None
    a, b = doc[span[0]].idx, doc[span[1] - 1].idx + len(doc[span[1] - 1])
    return a, b, parsed.evidence(a, b)


def _quantity(parsed: ParsedArticle, fig: Figure, fhead, noun, anchor, statements: dict, ents: list) -> Quantity:
    """The record of one figure: its spans in the text, what the parse says of it, and its voice."""
    doc = parsed.doc
    counted = None
    if noun is not None and fig.kind in ("count", "percent", "fraction"):
        counted = counted_span(doc, noun, fig.end if noun.i >= fig.end else 0)
    pred = predicate_of(anchor)
    agent_tok = agent_of(pred, noun, anchor)
    if agent_tok is not None and (counted is not None and counted[0] <= agent_tok.i < counted[1]
                                  or fig.start <= agent_tok.i < fig.end):
        agent_tok = None
    agent = np_span(doc, agent_tok) if agent_tok is not None else None
    start_c, end_c = doc[fig.start].idx, doc[fig.end - 1].idx + len(doc[fig.end - 1])
    c_start, c_end, c_text = _span_fields(parsed, doc, counted)
    a_start, a_end, a_text = _span_fields(parsed, doc, agent)
    p_start, p_end, p_text = _span_fields(parsed, doc, (pred.i, pred.i + 1) if pred is not None else None)
    taken = [(start_c, end_c)] + [(s, e) for s, e in ((c_start, c_end), (a_start, a_end)) if s is not None]
    place, when = place_and_time(doc, pred, taken, ents)
    pl_start, pl_end, pl_text = _span_fields(parsed, doc, (place.start, place.end) if place is not None else None)
    t_start, t_end, t_text = _span_fields(parsed, doc, (when.start, when.end) if when is not None else None)
    voice = voice_at(parsed, start_c, end_c)
    st = statements.get(voice.statement_id) if voice.statement_id else None
    sent = doc[fig.start].sent
    # `his side were denied two tries`: a figure whose own predicate denies is what was refused, no denied claim
    refused = pred is not None and pred.lemma_.lower() in DENY_VERBS
    polarity = "affirm" if refused else "deny" if denied_claim(doc, pred) else \
        ((st.polarity if st is not None else "affirm") or "affirm")
    claimant, denier = denial_parties(parsed, doc, fhead, pred, st, statements) if polarity == "deny" \
        else (None, None)
    cl_start, cl_end, cl_text = _span_fields(parsed, doc, claimant)
    dn_start, dn_end, dn_text = _span_fields(parsed, doc, denier)
    return Quantity(
        id=f"{parsed.id}:q{start_c}",
        article_id=parsed.id,
        start=start_c,
        end=end_c,
        text=parsed.evidence(start_c, end_c),
        value=fig.value,
        low=fig.low,
        high=fig.high,
        hedge=fig.hedge,
        unit=fig.unit,
        kind=fig.kind,
        counted_start=c_start,
        counted_end=c_end,
        counted_text=c_text,
        counted_head=(noun.lemma_ if noun.pos_ == "PROPN" else noun.lemma_.lower()) if counted is not None else None,
        predicate=(pred.lower_ if pred.lower_ in STATE_ADJECTIVES and pred.tag_ in ("JJ", "VBG")
                   else pred.lemma_.lower())
        if pred is not None else None,
        predicate_start=p_start,
        predicate_end=p_end,
        predicate_text=p_text,
        agent_start=a_start,
        agent_end=a_end,
        agent_text=a_text,
        place_start=pl_start,
        place_end=pl_end,
        place_text=pl_text,
        time_start=t_start,
        time_end=t_end,
        time_text=t_text,
        voice=voice.kind,
        voice_name=voice.name,
        statement_id=voice.statement_id,
        polarity=polarity,
        sentence_start=sent.start_char,
        sentence_end=sent.end_char,
        claimant_start=cl_start,
        claimant_end=cl_end,
        claimant_text=cl_text,
        denier_start=dn_start,
        denier_end=dn_end,
        denier_text=dn_text,
    )
