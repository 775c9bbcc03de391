"""benchmarks/found_ner.py on a small CoNLL-2003-format file written here."""

from __future__ import annotations

from pathlib import Path

from benchmarks import found_ner

# Sentences in the CoNLL-2003 format (token, POS, chunk, IOB1 tag), written for this test.
CONLL = """-DOCSTART- -X- O O

BRAZIL NNP I-NP I-LOC
TAX NN I-NP O
PLAN NN I-NP O

Finance NNP I-NP O
Minister NNP I-NP O
Fernando NNP I-NP I-PER
Haddad NNP I-NP I-PER
told VBD I-VP O
the DT I-NP O
Senate NNP I-NP I-ORG
on IN I-PP O
Monday NNP I-NP O
. . O O

-DOCSTART- -X- O O

Haddad NNP I-NP I-PER
and CC O O
Lira NNP I-NP B-PER
met VBD I-VP O
Brazilian JJ I-NP I-MISC
bankers NNS I-NP O
. . O O
"""


def test_reads_documents_sentences_and_gold_spans(tmp_path: Path) -> None:
    path = tmp_path / "mini.conll"
    path.write_text(CONLL, encoding="utf-8")
    docs = found_ner.read_conll(path)
    assert len(docs) == 2
    assert docs[0].text.split("\n")[1].startswith("Finance Minister Fernando Haddad")
    assert docs[0].starts == [0, docs[0].text.index("Finance")]
    assert docs[0].gold == {(0, 1, "LOC"), (5, 7, "PER"), (9, 10, "ORG")}
    assert docs[1].gold == {(0, 1, "PER"), (2, 3, "PER"), (4, 5, "MISC")}


def test_scores_and_prints(tmp_path: Path, capsys) -> None:
    path = tmp_path / "mini.conll"
    path.write_text(CONLL, encoding="utf-8")
    sc, _ = found_ner.score(found_ner.read_conll(path))
    p, r, _ = sc.prf("PER")
    assert sc.tp["PER"] >= 2
    assert 0 < p <= 1
    assert 0 < r <= 1
    assert found_ner.main([str(path), "--reuters", str(tmp_path / "absent.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "PER" in out
    assert "MB/s" in out


def test_refuses_a_missing_file(tmp_path: Path, capsys) -> None:
    assert found_ner.main([str(tmp_path / "absent.conll")]) == 2
    assert "CoNLL-2003" in capsys.readouterr().err
