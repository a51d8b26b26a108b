"""The `language` stage: each article's language is stored; an article not in English is named in the
build summary, kept and searchable, and the English-only stages produce nothing for it."""
from __future__ import annotations

import pytest

from newsdossier.language import detect, is_english
from newsdossier.pipeline import build
from newsdossier.store import Store

FRENCH = ("Le ministère examine la demande\n\nLe porte-parole du Quai d'Orsay a déclaré mardi que le ministère "
          "examinerait la demande de la commission avant la fin du mois, selon un communiqué publié à Paris.\n")
PERSIAN = ("وزارت خارجه درخواست را بررسی می‌کند\n\nسخنگوی وزارت امور خارجه روز سه‌شنبه گفت که وزارتخانه این "
           "درخواست را تا پایان ماه بررسی خواهد کرد و پاسخ رسمی خواهد داد.\n")
ENGLISH = ("Harbour ferry returns after storm repairs\n\nThe harbour ferry between Quist Point and the old town "
           "resumed on Monday after two weeks of repairs, the port authority said. Captain Orla Brenn said the "
           "crossing was calm.\n")


@pytest.mark.parametrize("text, lang", [(FRENCH, "fr"), (PERSIAN, "fa"), (ENGLISH, "en")])
def test_detect(text, lang):
    found, confidence = detect(text)
    assert found == lang and confidence > 0.9


def test_too_short_to_tell_counts_as_english():
    assert detect("Bonjour.") == ("en", 0.0)
    assert is_english(*detect("Bonjour."))
    assert not is_english("fr", 0.99) and is_english("fr", 0.5)


def test_build_skips_english_only_stages_on_other_languages(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in (("fr.txt", FRENCH), ("fa.txt", PERSIAN), ("en.txt", ENGLISH)):
        (corpus / name).write_text(text, encoding="utf-8")
    with Store.open(tmp_path / "s.duckdb") as st:
        summary = build(corpus, st)
        assert sorted(summary.not_english) == [("fa.txt", "fa"), ("fr.txt", "fr")]
        langs = dict(st.execute("SELECT a.source, l.language FROM article_languages l "
                                "JOIN articles a ON a.id = l.article_id").fetchall())
        assert langs == {"fr.txt": "fr", "fa.txt": "fa", "en.txt": "en"}
        per_article = dict(st.execute(
            "SELECT a.source, (SELECT count(*) FROM mentions m WHERE m.article_id = a.id) + "
            "(SELECT count(*) FROM statements s WHERE s.article_id = a.id) FROM articles a").fetchall())
        assert per_article["fr.txt"] == per_article["fa.txt"] == 0  # no "Quai d'Orsay" as a PERSON
        assert per_article["en.txt"] > 0
        # stored whole, and the skipped stages count as run: a second build has nothing to redo
        assert st.scalar("SELECT text FROM articles WHERE source = 'fr.txt'").startswith("Le ministère")
        again = build(corpus, st)
        assert again.articles_reprocessed == 0 and again.not_english == []
    from fastapi.testclient import TestClient

    from newsdossier.web import create_app

    with TestClient(create_app(tmp_path / "s.duckdb"), base_url="http://127.0.0.1") as c:
        hits = c.get("/api/search", params={"q": "porte-parole"}).json()["articles"]
        assert [h["title"] for h in hits] == ["Le ministère examine la demande"]
