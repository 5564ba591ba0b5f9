"""The generator end to end: goldens, determinism, idempotence, and output that type-checks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from generator import output, stamps
from generator.cli import main
from generator.output import FormatError, Formatter, _ruff, compare, prune_imports
from generator.render import MODULES
from generator.stamps import up_to_date
from tests.regen_goldens import golden_folder, golden_specs

ROOT = Path(__file__).resolve().parents[1]
TOKEN_SPEC = Path("spec/api-tokens.yaml")
STAMP = ".stamp.json"


def _generate(spec: Path, out: Path, *extra: str) -> int:
    return main(["generate", "--quiet", "--spec", str(spec), "--out", str(out), *extra])


def _tree(folder: Path) -> dict[str, bytes]:
    """Every output file; the stamp is left out, as it names the generator's own digest."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and p.name != STAMP
    }


@pytest.mark.parametrize("spec", golden_specs(), ids=lambda p: p.as_posix())
def test_output_matches_golden(spec: Path, tmp_path: Path) -> None:
    relative = spec.relative_to(ROOT)
    assert _generate(relative, tmp_path) == 0
    golden = golden_folder(spec)
    assert _tree(tmp_path) == _tree(golden), f"run `make regen` if {spec.name} changed on purpose"


def test_outputs_leave_ruff_check_nothing_to_fix() -> None:
    """Generation runs only `ruff format`: its own pruning and ordering must be what
    `ruff check --fix` would make of unused imports (F401), import order (I) and `__all__`."""
    done = subprocess.run(
        [
            _ruff(),
            "check",
            "--isolated",
            "--no-cache",
            "--line-length=100",
            "--select=F401,I,RUF022",
            "tests/golden",
            "generated",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[:3000]


def test_generated_folder_is_current() -> None:
    assert main(["check", "--quiet", "--strict", "--spec", str(TOKEN_SPEC)]) == 0


def test_generator_digest_changes_with_every_template_generation_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stale digest would let the stamp keep output the new generator would write otherwise."""
    copy = tmp_path / "generator"
    shutil.copytree(stamps._GENERATOR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(stamps, "_GENERATOR", copy)
    templates = [template for template, _, _ in MODULES] + ["_header.jinja"]
    for name in [*(f"templates/{t}" for t in templates), "schemas.py", "render.py"]:
        stamps.generator_digest.cache_clear()
        before = stamps.generator_digest()
        with (copy / name).open("a") as handle:
            handle.write("\n")
        stamps.generator_digest.cache_clear()
        assert stamps.generator_digest() != before, name
    stamps.generator_digest.cache_clear()


def test_generator_digest_changes_with_ruff_or_jinja(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another ruff formats differently: a stamp written under the old one must not hold."""
    installed = stamps.shaping_versions()
    assert installed == [
        f"ruff-{metadata.version('ruff')}.dist-info",
        f"jinja2-{metadata.version('jinja2')}.dist-info",
    ]
    stamps.generator_digest.cache_clear()
    before = stamps.generator_digest()
    for upgraded in (["ruff-99.0.dist-info", installed[1]], [installed[0], "jinja2-9.dist-info"]):
        monkeypatch.setattr(stamps, "shaping_versions", lambda upgraded=upgraded: upgraded)
        stamps.generator_digest.cache_clear()
        assert stamps.generator_digest() != before, upgraded
    stamps.generator_digest.cache_clear()


@pytest.mark.parametrize("stamp", ["kept", "deleted"])
def test_second_run_writes_nothing(tmp_path: Path, stamp: str) -> None:
    """Both ways: the stamp's fast path, and without a stamp the full run's byte comparison."""
    assert _generate(TOKEN_SPEC, tmp_path) == 0
    if stamp == "deleted":
        (tmp_path / "api_tokens" / STAMP).unlink()
    first = _tree(tmp_path)
    times = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    assert main(["generate", "--spec", str(TOKEN_SPEC), "--out", str(tmp_path)]) == 0
    assert _tree(tmp_path) == first
    assert {p: p.stat().st_mtime_ns for p in times} == times
    assert up_to_date([TOKEN_SPEC], tmp_path) is not None  # a stamp is there (again)


def test_written_files_get_the_usual_permissions_and_keep_changed_ones(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        assert _generate(TOKEN_SPEC, tmp_path) == 0
        models = tmp_path / "api_tokens" / "models.py"
        assert models.stat().st_mode & 0o777 == 0o644  # not mkstemp's private 0600
        models.chmod(0o640)
        models.write_text("# edited by hand\n")
        assert _generate(TOKEN_SPEC, tmp_path) == 0
        assert models.stat().st_mode & 0o777 == 0o640
        assert not models.read_text().startswith("# edited")
    finally:
        os.umask(umask)


def test_the_summary_counts_output_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for expected in ("wrote 7 of 7 files", "wrote 0 of 7 files"):
        assert main(["generate", "--spec", str(TOKEN_SPEC), "--out", str(tmp_path)]) == 0
        assert expected in capsys.readouterr().err
    assert main(["check", "--spec", str(TOKEN_SPEC), "--out", str(tmp_path)]) == 0
    assert "is up to date (7 files)" in capsys.readouterr().err


def test_the_command_exits_with_mains_code_after_writing_everything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m generator` skips the interpreter's teardown (cli.run): nothing may be lost."""
    # Buffered, as a terminal or a pipe gives it: PYTHONUNBUFFERED (set here) would hide a
    # missing flush.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}

    def command(
        *args: str, stdout: int | None = subprocess.PIPE
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "generator", *args],
            cwd=ROOT,
            env=env,
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )

    out = ["--out", str(tmp_path)]
    done = command("generate", "--spec", str(TOKEN_SPEC), *out)
    assert (done.returncode, done.stderr) == (0, f"wrote 7 of 7 files under {tmp_path}\n")
    assert _tree(tmp_path / "api_tokens") == _tree(ROOT / "generated" / "api_tokens")
    (tmp_path / "api_tokens" / "models.py").write_text("# edited\n")
    done = command("check", "--spec", str(TOKEN_SPEC), *out)
    assert main(["check", "--spec", str(TOKEN_SPEC), *out]) == 1
    assert (done.returncode, done.stdout) == (1, capsys.readouterr().out)  # every byte of the diff
    assert len(done.stdout) > 10_000
    done = command(
        "generate", "--spec", str(ROOT / "tests" / "bad_specs" / "dangling_ref.yaml"), *out
    )
    assert done.returncode == 1 and done.stderr.endswith("nothing was written\n")
    assert command("generate", "--no-such-option").returncode == 2
    if Path("/dev/full").exists():  # output that cannot be written is a failure, as usual
        diff = [str(ROOT / "tests" / "diff_specs" / n) for n in ("base.yaml", "compatible.yaml")]
        assert command("diff", *diff).returncode == 0
        with open("/dev/full", "w") as full:
            done = command("diff", *diff, stdout=full.fileno())
        assert done.returncode == 120 and "cannot write its output" in done.stderr


def test_an_edited_file_the_spec_refers_to_regenerates(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(ROOT / "tests" / "specs" / "multi", spec)
    out = tmp_path / "out"
    assert _generate(spec / "api.yaml", out) == 0
    assert up_to_date([spec / "api.yaml"], out) is not None
    schemas = spec / "schemas.yaml"
    schemas.write_text(schemas.read_text().replace("minLength: 3", "minLength: 4"))
    assert up_to_date([spec / "api.yaml"], out) is None
    assert _generate(spec / "api.yaml", out) == 0
    assert "min_length=4" in (out / "api" / "models.py").read_text()


def test_output_is_identical_across_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "12345"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-m", "generator", "generate", "--quiet"]
        for spec in (TOKEN_SPEC, *(s.relative_to(ROOT) for s in golden_specs())):
            command += ["--spec", str(spec)]
        subprocess.run([*command, "--out", str(out)], check=True, env=env, cwd=ROOT)
        outputs.append(_tree(out))
    assert outputs[0] == outputs[1]


def test_check_reports_drift(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _generate(TOKEN_SPEC, tmp_path) == 0
    models = tmp_path / "api_tokens" / "models.py"
    models.write_text(models.read_text() + "# edited by hand\n")
    (tmp_path / "api_tokens" / "stray.py").write_text("")
    assert main(["check", "--spec", str(TOKEN_SPEC), "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "changed:" in err and "models.py" in err
    assert "stale:" in err and "stray.py" in err


def test_header_names_spec_and_digest(tmp_path: Path) -> None:
    assert _generate(TOKEN_SPEC, tmp_path) == 0
    header = (tmp_path / "api_tokens" / "models.py").read_text().splitlines()[:5]
    assert any("spec/api-tokens.yaml (sha256 " in line for line in header)


def test_every_output_passes_mypy_strict() -> None:
    folders = [str(p) for s in golden_specs() for p in golden_folder(s).iterdir() if p.is_dir()]
    folders.append("generated")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", os.devnull, "--strict", *folders],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("spec", [TOKEN_SPEC, *golden_specs()], ids=str)
def test_every_output_module_imports(spec: Path, tmp_path: Path) -> None:
    relative = spec.relative_to(ROOT) if spec.is_absolute() else spec
    assert _generate(relative, tmp_path) == 0
    package = next(p.name for p in tmp_path.iterdir() if p.is_dir())
    code = f"import {package}.models, {package}.operations, {package}.server, {package}.client"
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_compare_sees_missing_files(tmp_path: Path) -> None:
    drift = compare({"pkg/a.py": "x = 1\n"}, tmp_path)
    assert drift.added == ("pkg/a.py",)
    assert bool(drift)


def test_prune_imports_drops_unused_names_and_sorts_the_rest() -> None:
    module = (
        '"""Doc."""\n\nfrom __future__ import annotations\n\nimport json\n\n'
        "from pydantic import Field\n\n"
        "from .models import (\n    Node10,\n    Unused,\n    Node2,\n    NODE,\n)\n"
        "from .x import b, a\n\n\nX = json, Node2, Node10, NODE, a, b\n"
    )
    assert prune_imports(module) == (
        '"""Doc."""\n\nfrom __future__ import annotations\n\nimport json\n\n'
        # pydantic's group is gone with its separator; the parenthesized import keeps its shape
        "from .models import (\n    NODE,\n    Node2,\n    Node10,\n)\n"
        "from .x import a, b\n\n\nX = json, Node2, Node10, NODE, a, b\n"
    )


def test_prune_imports_leaves_a_module_without_imports_alone() -> None:
    assert prune_imports('"""Doc."""\n\nX = 1\n') == '"""Doc."""\n\nX = 1\n'


@pytest.mark.parametrize("at_once", [10**9, 1], ids=["one-run", "run-per-module"])
def test_formatter_gives_the_same_bytes_either_way(
    at_once: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output, "_FORMAT_AT_ONCE", at_once)
    with Formatter() as formatter:
        formatter.add("p/a.py", "x = [1,\n2]\n")
        formatter.add("p/data.json", "{}")
        formatter.add("p/b.py", "def f( a ):\n  return a\n")
        assert formatter.finish() == {
            "p/a.py": "x = [1, 2]\n",
            "p/data.json": "{}",
            "p/b.py": "def f(a):\n    return a\n",
        }


def test_formatter_reports_ruff_failures_and_cleans_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "_FORMAT_AT_ONCE", 1)
    with Formatter() as formatter:
        scratch = formatter._root
        formatter.add("p/bad.py", "def (:\n")
        with pytest.raises(FormatError):
            formatter.finish()
    assert not scratch.exists()


def test_words_in_strings_and_comments_keep_no_import_but_f_strings_do() -> None:
    module = (
        "import uuid\nfrom typing import Any, Literal\nfrom urllib.parse import quote\n\n\n"
        'X = "a uuid, Literal text"  # Any comment\n'
        'Y = f"{quote(X)}"\n'
    )
    assert prune_imports(module) == (
        'from urllib.parse import quote\n\n\nX = "a uuid, Literal text"  # Any comment\n'
        'Y = f"{quote(X)}"\n'
    )


def test_out_that_is_a_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.write_text("mine\n")
    assert main(["generate", "--spec", str(TOKEN_SPEC), "--out", str(out)]) == 2
    assert f"--out {out} is a file, not a folder" in capsys.readouterr().err
    assert out.read_text() == "mine\n"


def test_a_write_that_fails_is_reported_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(files: object, out: Path) -> list[str]:
        raise OSError(28, "No space left on device", str(out / "api_tokens" / "models.py"))

    monkeypatch.setattr(output, "write", full_disk)
    assert main(["generate", "--spec", str(TOKEN_SPEC), "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path}/api_tokens/models.py: cannot write: No space left on device" in err
    assert f"{tmp_path}: generation stopped; rerun once it can be written" in err


def test_specs_that_would_share_a_package_are_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # api-tokens.yaml and api_tokens.yaml both become package api_tokens: one would be lost.
    other = tmp_path / "elsewhere" / "api_tokens.yaml"
    other.parent.mkdir()
    other.write_text(TOKEN_SPEC.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    argv = ["generate", "--spec", str(TOKEN_SPEC), "--spec", str(other), "--out", str(out)]
    assert main(argv) == 2
    assert "would both generate package 'api_tokens'" in capsys.readouterr().err
    assert not out.exists()


def test_a_spec_named_twice_is_generated_once(tmp_path: Path) -> None:
    twice = str(ROOT / "spec" / ".." / TOKEN_SPEC)
    assert _generate(TOKEN_SPEC, tmp_path, "--spec", twice) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["api_tokens"]


def test_names_pydantic_guards_import_without_warnings(tmp_path: Path) -> None:
    # `model_validate` becomes `model_validate_`, which pydantic's protected `model_` prefixes
    # would warn about on import; `_id` would be a private attribute if kept as it is.
    names = ["model_validate", "model_dump_json", "_id", "__v", "__init__", "fields", "parse_obj"]
    names += ["register", "schema_json", "update_forward_refs", "mro"]
    properties = {name: {"type": "string"} for name in names}
    spec = tmp_path / "guarded.json"
    spec.write_text(
        json.dumps(
            {
                "openapi": "3.0.3",
                "info": {"title": "Guarded", "version": "1"},
                "paths": {},
                "components": {"schemas": {"Doc": {"type": "object", "properties": properties}}},
            }
        )
    )
    assert _generate(spec, tmp_path / "out") == 0
    wire = {name: name.upper() for name in names}
    check = (
        "import json, sys; from guarded.models import Doc; "
        "doc = Doc.model_validate(json.loads(sys.argv[1])); "
        "assert doc.model_dump(by_alias=True, exclude_none=True) == json.loads(sys.argv[1])"
    )
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", check, json.dumps(wire)],
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
