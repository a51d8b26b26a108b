"""Decode: turn the bytes of a file into text, and repair mojibake without touching clean text.

News corpora arrive in every encoding: UTF-8 mostly, Windows-1252/Latin-1 from older exports (one
BBC article in the development data is Latin-1), and UTF-8 that was once decoded as Latin-1 and
saved again ("cafÃ©"). The order of tries is:

1. a byte-order mark names the encoding (UTF-8, UTF-16, UTF-32);
2. NUL bytes mean binary data, refused;
3. strict UTF-8, which almost never succeeds by accident on anything else;
4. the declared charset (an HTTP header or ``<meta charset>``), when one is given and it decodes;
5. charset-normalizer's best guess, corrected for its known failure on mostly-ASCII text with a
   few isolated high bytes: it guesses a CJK double-byte code page (it read the BBC "£" as the
   half-width katakana "｣") or picks a Central European page on a tie ("£" as "Ł"). Isolated high
   bytes are Latin-script accents, so there Windows-1252 wins unless it decodes worse.

Then ftfy repairs mojibake with every fixer that could alter clean text switched off, so text that
was fine passes through identical, character for character (offsets into it stay valid).
"""
from __future__ import annotations

import codecs
import re

import ftfy
from charset_normalizer import from_bytes

from newsdossier.errors import DecodeError

# ftfy fixers that only ever act on broken text stay on; everything that rewrites legitimate
# characters (quotes, ligatures, widths, line breaks, normalization, entities) is off, because
# the stored text is what every offset indexes and must stay as the author wrote it.
REPAIR_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,  # "&amp;" in a plain-text article is the author's text, not markup
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=False,  # reading a plain space as a lost U+00A0 gives false positives
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,  # C1 controls never appear in real text; they are lost cp1252 bytes
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

SAMPLE_BYTES = 1_000_000  # how much of a file the encoding detector looks at (it samples anyway)
MAX_CONTROL_RATIO = 0.01  # decoded text with more control characters than this is binary data
MIN_CONTROLS = 3  # ...but a few stray ones in a short text are just noise
ISOLATED_HIGH_BYTE_RATIO = 0.8  # share of high-byte runs of length 1 that marks Latin-script text
CHAOS_TIE = 0.01  # charset-normalizer "chaos" scores this close count as a tie

_BOMS = (  # longest first: the UTF-32-LE mark starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HIGH_BYTE_RUN = re.compile(rb"[\x80-\xff]+")
# Double-byte code pages that charset-normalizer picks for Latin text it cannot place.
_CJK_CODECS = frozenset(
    {
        "cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213", "euc_jp", "euc_jis_2004",
        "euc_jisx0213", "gb2312", "gbk", "gb18030", "hz", "big5", "big5hkscs", "cp950", "cp949",
        "euc_kr", "johab", "iso2022_jp", "iso2022_kr",
    }
)  # fmt: skip
_WESTERN_CODECS = frozenset({"cp1252", "latin_1", "iso8859_15"})
# What ftfy could act on: a UTF-8 lead byte read as Latin-1/Windows-1252 ("Ã", "Â", "â", "ð")
# followed by a continuation byte read the same way ("©", "£", "€", "Ÿ"), a C1 control, or a
# surrogate. ftfy's own detector costs about half a microsecond per character (2.6 s for 5 MB of
# French); this scan lets the clean majority skip it. Mojibake through other code pages (MacRoman,
# Windows-1251) is not looked for.
_REPAIR_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
    "|[\u0080-\u009f\ud800-\udfff]"
)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Control characters (Unicode category Cc) other than tab, line feed, vertical tab, form feed, CR.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def repair_text(text: str) -> str:
    """Repair mojibake in already-decoded text, leaving clean text unchanged.

    Args:
        text (str): Decoded text, possibly with UTF-8 read as Latin-1 ("cafÃ©").

    Returns:
        str: The repaired text ("café"); identical to `text` when nothing was broken. Lone
        surrogates, which no file can store, become U+FFFD.
    """
    if text.isascii() or not _REPAIR_HINT.search(text):
        return text
    text = ftfy.fix_text(text, REPAIR_CONFIG)
    # A lone surrogate (from a JSON "\\ud83d" escape cut in half) cannot be stored as UTF-8.
    return _LONE_SURROGATE.sub("\ufffd", text)


def decode_bytes(data: bytes, source: str, *, declared: str | None = None) -> str:
    """Decode one file's bytes into text and repair mojibake.

    Args:
        data (bytes): The whole file (or record body).
        source (str): Where the bytes came from; only used in error messages.
        declared (str | None): A charset the container claims (HTTP ``Content-Type``, HTML
            ``<meta charset>``). Tried after strict UTF-8, because pages declaring Latin-1 while
            sending UTF-8 are common.

    Returns:
        str: The decoded, repaired text.

    Raises:
        DecodeError: A ValueError, if the data is empty or only whitespace, or looks like
            binary data (NUL bytes, no encoding fits, or too many control characters once
            decoded).
    """
    if not data:
        raise DecodeError(source, "the file is empty")
    text = _decode(data, source, declared)
    if not text.strip():
        raise DecodeError(source, "the file contains only whitespace")
    text = repair_text(text)  # first, so C1 controls that were cp1252 punctuation are not counted
    controls = len(_CONTROL_CHARS.findall(text))
    if controls > MIN_CONTROLS and controls > MAX_CONTROL_RATIO * len(text):
        raise DecodeError(
            source,
            f"looks like binary data, not text ({controls:,} control characters in "
            f"{len(text):,})",
        )
    return text


