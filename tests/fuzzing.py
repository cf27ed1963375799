"""The seed of every randomised test: RW_FUZZ_SEED when set (to repeat a run), else in CI one derived
from the commit (a rerun of the same commit repeats it, the next commit tries new cases), else random."""

from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fuzz_seed(what: str | None = None) -> int:
    """The seed; with `what`, printed with the command line that repeats it (pytest shows it on failure)."""
    seed = _seed()
    if what is not None:
        print(f"{what} seed: {seed} (RW_FUZZ_SEED={seed} repeats it)")
    return seed


def _seed() -> int:
    if os.environ.get("RW_FUZZ_SEED"):
        return int(os.environ["RW_FUZZ_SEED"])
    if os.environ.get("CI"):
        sha = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()
        if sha:
            return int(sha[:8], 16)
    return random.SystemRandom().randrange(2**31)
