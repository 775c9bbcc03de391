"""Rebuild data/gazetteer/ (the world gazetteer): python scripts/gazetteer.py [--out DIR]."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.gazetteer_build.build import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
