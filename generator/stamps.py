"""The stamp each generated package carries: what it was made from, so that an unchanged
regeneration skips loading, building and formatting.

Imported before anything heavy: `generate` on an unchanged tree is this module, a few reads and
hashes, and nothing more.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from generator.naming import package_name

if TYPE_CHECKING:
    from generator.ir import Api

STAMP = ".stamp.json"
_GENERATOR = Path(__file__).resolve().parent
# Modules that never shape generated code (the command line, the reviewer tools).
_NOT_GENERATION = ("cli", "__main__", "lint", "diff", "docs")


# Packages besides the generator whose version shapes the output: the formatter, the templates'
# engine.
_SHAPING_PACKAGES = ("ruff", "jinja2")


@cache
def generator_digest() -> str:
    """sha256 over the generator's own sources and templates and the versions of the packages
    that shape its output: new code or a new ruff, new output."""
    digest = hashlib.sha256()
    for name in shaping_versions():
        digest.update(name.encode() + b"\0")
    templates = _GENERATOR / "templates"
    found = [
        *(name for name in os.listdir(_GENERATOR) if name.endswith(".py")),
        *(f"templates/{name}" for name in os.listdir(templates) if name.endswith(".jinja")),
    ]
    for name in sorted(found):
        if not name.startswith(_NOT_GENERATION):
            digest.update(name.encode() + b"\0")
            with open(_GENERATOR / name, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()


def shaping_versions() -> list[str]:
    """The installed distributions of `_SHAPING_PACKAGES`, as their `.dist-info` folders name
    them (`ruff-0.14.6.dist-info`): a directory listing, not `importlib.metadata`'s ~10 ms."""
    from importlib.util import find_spec  # noqa: PLC0415 - the stamp's path only

    found = []
    for package in _SHAPING_PACKAGES:
        spec = find_spec(package)
        where = spec.origin if spec is not None else None
        if where is None:
            found.append(f"{package}: not installed")
            continue
        site = os.path.dirname(os.path.dirname(where))
        prefix = f"{package}-"
        found.extend(
            sorted(
                name
                for name in os.listdir(site)
                if name.lower().startswith(prefix) and name.endswith(".dist-info")
            )
            or [f"{package}: no .dist-info in {site}"]
        )
    return found


def stamp(api: Api) -> dict[str, dict[str, object]]:
    """The stamp's first half, by its file name, known before formatting; `seal_stamps` adds
    the outputs once they are formatted."""
    return {
        f"{api.package}/{STAMP}": {
            "spec": api.spec_file,
            "inputs": dict(api.spec_files),
            "warnings": api.warnings,
            "generator": generator_digest(),
        }
    }


def seal_stamps(
    files: Mapping[str, str], stamps: Mapping[str, dict[str, object]]
) -> dict[str, str]:
    """The files, and each package's stamp completed with the sha256 of its other files."""
    sealed = dict(files)
    for name, first_half in stamps.items():
        package = name.partition("/")[0]
        outputs = {
            other: _sha256(body.encode("utf-8"))
            for other, body in sorted(files.items())
            if other.startswith(f"{package}/")
        }
        whole = {**first_half, "outputs": outputs}
        sealed[name] = json.dumps(whole, indent=1, sort_keys=True) + "\n"
    return sealed


def up_to_date(specs: Sequence[Path], out: Path) -> int | None:
    """The number of files under `out` (stamps aside) when every spec's stamp shows nothing
    changed, else None.

    Changed means: a spec file (or a file it refers to), the generator, or any output file
    (hand edits, deletions, additions) differs from what the stamp recorded. A spec that gave
    warnings always takes the full path, so they are reported again (or fail under --strict).
    """

    total = 0
    for spec in specs:
        folder = out / package_name(spec)
        try:
            stamp = json.loads((folder / STAMP).read_text("utf-8"))
            if (
                stamp.get("warnings") != 0
                or stamp.get("spec") != header_path(spec)
                or stamp.get("generator") != generator_digest()
                or any(
                    _sha256((spec.parent / name).read_bytes()) != digest
                    for name, digest in stamp["inputs"].items()
                )
            ):
                return None
            outputs: dict[str, str] = stamp["outputs"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        found = {
            path.relative_to(out).as_posix(): path
            for path in folder.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts and path.name != STAMP
        }
        if found.keys() != outputs.keys() or any(
            _sha256(found[name].read_bytes()) != digest for name, digest in outputs.items()
        ):
            return None
        total += len(found)
    return total


def is_stamp(name: str) -> bool:
    """Is this output file a stamp (a cache of digests, not generated code)?"""
    return name.rpartition("/")[2] == STAMP


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def header_path(path: Path) -> str:
    """The spec's name as headers and stamps print it: relative to the working directory."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return os.path.basename(resolved)
