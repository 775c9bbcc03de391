"""Rebuild analysis/tone/data/ (the tone-toward model) from NewsMTSC's train split; print dev.

    pip install -e '.[train]'
    python scripts/train_tone.py            # writes tone.npz and tone.sha256, prints figures

Trained on ../shared/corpora/newsmtsc/train.jsonl only, chosen on dev.jsonl only: the paper's
test split is held out. The word vectors are wordllama's l2_supercat_256 (in its wheel, MIT);
only a learned projection of them to DIM dimensions ships, for train's words, VADER's and the
tokenizer's whole words (analysis/tone/data/NOTICE.md). Seeded and one-threaded,
so the same machine rebuilds the same arrays (the checksum says so).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import string
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.sentiment import analyzer  # noqa: E402
from analysis.sentiment import score as vader_score  # noqa: E402
from analysis.tone import features  # noqa: E402
from analysis.tone.model import CHECKSUM, LABELS, WEIGHTS, ToneModel, checksum  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "newsmtsc"
DATA = ROOT / "analysis" / "tone" / "data"
POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}
# DIM: the shipped word table's width; MODELS: nets averaged.
DIM, HIDDEN, EPOCHS, SEED, MODELS = 64, 128, 12, 19, 3
# The short retrain whose checksum tests/test_tone_train.py rebuilds: the first SAMPLE targets.
SAMPLE, SAMPLE_EPOCHS = 400, 2


def read_split(path: Path) -> tuple[list[tuple[str, int, int]], np.ndarray]:
    """(sentence, start, end) of each target, and its label index."""
    mentions, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for t in row["targets"]:
            mentions.append((row["sentence_normalized"], t["from"], t["to"]))
            labels.append(POLARITY[t["polarity"]])
    return mentions, np.asarray(labels)


def word_vectors(train: list[tuple[str, int, int]]) -> tuple[list[str], np.ndarray]:
    """The vocabulary (train's words as written and lower-cased, VADER's lexicon, the
    tokenizer's whole words) and each word's vector: the mean of its tokens' embeddings."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("wordllama is not installed: pip install -e '.[train]'")
    home = Path(spec.submodule_search_locations[0])
    emb = load_file(str(home / "weights" / "l2_supercat_256.safetensors"))["embedding.weight"]
    tok = Tokenizer.from_file(str(home / "tokenizers" / "l2_supercat_tokenizer_config.json"))
    words = set()
    for sentence in {m[0] for m in train}:
        for text, _, _ in features.tokens(sentence):
            words.update((text, text.lower().replace("’", "'")))
    words.update(w for w in analyzer().lexicon if w.isalpha())
    for piece in tok.get_vocab():
        if piece.startswith("▁") and piece[1:].isalpha():
            words.add(piece[1:])
    words.update(string.punctuation + "“”‘’—–")
    vocab = sorted(words)
    vectors = np.zeros((len(vocab) + 1, emb.shape[1]), dtype=np.float32)
    for i, enc in enumerate(tok.encode_batch(vocab, add_special_tokens=False), start=1):
        ids = [t for t in enc.ids if t != tok.token_to_id("▁")] or enc.ids
        vectors[i] = emb[ids].astype(np.float32).mean(axis=0)
    # Unit length, as wordllama's own vectors: a word's length says little of its tone.
    vectors[1:] /= np.maximum(np.linalg.norm(vectors[1:], axis=1, keepdims=True), 1e-6)
    return vocab, vectors


def design(mentions, vocab: dict[str, int], vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pooled vectors and scalars of each mention, in chunks (the running sums are big)."""
    pooled, scalars = [], []
    for i in range(0, len(mentions), 1024):
        batch = features.build(mentions[i : i + 1024], vocab, analyzer().lexicon)
        pooled.append(batch.pooled(vectors))
        scalars.append(batch.scalars)
    return np.vstack(pooled), np.vstack(scalars)


def train_net(
    pooled,
    scalars,
    y,
    seed: int,
    epochs: int = EPOCHS,
    dim: int = DIM,
    hidden: int = HIDDEN,
    dropout: float = 0.3,
    lr: float = 2e-3,
    decay: float = 1e-2,
):
    """A shared projection of every pool to `dim`, VADER's scalars beside, one hidden layer."""
    import torch

    torch.manual_seed(seed)
    k = len(features.REGIONS)
    mean, std = scalars.mean(axis=0), scalars.std(axis=0) + 1e-6
    xp = torch.tensor(pooled.reshape(len(y), k, -1))
    xs = torch.tensor((scalars - mean) / std)
    yt = torch.tensor(y)
    proj = torch.nn.Linear(xp.shape[2], dim, bias=False)
    l1 = torch.nn.Linear(k * dim + xs.shape[1], hidden)
    l2 = torch.nn.Linear(hidden, len(LABELS))
    params = [*proj.parameters(), *l1.parameters(), *l2.parameters()]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=decay)
    counts = np.bincount(y, minlength=len(LABELS))
    loss_fn = torch.nn.CrossEntropyLoss(
        weight=torch.tensor(len(y) / (len(LABELS) * counts), dtype=torch.float32)
    )
    drop = torch.nn.Dropout(dropout)
    gen = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        for idx in torch.randperm(len(y), generator=gen).split(64):
            h = torch.cat([drop(proj(xp[idx])).flatten(1), xs[idx]], dim=1)
            loss = loss_fn(l2(drop(torch.relu(l1(h)))), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    with torch.no_grad():
        return {
            "proj": proj.weight.T.numpy().copy(),
            "mean": mean.astype(np.float32),
            "std": std.astype(np.float32),
            "w1": l1.weight.T.numpy().copy(),
            "b1": l1.bias.numpy().copy(),
            "w2": l2.weight.T.numpy().copy(),
            "b2": l2.bias.numpy().copy(),
        }


def export(vocab: list[str], table: np.ndarray, nets: list[dict]) -> dict[str, np.ndarray]:
    """The shipped arrays: the word table as int8 with a scale per column; each net's
    projection of it folded into its first layer; an ensemble as one wider net (hidden layers
    side by side, logits averaged)."""
    k, m = len(features.REGIONS), len(nets)
    dim = nets[0]["proj"].shape[1]
    scale = np.abs(table).max(axis=0) / 127 + 1e-12
    w1 = np.vstack(
        [np.hstack([n["proj"] @ n["w1"][r * dim : (r + 1) * dim] for n in nets]) for r in range(k)]
        + [np.hstack([n["w1"][k * dim :] for n in nets])]
    )
    return {
        "words": np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
        "table": np.round(table / scale).astype(np.int8),
        "table_scale": scale.astype(np.float32),
        "mean": nets[0]["mean"],
        "std": nets[0]["std"],
        "w1": w1.astype(np.float32),
        "b1": np.concatenate([n["b1"] for n in nets]),
        "w2": (np.vstack([n["w2"] for n in nets]) / m).astype(np.float32),
        "b2": np.mean([n["b2"] for n in nets], axis=0).astype(np.float32),
    }


def macro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    f1 = []
    for c in range(len(LABELS)):
        tp = np.sum((pred == c) & (y == c))
        p, r = tp / max(np.sum(pred == c), 1), tp / max(np.sum(y == c), 1)
        f1.append(2 * p * r / (p + r) if p + r else 0.0)
    return float(np.mean(f1))


def vader_label(compound: np.ndarray) -> np.ndarray:
    return np.where(compound >= 0.05, 2, np.where(compound <= -0.05, 0, 1))


def vader_window(sentence: str, start: int, end: int, words: int = 8) -> str:
    """The eight words either side of the mention, without it: the issue's VADER window."""
    left, right = sentence[:start].split(), sentence[end:].split()
    return " ".join(left[-words:] + right[:words])


def build(
    train_mentions,
    train_y,
    seed: int = SEED,
    epochs: int = EPOCHS,
    dim: int = DIM,
    models: int = MODELS,
) -> dict[str, np.ndarray]:
    """The shipped arrays from the train split: `models` nets, seeds seed, seed + 1, ..."""
    import torch

    torch.set_num_threads(1)
    vocab, vectors = word_vectors(train_mentions)
    index = {w: i + 1 for i, w in enumerate(vocab)}
    pooled, scalars = design(train_mentions, index, vectors)
    first = train_net(pooled, scalars, train_y, seed, epochs, dim)
    # The first net's projection of the 256-dimensional vectors is the one table that ships;
    # the other nets of the ensemble learn on top of it, so it ships once.
    table = (vectors @ first["proj"]).astype(np.float32)
    nets = [dict(first, proj=np.eye(dim, dtype=np.float32))]
    if models > 1:
        pooled = design(train_mentions, index, table)[0]
        nets += [
            train_net(pooled, scalars, train_y, seed + j, epochs, dim) for j in range(1, models)
        ]
    return export(vocab, table, nets)


def sample_checksum() -> str:
    """The checksum of the short retrain (SAMPLE targets, SAMPLE_EPOCHS epochs)."""
    train, y = read_split(CORPUS / "train.jsonl")
    return checksum(build(train[:SAMPLE], y[:SAMPLE], SEED, SAMPLE_EPOCHS, DIM, 1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA, help="folder for the arrays")
    args = parser.parse_args()
    train, y = read_split(CORPUS / "train.jsonl")
    dev, dev_y = read_split(CORPUS / "dev.jsonl")
    arrays = build(train, y)
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out / WEIGHTS, **arrays)
    digest = checksum(arrays)
    sample = f"{sample_checksum()}  sample-{SAMPLE}-targets-{SAMPLE_EPOCHS}-epochs"
    (args.out / CHECKSUM).write_text(f"{digest}  {WEIGHTS}\n{sample}\n")
    model = ToneModel(arrays, analyzer().lexicon)
    pred = model.probabilities(dev).argmax(axis=1)
    sentence = vader_label(np.array([vader_score(s)[0] for s, _, _ in dev]))
    window = vader_label(np.array([vader_score(vader_window(*m))[0] for m in dev]))
    print(f"train {len(y)} targets; dev {len(dev_y)}; sha256 {digest}")
    print(
        f"dev macro-F1: model {macro_f1(dev_y, pred):.3f}; VADER sentence "
        f"{macro_f1(dev_y, sentence):.3f}; VADER 8-word window {macro_f1(dev_y, window):.3f}"
    )
    print(f"dev accuracy: model {np.mean(pred == dev_y):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
