"""The tone interval with articles as the independent unit, and Student's t
(analysis/interval.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.interval import t95, t_cdf_two_sided, tone_interval
from analysis.trends import trends

# Published two-sided 95% critical values (three decimals) by degrees of freedom.
TABLE = {
    1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
    9: 2.262, 10: 2.228, 15: 2.131, 20: 2.086, 25: 2.060, 29: 2.045, 30: 2.042, 31: 2.040,
    40: 2.021, 50: 2.009, 60: 2.000, 80: 1.990, 100: 1.984, 120: 1.980, 1000: 1.962,
}  # fmt: skip


@pytest.mark.parametrize(("df", "expected"), TABLE.items())
def test_interval_t95_matches_the_table(df: int, expected: float) -> None:
    assert round(t95(df), 3) == expected


def test_interval_t95_solves_the_distribution_and_never_jumps() -> None:
    values = [t95(df) for df in range(1, 400)]
    for df in (1, 2, 7, 30, 31, 101, 200):
        assert t_cdf_two_sided(t95(df), df) == pytest.approx(0.95, abs=1e-12)
    # Falling towards the normal's 1.96 for every n: no step at 31 nor where the series starts.
    steps = np.diff(values)
    assert (steps < 0).all()
    assert abs(steps[199]) < abs(steps[198]) * 1.01
    assert t95(10**7) == pytest.approx(1.959964, abs=1e-6)
    assert math.isnan(t95(0))


def sums_of(articles: list[list[float]]) -> dict[str, np.ndarray]:
    """tone_interval's sums of one group of articles (each a list of sentence compounds)."""
    s = np.array([sum(a) for a in articles])
    n = np.array([len(a) for a in articles], dtype=float)
    m = s / n
    return {
        k: np.array([v])
        for k, v in {
            "sentences": n.sum(), "tone_sum": s.sum(), "articles": len(articles),
            "art_s2": (s * s).sum(), "art_ns": (n * s).sum(), "art_n2": (n * n).sum(),
            "art_mean": m.sum(), "art_mean2": (m * m).sum(),
        }.items()
    }  # fmt: skip


def test_interval_one_article_has_no_band() -> None:
    # Ten sentences of one author's view: a mean, but nothing about other articles.
    tone, low, high = tone_interval(
        sums_of([[0.3, 0.31, 0.29, 0.3, 0.32, 0.28, 0.3, 0.3, 0.3, 0.3]])
    )
    assert tone[0] == pytest.approx(0.3)
    assert math.isnan(low[0])
    assert math.isnan(high[0])


def test_interval_matches_the_cluster_robust_sandwich() -> None:
    rng = np.random.default_rng(7)
    arts = [list(rng.uniform(-0.8, 0.8, size=k) + rng.uniform(-0.3, 0.3)) for k in (1, 4, 9, 2, 6)]
    tone, low, high = tone_interval(sums_of(arts))
    y = np.concatenate(arts)
    cluster = np.repeat(np.arange(len(arts)), [len(a) for a in arts])
    # OLS of y on a constant, CR1 variance: (X'X)^-1 Σ_g (X_g'u_g)² (X'X)^-1 · G/(G-1).
    u = y - y.mean()
    meat = sum(u[cluster == g].sum() ** 2 for g in range(len(arts)))
    se = math.sqrt(len(arts) / (len(arts) - 1) * meat / len(y) ** 2)
    naive = y.std(ddof=1) / math.sqrt(len(y))
    assert tone[0] == pytest.approx(y.mean())
    assert high[0] - tone[0] == pytest.approx(t95(len(arts) - 1) * se)
    assert tone[0] - low[0] == pytest.approx(t95(len(arts) - 1) * se)
    assert se > naive  # articles that differ: the sentence-by-sentence band was too narrow


def test_interval_two_opposite_articles() -> None:
    arts = [[0.5] * 6, [-0.5] * 6]
    tone, low, high = tone_interval(sums_of(arts))
    assert tone[0] == pytest.approx(0.0)
    assert (low[0], high[0]) == (-1, 1)  # t with 1 degree of freedom: ±12.7 · 0.5, clipped


def test_interval_per_article_weighting() -> None:
    arts = [[0.6] * 8, [0.2], [0.1, 0.3], [0.4]]
    means = np.array([0.6, 0.2, 0.2, 0.4])
    tone, low, high = tone_interval(sums_of(arts), "article")
    margin = t95(3) * means.std(ddof=1) / math.sqrt(4)
    assert tone[0] == pytest.approx(means.mean())
    assert (low[0], high[0]) == pytest.approx((means.mean() - margin, means.mean() + margin))
    by_sentence, _, _ = tone_interval(sums_of(arts))
    assert by_sentence[0] == pytest.approx(
        (4.8 + 0.2 + 0.4 + 0.4) / 12
    )  # the long article weighs more
    with pytest.raises(ValueError, match="weight"):
        tone_interval(sums_of(arts), "word")


def test_interval_trends_weight_per_article() -> None:
    rows = [("a1", i, 0.6) for i in range(8)] + [("a2", 0, -0.2), ("a3", 0, 0.1), ("a3", 1, 0.3)]
    facts = pd.DataFrame(rows, columns=["article_id", "sent_idx", "compound"]).assign(
        actor_id="nato", hits=1, published=pd.Timestamp("2023-09-05"), source="Wire"
    )
    articles = facts[["article_id", "published"]].drop_duplicates()
    per_article = trends(facts, articles, freq="W", weight="article").iloc[0]
    per_sentence = trends(facts, articles, freq="W").iloc[0]
    assert per_article["tone"] == pytest.approx(0.2)
    assert per_sentence["tone"] == pytest.approx(5.0 / 11)
    assert per_article["sentences"] == per_sentence["sentences"] == 11
