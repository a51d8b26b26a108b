"""The article model: the stored article row and the parsed article every stage reads.

`ParsedArticle.doc` is one spaCy parse of the article text with boilerplate blanked out (same
length, so a token's character offsets index `article.text` directly). Stages never re-parse.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from newsdossier.records import Record

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(slots=True)
class Article(Record):
    """One distinct article. `text` is exactly what was read (after decoding); all offsets index it."""

    table: ClassVar[str] = "articles"
    key: ClassVar[tuple[str, ...]] = ("id",)

    id: str
    source: str
    format: str
    title: str | None
    title_start: int | None
    title_end: int | None
    outlet: str | None
    dateline: str | None
    published: dt.date | None
    author: str | None
    url: str | None
    body_start: int
    body_end: int
    text: str


@dataclass(slots=True)
class ArticleSource(Record):
    """Every file (or record in a file) an article was read from; one article may arrive many times."""

    table: ClassVar[str] = "sources"
    key: ClassVar[tuple[str, ...]] = ("article_id", "source")

    article_id: str
    source: str
    format: str


@dataclass(slots=True)
class BoilerplateSpan(Record):
    """Text that is not article prose (breadcrumbs, date lines, site chrome...): kept, not parsed."""

    table: ClassVar[str] = "boilerplate"

    article_id: str
    kind: str
    start: int
    end: int
    text: str


_SPACES = re.compile(r"\s+")


def normalize_for_id(text: str) -> str:
    """Case, Unicode form and whitespace do not make two copies of an article different."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def article_id(body: str) -> str:
    """Stable id: 16 hex digits of the SHA-1 of the normalized body text."""
    return hashlib.sha1(normalize_for_id(body).encode("utf-8")).hexdigest()[:16]


def masked_text(text: str, boilerplate: list[BoilerplateSpan]) -> str:
    """The text the model reads: boilerplate replaced by spaces, line breaks kept, same length."""
    if not boilerplate:
        return text
    chars = list(text)
    for bp in boilerplate:
        for i in range(bp.start, bp.end):
            if chars[i] not in "\n\r":
                chars[i] = " "
    return "".join(chars)


@dataclass(slots=True)
class ParsedArticle:
    """An article with its parse and the records earlier stages produced for it."""

    article: Article
    doc: "Doc"
    boilerplate: list[BoilerplateSpan] = field(default_factory=list)
    records: dict[str, list[Any]] = field(default_factory=dict)
    _parse_text: str | None = None

    @property
    def parse_text(self) -> str:
        """The text the model read (boilerplate blanked), same offsets as `text`. Use it instead of
        `doc.text`, which spaCy rebuilds from the tokens on every access."""
        if self._parse_text is None:
            self._parse_text = masked_text(self.article.text, self.boilerplate)
        return self._parse_text

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def text(self) -> str:
        return self.article.text

    def evidence(self, start: int, end: int) -> str:
        """The original text of a span: what a record stores as its `text`."""
        return self.article.text[start:end]
