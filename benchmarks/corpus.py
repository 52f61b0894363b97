"""A deterministic generator of realistic Arabic news corpora of any size, from the seeds.

Articles recombine the seeds' paragraphs (cleaned by fahras's own reader), swap company,
person and place names for others of the catalogue in their Arabic spellings, vary the
figures, and keep the seeds' article lengths. The same size and seed give the same corpus.

    python benchmarks/corpus.py 10000 /tmp/corpus10k
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from fahras.index.catalogue import load_catalogue
from fahras.index.corpus import read_paths
from fahras.index.store import bundled_seeds

_NUMBER = re.compile(r"\d+")


def _material():
    articles = [a for a in read_paths([bundled_seeds()]) if hasattr(a, "paragraphs")]
    paragraphs = [p for a in articles for p in a.paragraphs if len(p) > 40]
    titles = [a.title for a in articles]
    lengths = [len(a.paragraphs) for a in articles]
    catalogue = load_catalogue(use_default_user_file=False)
    names = {kind: [e.name_ar for e in catalogue.of_kind(kind)]
             for kind in ("company", "person", "place")}
    return paragraphs, titles, lengths, names


def _swaps(names: dict[str, list[str]]) -> list[tuple[str, str]]:
    # Names the seeds use most, each replaced by a random entity of its kind.
    return [("إنفيديا", "company"), ("OpenAI", "company"), ("TSMC", "company"),
            ("سامسونج", "company"), ("ألتمان", "person"), ("تايوان", "place"),
            ("الإمارات", "place")]


def generate(count: int, seed: int = 7):
    """Yield ``(name, text)`` for ``count`` articles."""
    rng = random.Random(seed)
    paragraphs, titles, lengths, names = _material()
    swaps = _swaps(names)
    for number in range(count):
        size = rng.choice(lengths) + rng.randint(-3, 3)
        body = [rng.choice(paragraphs) for _ in range(max(3, size))]
        title = rng.choice(titles)
        text = "\n".join([title, *body])
        for original, kind in swaps:
            if rng.random() < 0.6:
                text = text.replace(original, rng.choice(names[kind]))
        text = _NUMBER.sub(lambda m: str(rng.randint(1, 999)) if rng.random() < 0.3
                           else m.group(), text)
        yield f"gen_{number:06d}", text


def write_corpus(count: int, folder: Path, seed: int = 7) -> Path:
    """Write the corpus as text files, 1,000 to a sub-folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in generate(count, seed):
        sub = folder / name[4:7]
        sub.mkdir(exist_ok=True)
        (sub / f"{name}.txt").write_text(text, "utf-8")
    return folder


def write_giant(folder: Path, megabytes: float = 19, seed: int = 11) -> Path:
    """One article of ``megabytes`` MB on a single line after its title (an archive dump
    saved as one article), made of the generated articles' paragraphs."""
    parts: list[str] = []
    size = 0
    for _, text in generate(10_000, seed):
        for line in text.split("\n")[1:]:
            parts.append(line)
            size += len(line.encode()) + 1
        if size >= megabytes * 2**20:
            break
    body = " ".join(parts).encode()[:int(megabytes * 2**20)].decode("utf-8", "ignore")
    path = folder / "giant.txt"
    path.write_text("مقال على سطر واحد\n" + body.rsplit(" ", 1)[0], "utf-8")
    return path


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"benchmarks/out/corpus-{size}")
    print(write_corpus(size, out))
