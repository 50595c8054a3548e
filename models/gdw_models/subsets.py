"""Seeded subsets of a bundle's training split, for the generalisation-vs-memorisation test
(seed 003 §4.2, after Kadkhodaie et al.): the same architecture trained on two disjoint halves, or
on small subsets (50, 200, all). The split's rows are permuted once by `seed`; half A is the first
⌊n/2⌋ of that order and half B the rest; `size` rows are taken from `offset` on within the chosen
part (the whole split, or a half). Two subsets made with the same seed and non-overlapping
(half, offset, size) ranges are disjoint by construction.

The chosen rows travel with the export as gdw.train_rows (bundle row indices, ascending) and the
recipe as gdw.train_subset (JSON), so `gdw memorisation` measures each model against the rows it saw."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Optional

import numpy as np

HALVES = ("A", "B")


class SubsetError(ValueError):
    """A subset the training split cannot give; the message says what was expected."""


@dataclass(frozen=True)
class SubsetRecipe:
    #: "A" or "B", or None for the whole split.
    half: Optional[str]
    #: Rows taken; None = every row of the part from `offset` on.
    size: Optional[int]
    offset: int
    seed: int


@dataclass(frozen=True)
class TrainSubset:
    recipe: SubsetRecipe
    #: Bundle row indices, ascending.
    rows: np.ndarray
    #: Rows of the whole training split the recipe drew from.
    split_rows: int

    def metadata(self) -> dict:
        """The gdw.* metadata_props that record the subset in an export."""
        return {"gdw.train_subset": json.dumps({**asdict(self.recipe), "rows": len(self.rows), "split_rows": self.split_rows},
                                               sort_keys=True),
                "gdw.train_rows": format_rows(self.rows)}


def select_training_rows(train_idx: np.ndarray, half: Optional[str] = None, size: Optional[int] = None,
                         offset: int = 0, seed: int = 0) -> TrainSubset:
    """The rows of `train_idx` (a bundle's role-0 rows) the recipe picks; SubsetError when it cannot."""
    if half is not None and half not in HALVES:
        raise SubsetError(f"subset half {half!r}: expected A or B")
    if offset < 0 or (size is not None and size < 1):
        raise SubsetError(f"subset size {size}, offset {offset}: expected size ≥ 1 and offset ≥ 0")
    n = len(train_idx)
    order = np.random.default_rng(seed).permutation(np.asarray(train_idx, dtype=np.int64))
    cut = n // 2
    part = order if half is None else (order[:cut] if half == "A" else order[cut:])
    where = "the training split" if half is None else f"half {half} of the training split"
    want = len(part) - offset if size is None else size
    if want < 1 or offset + want > len(part):
        raise SubsetError(f"{where} has {len(part)} rows ({n} in the split); rows {offset} … {offset + want - 1} "
                          f"were asked for: expected offset + size ≤ {len(part)}")
    rows = np.sort(part[offset:offset + want])
    return TrainSubset(SubsetRecipe(half, size, offset, seed), rows, n)


def format_rows(rows: np.ndarray) -> str:
    """gdw.train_rows: comma-separated ascending bundle row indices."""
    return ",".join(str(int(r)) for r in np.sort(np.asarray(rows)))


def parse_rows(text: str) -> np.ndarray:
    try:
        return np.array([int(part) for part in text.split(",")], dtype=np.int64)
    except ValueError:
        raise SubsetError(f"gdw.train_rows {text[:40]!r}…: expected comma-separated row indices") from None
