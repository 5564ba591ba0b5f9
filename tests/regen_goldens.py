"""Rewrite the golden output of every spec under tests/specs: `make regen`, never by hand."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from generator.cli import main

HERE = Path(__file__).resolve().parent
SPECS = HERE / "specs"
GOLDEN = HERE / "golden"


def golden_specs() -> list[Path]:
    """Each spec file directly under tests/specs, and `api.yaml` of each folder there."""
    found = sorted(SPECS.glob("*.yaml"))
    found += sorted(folder / "api.yaml" for folder in SPECS.iterdir() if folder.is_dir())
    return found


def golden_folder(spec: Path) -> Path:
    name = spec.parent.name if spec.name == "api.yaml" else spec.stem
    return GOLDEN / name


def regenerate() -> int:
    for spec in golden_specs():
        out = golden_folder(spec)
        shutil.rmtree(out, ignore_errors=True)
        code = main(["generate", "--quiet", "--spec", str(spec), "--out", str(out)])
        if code:
            return code
        # Goldens pin the output, not the generator's digest that the stamp records.
        for stamp in out.rglob(".stamp.json"):
            stamp.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(regenerate())