def _decode(data: bytes, source: str, declared: str | None) -> str:
    """Pick an encoding and decode (steps 1–5 of the module docstring)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                raise DecodeError(
                    source,
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {err.start:,})",
                ) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise DecodeError(source, f"looks like binary data, not text (NUL byte at offset {nul:,})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8
    encoding = _usable_codec(declared)
    if encoding is not None:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    encoding = guess_encoding(data)
    if encoding is None:
        raise DecodeError(source, "looks like binary data, not text (no text encoding fits)")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        # The guess came from a sample; the rest of the file disagrees. Latin-1 never fails and
        # keeps every byte, so the text is at worst wrong in the odd accent, never lost.
        return data.decode("latin-1")


# UTF-8 with at most this many stray bytes per valid multi-byte character is UTF-8 with damage, not
# another encoding: the stray bytes become U+FFFD and every other character keeps its meaning.
MAX_STRAY_PER_UTF8_CHAR = 0.05
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _mostly_utf8(data: bytes) -> str | None:
    """The text, when the bytes are UTF-8 but for a few stray bytes (one `\\xff` in a French article)."""
    valid = len(_UTF8_MULTIBYTE.findall(data))
    if not valid:
        return None  # no UTF-8 sequence at all: a legacy code page, which the guesser reads
    text = data.decode("utf-8", errors="replace")
    stray = text.count("\ufffd") - data.count("\ufffd".encode())
    return text if stray <= max(1, MAX_STRAY_PER_UTF8_CHAR * valid) else None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text written without a byte-order mark: NUL in every other byte of its ASCII letters."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) >= 0.6 * len(zeros) and (even if zeros is odd else odd).count(0) <= 0.05 * len(zeros):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if text.isprintable() or sum(ch.isprintable() or ch in "\n\r\t" for ch in text) >= 0.98 * len(text):
                return text
    return None


def guess_encoding(data: bytes) -> str | None:
    """Guess the encoding of bytes that are not UTF-8.

    Args:
        data (bytes): Non-UTF-8 bytes without NUL bytes.

    Returns:
        str | None: A Python codec name, or None when no text encoding fits.
    """
    sample = data[:SAMPLE_BYTES]
    candidates = [
        match
        for match in from_bytes(sample)
        # Without a BOM and without NUL bytes, a UTF-16/32 reading is never right.
        if not match.encoding.startswith(("utf_16", "utf_32"))
    ]
    if _mostly_isolated_high_bytes(sample):
        if not candidates or candidates[0].encoding in _CJK_CODECS or candidates[0].coherence == 0:
            return _western_codec(data)
        least_chaos = candidates[0].chaos
        tied = {match.encoding for match in candidates if match.chaos <= least_chaos + CHAOS_TIE}
        if tied & _WESTERN_CODECS:
            # A tie between Western and Central/Baltic code pages on text with isolated
            # accents: the detector's language scores on a few words are noise ("£" read as "Ł",
            # "ï" as "’"), so the most common legacy encoding of news text wins.
            return _western_codec(data)
    if not candidates:
        return None
    return candidates[0].encoding


def _mostly_isolated_high_bytes(data: bytes) -> bool:
    """Tell whether the bytes above 0x7F mostly stand alone between ASCII bytes.

    Latin-script legacy text has single accented letters ("café", "£3"); double-byte CJK code
    pages and Cyrillic/Greek/Arabic single-byte text come in runs of high bytes.
    """
    runs = [len(run) for run in _HIGH_BYTE_RUN.findall(data)]
    if not runs:
        return False
    return sum(1 for length in runs if length == 1) >= ISOLATED_HIGH_BYTE_RATIO * len(runs)


def _western_codec(data: bytes) -> str:
    """Windows-1252 when it decodes (it is what "Latin-1" files really are), else Latin-1."""
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "latin-1"
    return "cp1252"


def _usable_codec(declared: str | None) -> str | None:
    """Map a declared charset to a Python codec, or None when unknown.

    Latin-1 and ASCII declarations are read as Windows-1252, as browsers do (WHATWG Encoding).
    """
    if not declared:
        return None
    try:
        name = codecs.lookup(declared.strip().strip("\"'")).name
    except LookupError:
        return None
    if name in {"latin-1", "iso8859-1", "ascii"}:
        return "cp1252"
    if name.startswith(("utf-16", "utf-32")):
        return None  # a NUL-free body cannot be UTF-16/32 whatever the header says
    return name
