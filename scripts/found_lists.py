"""Rebuild the word lists of analysis/found/data/ from their public sources.

    python scripts/found_lists.py CENSUS_DIR DICT_FILE

CENSUS_DIR holds dist.male.first, dist.female.first and dist.all.last, the 1990 US Census
given-name and surname frequency lists (public domain), as the PyPI sdist of `names` 0.3.0
ships them (`pip download --no-deps --no-binary :all: names==0.3.0`). DICT_FILE is SCOWL's
american-english as Debian's `wamerican` 2020.12.07-2 ships it (`apt-get download wamerican`).
The app only reads the built files: nothing is fetched at run time.
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "analysis" / "found" / "data"
HAND_NAMES = OUT / "given_names_world.txt"  # hand-curated, kept by hand, read here to dedupe

# Census given names that are mostly something else at the head of a capitalised run.
NOT_GIVEN = set(
    """
    Will May June April August Guy Bill Mark Art Long Major King Rose Sun Van Du Le La Lane
    Grant Chase Hope Faith Joy Dean Royal Price Young Love Page Reed Rich Ray Lee Jack China
    Summer Winter Autumn Precious Golden Sterling Justice Liberty Story Major Sky Star Earl
    Marshal Marshall General Deputy Judge Pope Christian Cardinal Bishop Major Sunday Monday
    Tuesday Wednesday Thursday Friday Saturday January February March October November December
    """.split()
)


def given_names(census: Path) -> list[str]:
    names = set()
    for file in ("dist.male.first", "dist.female.first"):
        for line in (census / file).read_text().splitlines():
            if line.strip():
                names.add(line.split()[0].capitalize())
    return sorted(names - NOT_GIVEN)


def surnames(census: Path, words: list[str]) -> list[str]:
    """Surnames borne by 0.002% of the 1990 census or more (7,500), less English words."""
    lower = set(words)
    names = []
    for line in (census / "dist.all.last").read_text().splitlines():
        parts = line.split()
        if parts and float(parts[1]) >= 0.002 and parts[0].lower() not in lower:
            names.append(parts[0].capitalize())
    return sorted(set(names))


def lower_words(dict_file: Path) -> list[str]:
    """Every lower-case word of the dictionary: what a capital at a sentence's start or in a
    headline may be hiding."""
    words = {w.strip() for w in dict_file.read_text(encoding="utf-8").splitlines()}
    return sorted(w for w in words if w.islower() and "'" not in w and len(w) > 1)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    census, dict_file = Path(argv[0]), Path(argv[1])
    (OUT / "given_names_census.txt").write_text("\n".join(given_names(census)) + "\n")
    words = lower_words(dict_file)
    (OUT / "lower_words.txt").write_text("\n".join(words) + "\n")
    (OUT / "surnames_census.txt").write_text("\n".join(surnames(census, words)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
