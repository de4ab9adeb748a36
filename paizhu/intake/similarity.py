"""Repeat detection: jieba words -> MinHash -> LSH band keys stored as indexed rows.

Why not datasketch's MinHashLSH object itself: its index lives in one process's memory (or in
Redis/Cassandra), so every worker would rebuild it from every report at start. Instead we take its
banding (`b` bands of `r` rows, chosen by datasketch for our threshold) and store each band's hash
as a row of `ReportBand` with an index on `key`. Looking up a text is then `b` index probes
(`key IN (...)`) plus a Jaccard estimate over the few candidates' stored signatures: the cost
depends on the number of near neighbours, not on the number of reports, so it stays flat at
millions of rows, on SQLite and PostgreSQL, across processes. See docs/intake.md.
"""

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from paizhu.core.search import tokenizer

NUM_PERM = 128
# Measured on our samples (see docs/intake.md): a repeat in other words with the same details scores
# 0.4-0.7, a heavy rewording 0.15-0.5; another matter about the same person and the same boilerplate
# about another person mostly 0.15-0.3; an unrelated report about the same unit < 0.15. LSH finds
# candidates from about LSH_THRESHOLD; those below SHOW_THRESHOLD are not shown.
LSH_THRESHOLD = 0.3
SHOW_THRESHOLD = 0.3
SEED = 20260101
NAME_WEIGHT = 4  # salted copies of each reported person's name in the shingle set
UNIT_WEIGHT = 2

# Words that every report uses; they carry no evidence that two reports are about the same matter.
_STOPWORDS_TEXT = """的 了 在 是 和 与 及 并 对 把 被 将 也 都 就 还 又 有 等 为 以 于 从 向 其 该 此 这 那 这个 那个 之 而 但 或
    我 我们 他 她 他们 她们 你 你们 本人 大家 自己 反映 举报 检举 控告 问题 情况 事情 希望 请 请求 恳请 要求 领导 组织
    上级 调查 查处 核查 严肃 处理 一些 一个 多次 经常 长期 存在 进行 相关 有关 以上 如下 其中 目前 现在 已经 没有 不 非常
    同志 群众 老百姓 实名 匿名 特此 此致 敬礼 谢谢"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())

_MEANINGFUL = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")


@cache
def _lsh_params() -> tuple[int, int, list[tuple[int, int]]]:
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r, list(lsh.hashranges)


def words(text: str) -> list[str]:
    result = []
    for word in tokenizer().lcut(text or ""):
        word = word.strip()
        if len(word) < 2 or word in STOPWORDS or not _MEANINGFUL.search(word):
            continue
        result.append(word)
    return result


def shingles(text: str, names: Sequence[str] = (), units: Sequence[str] = ()) -> set[str]:
    """Words and word bigrams of the facts, plus weighted "who" shingles.

    Words survive rewording; bigrams keep some of the phrasing. Reports often share boilerplate
    ("以加班费名义违规发放津补贴"), so the reported persons and unit are added as a few salted
    shingles each: enough that the same complaint about another person in another unit falls behind a
    true repeat, not so many that every other report about the same person looks like a repeat
    (those are listed separately, by person).
    """
    ws = words(text)
    items = set(ws) | {f"{a} {b}" for a, b in zip(ws, ws[1:], strict=False)}
    for name in filter(None, (n.strip() for n in names)):
        items.update(f"@person:{name}#{i}" for i in range(NAME_WEIGHT))
    for unit in filter(None, (u.strip() for u in units)):
        items.update(f"@unit:{unit}#{i}" for i in range(UNIT_WEIGHT))
    return items


@dataclass(frozen=True)
class Signature:
    hashvalues: np.ndarray

    def to_bytes(self) -> bytes:
        return self.hashvalues.astype("<u8").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> "Signature":
        return cls(np.frombuffer(bytes(data), dtype="<u8").astype(np.uint64))

    def jaccard(self, other: "Signature") -> float:
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / NUM_PERM

    def band_keys(self) -> list[int]:
        """One signed 64-bit key per LSH band; two texts share a key when a whole band of their MinHash agrees."""
        _, _, ranges = _lsh_params()
        keys = []
        for band, (start, end) in enumerate(ranges):
            digest = hashlib.blake2b(
                band.to_bytes(2, "big") + self.hashvalues[start:end].astype("<u8").tobytes(), digest_size=8
            ).digest()
            keys.append(int.from_bytes(digest, "big", signed=True))
        return keys


def jaccards(query: Signature, signatures: Sequence[bytes]) -> list[float]:
    """`query.jaccard(...)` of each stored signature, compared all at once."""
    if not signatures:
        return []
    stored = np.frombuffer(b"".join(bytes(s) for s in signatures), dtype="<u8").reshape(len(signatures), NUM_PERM)
    return (np.count_nonzero(stored == query.hashvalues, axis=1) / NUM_PERM).tolist()


def signature(text: str, names: Sequence[str] = (), units: Sequence[str] = ()) -> Signature | None:
    """None when the facts have too few meaningful words to compare (e.g. an empty or one-line report)."""
    if len(words(text)) < 3:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch([s.encode("utf-8") for s in shingles(text, names, units)])
    return Signature(minhash.hashvalues.copy())
