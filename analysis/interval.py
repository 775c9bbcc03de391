"""The 95% interval of a mean tone, with the article as the independent unit.

Sentences of one article share an author, a subject and a moment: they are not independent
draws, and an interval that treats them so is too narrow (ten sentences of one article give a
tight band about one author's view). So every interval here is a cluster-robust one, the
clusters being articles:

- Per sentence (the default weighting: every sentence naming the actor counts once, so long
  articles weigh more): the mean is sum(y) / n over the n sentences; its standard error is the
  CR1 cluster-robust one, se² = G / (G - 1) · Σ_g (S_g - n_g · mean)² / n², where article g
  holds n_g of the sentences with compounds summing to S_g, and G is the number of articles.
- Per article (every article counts once, whatever its length): the mean of the G article
  means, with the plain standard error of those means, sd / √G.

Either way the critical value is Student's t with G - 1 degrees of freedom, computed exactly for
every G (`t95`), and there is no interval from a single article. The sums come per actor, day
and source (analysis.trends.daily), which add up over any period because an article has one day
and one source.
"""

from __future__ import annotations

import functools
import math

import numpy as np

WEIGHTS = ("sentence", "article")
# The per-article sums of a group's sentences (see tone_interval), as analysis.trends.daily
# keeps them per actor, day and source.
ARTICLE_SUMS = ["art_s2", "art_ns", "art_n2", "art_mean", "art_mean2"]
Z975 = 1.959963984540054  # the standard normal's 97.5% quantile
_EXACT_UP_TO = 200  # degrees of freedom solved on the exact distribution; beyond, a series


def t_cdf_two_sided(t: float, df: int) -> float:
    """P(|T| <= t) for Student's T with df (a positive integer) degrees of freedom: the finite
    series of Abramowitz & Stegun 26.7.3 (odd df) and 26.7.4 (even df), exact."""
    theta = math.atan(t / math.sqrt(df))
    c2 = math.cos(theta) ** 2
    if df % 2:  # odd
        if df == 1:
            return 2 * theta / math.pi
        term, total = math.cos(theta), math.cos(theta)
        for k in range(3, df - 1, 2):  # cos θ · (2·4···(k-1)) / (1·3···k) · cos^(k-1) θ
            term *= c2 * (k - 1) / k
            total += term
        return 2 / math.pi * (theta + math.sin(theta) * total)
    term, total = 1.0, 1.0
    for k in range(2, df - 1, 2):  # (1·3···(k-1)) / (2·4···k) · cos^k θ
        term *= c2 * (k - 1) / k
        total += term
    return math.sin(theta) * total


@functools.lru_cache(maxsize=4096)
def t95(df: int) -> float:
    """The two-sided 95% critical value of Student's t with df degrees of freedom (NaN below
    1). Up to 200 degrees of freedom, solved by bisection on the exact distribution; beyond,
    the Cornish-Fisher series of Abramowitz & Stegun 26.7.5 to the fourth order, whose error
    there is below 1e-11."""
    if df < 1:
        return math.nan
    if df > _EXACT_UP_TO:
        x, v = Z975, float(df)
        g1 = (x**3 + x) / 4
        g2 = (5 * x**5 + 16 * x**3 + 3 * x) / 96
        g3 = (3 * x**7 + 19 * x**5 + 17 * x**3 - 15 * x) / 384
        g4 = (79 * x**9 + 776 * x**7 + 1482 * x**5 - 1920 * x**3 - 945 * x) / 92160
        return x + g1 / v + g2 / v**2 + g3 / v**3 + g4 / v**4
    if df == 1:
        return math.tan(0.95 * math.pi / 2)  # Cauchy: closed form
    low, high = Z975, 13.0
    while t_cdf_two_sided(high, df) < 0.95:
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        if t_cdf_two_sided(mid, df) < 0.95:
            low = mid
        else:
            high = mid
        if high - low < 1e-13:
            break
    return (low + high) / 2


def t95s(df: np.ndarray) -> np.ndarray:
    """t95 of each number of degrees of freedom (computed once per distinct value)."""
    df = np.asarray(df, dtype=np.int64)
    distinct, at = np.unique(df, return_inverse=True)
    return np.array([t95(int(d)) for d in distinct], dtype=np.float64)[at].reshape(df.shape)


def tone_interval(
    sums: dict[str, np.ndarray], weight: str = "sentence"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(mean tone, low, high) of each group, by the module docstring's definition.

    Needs the group's sums (analysis.trends.daily's columns, summed): sentences (n), tone_sum
    (Σ y), articles (G), art_s2 (Σ_g S_g²), art_ns (Σ_g n_g S_g), art_n2 (Σ_g n_g²), and for
    the per-article weighting art_mean (Σ_g S_g / n_g) and art_mean2 (Σ_g (S_g / n_g)²). The
    bounds are NaN where there are fewer than two articles, and kept inside -1..1.
    """
    if weight not in WEIGHTS:
        raise ValueError(f"weight must be one of {', '.join(WEIGHTS)}, not {weight!r}")
    # The scored sentences and articles where given (analysis.trends.daily): not the others.
    n, g = sums.get("scored", sums["sentences"]), sums.get("scored_articles", sums["articles"])
    with np.errstate(invalid="ignore", divide="ignore"):
        if weight == "sentence":
            tone = sums["tone_sum"] / n
            spread = sums["art_s2"] - 2 * tone * sums["art_ns"] + tone * tone * sums["art_n2"]
            var = g / (g - 1) * np.maximum(spread, 0.0) / (n * n)
        else:
            tone = sums["art_mean"] / g
            spread = np.maximum(sums["art_mean2"] - g * tone * tone, 0.0)
            var = spread / (g - 1) / g
        margin = np.where(g >= 2, t95s(np.maximum(g - 1, 0)) * np.sqrt(var), np.nan)
    return tone, np.clip(tone - margin, -1, None), np.clip(tone + margin, None, 1)
