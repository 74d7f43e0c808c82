"""Diacritic restoration and OCR-confusion repair over a syllable language model.

Text typed without a Vietnamese keyboard, or read by an OCR engine trained for English, loses
its diacritics (``Ke hoach thuc hien`` for ``Kế hoạch thực hiện``) and sometimes letters too
(``hgc`` for ``học``). For each word the restorer lists candidate syllables (every accented
form sharing its letters, plus what :mod:`~viplan_ocr.normalize.channel` says an OCR engine
could have misread), then picks the most likely sequence line by line with the n-gram model of
:mod:`viplan_ocr.lexicon`: a bigram pass prunes each word's candidates, a trigram Viterbi pass
chooses among the survivors. Each replacement becomes a :class:`~viplan_ocr.document.Change`
with a confidence; those below ``restore_min_confidence`` are recorded but not made.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import regex

from viplan_ocr.document import Change
from viplan_ocr.lexicon import model
from viplan_ocr.normalize import channel
from viplan_ocr.normalize.syllables import apply_case
from viplan_ocr.normalize.tokens import BOS, EOS, TOKEN, UNK, lm_symbol

if TYPE_CHECKING:
    from viplan_ocr.normalize import CleanConfig

#: Candidates whose bigram max-marginal trails the best by more than this (nats) are pruned.
PRUNE_MARGIN = 7.0
#: At most this many candidates per word survive into the trigram pass.
PRUNE_KEEP = 4
#: The language model reads both ways, so its scores count about twice: so does the channel.
CHANNEL_WEIGHT = 2.0
#: In text that is accented already, an unaccented word is more likely a name or a deliberate
#: spelling (``Trường THCS Bình Cang``) than lost marks: ask for this confidence.
ACCENTED_TEXT_MIN_CONFIDENCE = 0.95


_DAMAGED_OR_TOKEN = regex.compile(f"(?P<damaged>{channel.DAMAGED_WORD.pattern})|{TOKEN.pattern}")


@dataclass(frozen=True, slots=True)
class Slot:
    """One token of a line: where it is, and the readings the decoder may choose from."""

    start: int
    end: int
    text: str
    candidates: tuple[channel.Candidate, ...]


def restore(text: str, config: CleanConfig) -> tuple[str, list[Change]]:
    """Restore diacritics and repair OCR letter confusions, line by line.

    >>> from viplan_ocr.normalize import CleanConfig
    >>> restore("Ke hoach thuc hien Chuong trinh hanh dong vi tre em", CleanConfig())[0]
    'Kế hoạch thực hiện Chương trình hành động vì trẻ em'
    >>> restore("Thurc hien K§ hoach s6 342/KH-SGDDT", CleanConfig())[0]
    'Thực hiện Kế hoạch số 342/KH-SGDĐT'
    """
    words = [m.group() for m in _DAMAGED_OR_TOKEN.finditer(text) if m.lastgroup in ("word", "damaged")]
    mix = channel.document_mix(words)
    min_confidence = config.restore_min_confidence
    if mix.trust_accents:
        min_confidence = max(min_confidence, ACCENTED_TEXT_MIN_CONFIDENCE)
    changes: list[Change] = []
    offset = 0
    for line in text.split("\n"):
        if any(c.isalpha() for c in line):
            changes.extend(_restore_line(line, offset, mix, min_confidence))
        offset += len(line) + 1
    if not changes:
        return text, changes
    parts, last = [], 0
    for change in changes:
        if change.applied:
            parts.append(text[last : change.start])
            parts.append(change.after)
            last = change.end
    parts.append(text[last:])
    return "".join(parts), changes


def _slots(line: str, mix: channel.Mix) -> list[Slot]:
    """The tokens of a line with their candidate readings.

    In accented text a word touching a digit (``gia1o``, typed with VNI codes) is left alone;
    in unaccented text a letter run with a digit in it (``s6``, ``h6i``) is one damaged word,
    and ``GD&DT`` one abbreviation.
    """
    slots = []
    pattern = _DAMAGED_OR_TOKEN
    for match in pattern.finditer(line):
        token = match.group()
        if mix.trust_accents and (match.lastgroup == "damaged" or _glued_to_digit(line, match.start(), match.end())):
            readings = (channel.as_written(token, UNK),)
        elif match.lastgroup == "damaged":
            readings = channel.candidates(token, UNK, mix)
        elif match.lastgroup == "word":
            readings = channel.candidates(token, lm_symbol(match), mix)
        else:
            readings = (channel.as_written(token, lm_symbol(match)),)
        slots.append(Slot(match.start(), match.end(), token, readings))
    return slots


def _restore_line(line: str, offset: int, mix: channel.Mix, min_confidence: float) -> list[Change]:
    """The changes that restore one line (offsets shifted by ``offset``).

    In accented text (``mix.trust_accents``), an unaccented Capitalised word is taken for a
    name spelt as its owner spells it (``Trường THCS Bình Cang``): a change to it is only
    suggested, never made.
    """
    slots = _slots(line, mix)
    if not any(len(s.candidates) > 1 or s.candidates[0].text != s.text.lower() for s in slots):
        return []
    start = BOS if line.lstrip()[:1].isupper() or not line.lstrip()[:1].isalpha() else UNK
    lattice = [(channel.fixed(start),), *(s.candidates for s in slots), (channel.fixed(EOS),)]
    best, confidence = decode(lattice)
    changes = []
    for slot, choice, conf in zip(slots, best[1:-1], confidence[1:-1], strict=True):
        candidate = slot.candidates[choice]
        after = apply_case(slot.text, candidate.text)
        if after == slot.text:
            continue
        applied = conf >= min_confidence and not (mix.trust_accents and slot.text[:1].isupper())
        changes.append(
            Change(
                "restore",
                offset + slot.start,
                offset + slot.end,
                slot.text,
                after,
                candidate.reason,
                round(conf, 3),
                applied=applied,
            )
        )
    return changes


def _glued_to_digit(line: str, start: int, end: int) -> bool:
    """Whether a word touches a digit."""
    return (start > 0 and line[start - 1].isdigit()) or (end < len(line) and line[end].isdigit())


def decode(lattice: list[tuple[channel.Candidate, ...]]) -> tuple[list[int], list[float]]:
    """Pick one candidate per position; return the choices and a confidence for each.

    A bigram forward-backward (max-product) pass scores every candidate by the best sequence
    through it; the few that come close survive into an exact second-order (trigram) Viterbi.
    The confidence of a choice is its share of the probability mass among its position's
    candidates with the chosen neighbours held fixed.
    """
    lm = model()
    symbols = [[c.symbol for c in cands] for cands in lattice]
    costs = [[CHANNEL_WEIGHT * c.cost for c in cands] for cands in lattice]
    keep = _prune(symbols, costs)
    symbols = [[s[k] for k in ks] for s, ks in zip(symbols, keep, strict=True)]
    costs = [[c[k] for k in ks] for c, ks in zip(costs, keep, strict=True)]
    n = len(lattice)

    # Trigram scores for every (w, x, y) over consecutive positions, in one vectorised call.
    triples: list[tuple[int, int, int]] = []
    for i in range(2, n):
        triples.extend((w, x, y) for w in symbols[i - 2] for x in symbols[i - 1] for y in symbols[i])
    arr = np.array(triples, dtype=np.int64).reshape(-1, 3)
    tri = iter(lm.trigram(arr[:, 0], arr[:, 1], arr[:, 2]).tolist())
    bigram0 = lm.bigram(np.array([symbols[0][0]] * len(symbols[1]), dtype=np.int64), np.array(symbols[1], dtype=np.int64))

    # delta[(xi, yi)] = best score of a path ending with candidates xi at i-1 and yi at i.
    delta = {(0, yi): b + costs[1][yi] for yi, b in enumerate(bigram0.tolist())}
    back: list[dict[tuple[int, int], int]] = [{}, {}]
    for i in range(2, n):
        k2, k1, k0 = len(symbols[i - 2]), len(symbols[i - 1]), len(symbols[i])
        scores = [next(tri) for _ in range(k2 * k1 * k0)]
        new_delta: dict[tuple[int, int], float] = {}
        pointers: dict[tuple[int, int], int] = {}
        for xi in range(k1):
            for yi in range(k0):
                best_w, best_score = 0, -math.inf
                for wi in range(k2):
                    score = delta[(wi, xi)] + scores[(wi * k1 + xi) * k0 + yi]
                    if score > best_score:
                        best_w, best_score = wi, score
                new_delta[(xi, yi)] = best_score + costs[i][yi]
                pointers[(xi, yi)] = best_w
        delta = new_delta
        back.append(pointers)
    (x_last, y_last) = max(delta, key=delta.__getitem__)
    path = [0] * n
    path[n - 1], path[n - 2] = y_last, x_last
    for i in range(n - 1, 1, -1):
        path[i - 2] = back[i][(path[i - 1], path[i])]
    confidence = _confidence(symbols, costs, path)
    return [keep[i][path[i]] for i in range(n)], confidence


def _prune(symbols: list[list[int]], costs: list[list[float]]) -> list[list[int]]:
    """Indices of the candidates worth a trigram pass, by bigram max-marginals."""
    lm = model()
    n = len(symbols)
    a = [x for i in range(1, n) for x in symbols[i - 1] for _ in symbols[i]]
    b = [y for i in range(1, n) for _ in symbols[i - 1] for y in symbols[i]]
    flat = lm.bigram(np.array(a, dtype=np.int64), np.array(b, dtype=np.int64)).tolist()
    pair_scores, pos = [], 0
    for i in range(1, n):
        size = len(symbols[i - 1]) * len(symbols[i])
        pair_scores.append(flat[pos : pos + size])
        pos += size
    alpha = [list(costs[0])]
    for i in range(1, n):
        k1, prev, pairs = len(symbols[i]), alpha[-1], pair_scores[i - 1]
        alpha.append([costs[i][y] + max(prev[x] + pairs[x * k1 + y] for x in range(len(prev))) for y in range(k1)])
    beta = [[0.0] * len(symbols[-1])]
    for i in range(n - 2, -1, -1):
        k1, nxt, pairs = len(symbols[i + 1]), beta[0], pair_scores[i]
        beta.insert(0, [max(pairs[x * k1 + y] + costs[i + 1][y] + nxt[y] for y in range(k1)) for x in range(len(symbols[i]))])
    keep = []
    for fwd, bwd in zip(alpha, beta, strict=True):
        marginal = [f + g for f, g in zip(fwd, bwd, strict=True)]
        top = max(marginal)
        ranked = sorted(range(len(marginal)), key=lambda k: -marginal[k])
        keep.append(sorted(k for k in ranked[:PRUNE_KEEP] if marginal[k] >= top - PRUNE_MARGIN))
    return keep


def _confidence(symbols: list[list[int]], costs: list[list[float]], path: list[int]) -> list[float]:
    """Each choice's probability among its candidates, the chosen neighbours held fixed."""
    lm = model()
    n = len(symbols)
    chosen = [symbols[i][path[i]] for i in range(n)]
    rows: list[tuple[int, int, int]] = []
    for i in range(n):
        for y in symbols[i]:
            context = [*chosen[max(0, i - 2) : i], y, *chosen[i + 1 : i + 3]]
            rows.extend(tuple(context[j : j + 3]) for j in range(len(context) - 2))  # type: ignore[misc]
    arr = np.array(rows, dtype=np.int64).reshape(-1, 3)
    scores = iter(lm.trigram(arr[:, 0], arr[:, 1], arr[:, 2]).tolist()) if len(rows) else iter(())
    out = []
    for i in range(n):
        width = len(chosen[max(0, i - 2) : i]) + 1 + len(chosen[i + 1 : i + 3]) - 2
        totals = [costs[i][k] + sum(next(scores) for _ in range(max(width, 0))) for k in range(len(symbols[i]))]
        top = max(totals)
        weights = [math.exp(t - top) for t in totals]
        out.append(weights[path[i]] / sum(weights))
    return out
