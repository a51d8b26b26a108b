"""Tests for newsdossier.ingest.decode: encoding detection, mojibake repair, refusals."""
from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdossier.ingest.decode import DecodeError, decode_bytes, repair_text


@pytest.mark.parametrize(
    "text",
    [
        "Plain ASCII line.\nSecond line.\n",
        "Windows line ends stay.\r\nSo do\r\nthese.\r\n",
        "Curly “quotes” and ‘apostrophes’ — dashes – and … stay curly.",
        "Ligature ﬁle, fullwidth ＡＢＣ and a decomposed e\u0301 are kept as written.",
        "An entity &amp; a tag <b> in plain text are the author's text.",
        "Prices: £4.50, €3, ¥200; café, naïve, Zürich, São Paulo, Łódź.",
        "Ελληνικά, русский, 日本語 and emoji 🙂 survive.",
        "A stray \ufeff inside the text and a no-break\u00a0space are kept.",
    ],
)
def test_decode_clean_utf8_passes_through_identical(text: str) -> None:
    assert decode_bytes(text.encode("utf-8"), "clean.txt") == text


def test_decode_latin1_file() -> None:
    text = "The café on Mill Lane now charges £3.20 for a pot of tea.\n"
    assert decode_bytes(text.encode("latin-1"), "latin1.txt") == text


def test_decode_windows_1252_smart_quotes() -> None:
    text = "“We’re open again,” the owner said – with relief.\n"
    assert decode_bytes(text.encode("cp1252"), "cp1252.txt") == text


def test_decode_invalid_utf8_falls_back_to_a_legacy_encoding() -> None:
    # 0xE9 and 0xEF start multi-byte UTF-8 sequences but are followed by ASCII: invalid UTF-8.
    data = b"The na\xefve r\xe9sum\xe9 was rejected by the panel."
    assert decode_bytes(data, "bad-utf8.txt") == "The naïve résumé was rejected by the panel."


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("The cafÃ© reopened.", "The café reopened."),
        ("Tickets cost Â£12 each.", "Tickets cost £12 each."),
        ("He said â€œnoâ€\x9d twice.", "He said “no” twice."),
    ],
)
def test_decode_repairs_mojibake(broken: str, fixed: str) -> None:
    assert decode_bytes(broken.encode("utf-8"), "mojibake.txt") == fixed
    assert repair_text(broken) == fixed


def test_decode_utf16_with_bom() -> None:
    text = "Städte und Dörfer"
    assert decode_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "u16.txt") == text


def test_decode_utf8_bom_is_dropped() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + "Héllo".encode(), "bom.txt") == "Héllo"


def test_decode_declared_charset_is_used_when_utf8_fails() -> None:
    text = "Вчера вечером в городе прошёл дождь."
    assert decode_bytes(text.encode("cp1251"), "ru.html", declared="windows-1251") == text


def test_decode_declared_charset_loses_to_valid_utf8() -> None:
    text = "Köln"
    assert decode_bytes(text.encode("utf-8"), "page.html", declared="iso-8859-1") == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b" \n\t\r\n  ", "the file contains only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like binary data, not text (NUL byte at offset 8)"),
    ],
)
def test_decode_refuses_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode_bytes(data, "x.txt")
    assert info.value.reason == reason
    assert str(info.value) == f"x.txt: {reason}"
    assert isinstance(info.value, ValueError)


def test_decode_refuses_control_character_soup() -> None:
    data = bytes(range(1, 32)) * 20 + b"some words"
    with pytest.raises(DecodeError, match="looks like binary data"):
        decode_bytes(data, "blob.txt")


def test_decode_lone_surrogate_becomes_replacement_character() -> None:
    assert repair_text("broken \ud83d emoji é") == "broken \ufffd emoji é"


# Real words with accents, currency and typographic punctuation, the way news text has them.
# (ftfy can misread contrived pairs such as "”É" written together; news text does not do that.)
_WORDS = st.sampled_from(
    [
        "the", "council", "said", "café", "naïve", "résumé", "Zürich", "São", "Paulo", "Łódź",
        "Straße", "Ærø", "El Niño", "façade", "£4.50", "€3", "¥200", "45°C", "½", "—", "–", "…",
        "“quoted”", "‘single’", "«guillemets»", "it’s", "ﬁne", "ＡＢ", "e\u0301", "no\u00a0break",
        "Ελλάδα", "Москва", "東京", "🙂", "&amp;", "<b>", "A.", "1,200", "(aside)", "Éric", "ÉTÉ",
    ]
)  # fmt: skip
_SEPARATORS = st.sampled_from([" ", " ", " ", "\n", "\n\n", "\r\n", "\t", ", ", ". "])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_WORDS, _SEPARATORS), min_size=1, max_size=40))
def test_decode_clean_text_round_trips(pieces: list[tuple[str, str]]) -> None:
    text = "".join(word + sep for word, sep in pieces)
    assert decode_bytes(text.encode("utf-8"), "gen.txt") == text
