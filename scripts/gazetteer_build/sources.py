"""Readers of the committed source files under data/gazetteer/sources/."""

from __future__ import annotations

import csv
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "data" / "gazetteer" / "sources"
MLEDOZE = "mledoze-countries.csv"
MLEDOZE_COLUMNS = [
    "cca2",
    "cca3",
    "common",
    "official",
    "alt",
    "capital",
    "demonyms",
    "independent",
    "un_member",
]


def read(name: str, sources: Path = SOURCES) -> list[dict[str, str]]:
    """The rows of a source CSV, each cell stripped."""
    with open(sources / name, encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def extract_mledoze(countries_json: Path, out: Path) -> int:
    """Write the columns the build takes from mledoze/countries' countries.json (ODbL)."""
    rows = []
    for c in json.loads(Path(countries_json).read_text(encoding="utf-8")):
        eng = (c.get("demonyms") or {}).get("eng") or {}
        demonyms = list(dict.fromkeys(d for d in (eng.get("m"), eng.get("f")) if d))
        rows.append(
            {
                "cca2": c["cca2"],
                "cca3": c["cca3"],
                "common": c["name"]["common"],
                "official": c["name"]["official"],
                "alt": "|".join(a.replace("|", " ") for a in c.get("altSpellings", [])),
                "capital": "|".join(c.get("capital", [])),
                "demonyms": "|".join(demonyms),
                "independent": str(bool(c.get("independent"))).lower(),
                "un_member": str(bool(c.get("unMember"))).lower(),
            }
        )
    rows.sort(key=lambda r: r["cca2"])
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, MLEDOZE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
