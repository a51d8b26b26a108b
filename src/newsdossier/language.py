"""The `language` article stage: which language an article is written in.

py3langid (a maintained port of langid.py) ships its model inside the package, so nothing is fetched;
it is measured here only on the cases the issue names (Persian and French files, English news), not
on a benchmark. Every other article stage reads English with an English model, and on another
language it produces confident nonsense ("said that" as a PERSON), so `pipeline.analyse_article`
skips those stages for an article detected as another language and the build names such articles.
The text outside boilerplate is read; a text too short to judge counts as English, so a one-line
English note is never thrown out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from newsdossier.records import Record

ENGLISH = "en"
MIN_LETTERS = 40  # fewer letters than this: too little to tell, taken as English
MIN_CONFIDENCE = 0.9  # a weaker verdict than this for another language keeps the article English
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(slots=True)
class ArticleLanguage(Record):
    """The language an article is written in (ISO 639-1), and the detector's confidence (0-1)."""

    table: ClassVar[str] = "article_languages"
    key: ClassVar[tuple[str, ...]] = ("article_id",)

    article_id: str
    language: str
    confidence: float


_identifier = None


def _model():
    global _identifier
    if _identifier is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def detect(text: str) -> tuple[str, float]:
    """(language, confidence) of `text`; English with confidence 0 when it is too short to tell."""
    if len(_LETTER.findall(text[:20_000])) < MIN_LETTERS:
        return ENGLISH, 0.0
    lang, prob = _model().classify(text[:20_000])
    return lang, float(prob)


def is_english(language: str, confidence: float) -> bool:
    return language == ENGLISH or confidence < MIN_CONFIDENCE


def language_stage(parsed) -> list[ArticleLanguage]:
    """The article's language (py3langid), so English-only stages can skip other languages."""
    lang, prob = detect(parsed.parse_text)
    return [ArticleLanguage(parsed.article.id, lang, round(prob, 4))]
