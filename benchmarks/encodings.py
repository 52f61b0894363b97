"""How often each way of reading a file that is not UTF-8 gets its text right.

    python benchmarks/encodings.py

Samples: Arabic in Windows-1256 and in ISO-8859-6 (the seeds' paragraphs, headlines, short
words), Western European text in Windows-1252/Latin-1 (short and long), each as the bytes
of a file. Printed: for each reader, how many samples of each kind it decoded to exactly
the text that was written, and the ones it got wrong.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from charset_normalizer import from_bytes

from fahras.index.corpus import LEGACY_ENCODINGS, UnreadableFile, decode

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SHORT_ARABIC = ["قال", "ما", "في", "خبر عاجل", "إنفيديا", "سامسونج تعلن عن رقائق جديدة",
                "رقائق TSMC في تايوان", "Café في القاهرة", "كتب : دينا كمال\nعنوان قصير\nالنص."]
LATIN = ["España", "Café crème à Paris", "Müller sagte, dass die Nachfrage steigt.",
         "El niño pidió una canción en España.", "Señor Núñez", "Ça va", "naïve façade",
         "São Paulo é uma cidade", "Zürich", "Ærø og Øresund", "résumé", "Ñandú",
         "Le président a annoncé à Genève que la société française investirait 3 milliards "
         "d'euros dans une usine de puces électroniques près de Grenoble. " * 8,
         "La compañía española Telefónica anunció que el año próximo invertirá en "
         "centros de datos en Andalucía y Cataluña. " * 8]


def samples() -> list[tuple[str, str, bytes]]:
    """(kind, text, bytes) for every sample."""
    paragraphs = [line for path in sorted(SEEDS.glob("*.txt"))
                  for line in path.read_text("utf-8").splitlines() if line.strip()]
    arabic = [p for p in paragraphs + SHORT_ARABIC if _encodes(p, "cp1256")]
    out = [("Arabic, Windows-1256", text, text.encode("cp1256")) for text in arabic]
    out += [("Arabic, ISO-8859-6", text, text.encode("iso8859_6")) for text in arabic
            if _encodes(text, "iso8859_6")]
    out += [("Latin, Windows-1252", text, text.encode("cp1252")) for text in LATIN]
    return out


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def hand_written_rule(data: bytes) -> str:
    """What fahras did before: UTF-8, else Windows-1256."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1256", "replace")


def detector_unrestricted(data: bytes) -> str:
    best = from_bytes(data).best()
    return str(best) if best else ""


def detector_restricted(data: bytes) -> str:
    best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    return str(best) if best else ""


def fahras_decode(data: bytes) -> str:
    try:
        return decode(data)
    except UnreadableFile:
        return ""


def main() -> None:
    cases = samples()
    kinds = list(dict.fromkeys(kind for kind, _, _ in cases))
    readers = [hand_written_rule, detector_unrestricted, detector_restricted, fahras_decode]
    print(f"{'reader':26}" + "".join(f"{kind:>24}" for kind in kinds))
    for reader in readers:
        right = {kind: [0, 0] for kind in kinds}
        wrong = []
        for kind, text, data in cases:
            ok = reader(data) == text
            right[kind][0] += ok
            right[kind][1] += 1
            if not ok:
                wrong.append(text[:20])
        print(f"{reader.__name__:26}" + "".join(f"{f'{r}/{n} right':>24}"
                                                for r, n in right.values()))
        if wrong:
            print(f"{'':26}wrong: {', '.join(repr(w) for w in wrong[:8])}"
                  + (f" and {len(wrong) - 8} more" if len(wrong) > 8 else ""))


if __name__ == "__main__":
    main()
