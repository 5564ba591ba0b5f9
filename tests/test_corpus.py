"""Real-world specs: every corpus document generates code that compiles and imports, or is refused.

The corpus lives beside the project (`../shared/corpus/`, read in place). Each document runs in
its own generator process (60 s limit), in a pool of two; a document the generator cannot
represent must be refused with located errors (`file:line:col: error: ...`), never a
traceback. Output of small documents (< 200 KB) is also checked with `mypy --strict`: in CI a
fixed sample (`MYPY_SAMPLE`), all of them with `CORPUS_FULL=1`. `python -m tests.test_corpus`
runs it outside pytest and prints the table.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from generator import schemas
from generator.annotations import PARSERS, annotation
from generator.build import build
from generator.diagnostics import Diagnostic
from generator.ir import (
    Api,
    EnumValue,
    Field,
    LiteralType,
    ModelType,
    ParsedValue,
    Scalar,
    ScalarType,
    UnionType,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FOLDERS = ("apis-guru", "readme-examples/3.0", "readme-examples/3.1", "github")
TIMEOUT = 60.0
IMPORT_TIMEOUT = 120.0  # the GitHub spec's 7,000 pydantic classes take ~25 s to import
SMALL = 200_000
MYPY_SAMPLE = 12  # small documents type-checked in CI, every n-th by name
_LOCATED_ERROR = re.compile(r"^.+:\d+:\d+: error: .+", re.MULTILINE)


@dataclass(frozen=True)
class Outcome:
    spec: Path
    status: str  # ok, refused, failed
    detail: str
    seconds: float
    package: Path | None = None


def documents() -> list[Path]:
    found: list[Path] = []
    for folder in FOLDERS:
        found += sorted(
            p for p in (CORPUS / folder).glob("*") if p.suffix in {".json", ".yaml", ".yml"}
        )
    return found


def _generate(spec: Path, out: Path) -> Outcome:
    command = [sys.executable, "-m", "generator", "generate", "--quiet", "--spec", str(spec)]
    started = _now()
    try:
        done = subprocess.run(
            [*command, "--out", str(out)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            cwd=ROOT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Outcome(spec, "failed", f"timeout (> {TIMEOUT:.0f} s)", _now() - started)
    seconds = _now() - started
    if "Traceback" in done.stderr:
        return Outcome(spec, "failed", done.stderr.strip().splitlines()[-1], seconds)
    if done.returncode == 1:
        located = _LOCATED_ERROR.search(done.stderr)
        if located:
            return Outcome(spec, "refused", located.group(0), seconds)
    if done.returncode != 0:
        return Outcome(spec, "failed", f"exit {done.returncode}: {done.stderr[-300:]}", seconds)
    packages = [p for p in out.iterdir() if p.is_dir()]
    if len(packages) != 1:
        return Outcome(spec, "failed", f"expected one package, found {packages}", seconds)
    return _import(Outcome(spec, "ok", "", seconds, packages[0]))


def _import(outcome: Outcome) -> Outcome:
    assert outcome.package is not None
    name = outcome.package.name
    code = f"import {name}.models, {name}.operations, {name}.server, {name}.client"
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=outcome.package.parent,
            capture_output=True,
            text=True,
            timeout=IMPORT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Outcome(outcome.spec, "failed", "import timed out", outcome.seconds)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return Outcome(outcome.spec, "failed", f"import: {last}", outcome.seconds)
    return outcome


def _now() -> float:
    import time  # noqa: PLC0415 - only the runner needs it

    return time.perf_counter()


def run_all(specs: list[Path], out: Path) -> list[Outcome]:
    """Generate (and import) every spec, two at a time; each in its own output folder."""
    folders = [out / f"{i:03d}" for i in range(len(specs))]
    # Threads only wait on child processes, so two threads keep two cores busy.
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(_generate, specs, folders))


def mypy_targets(outcomes: list[Outcome], full: bool) -> list[Outcome]:
    small = [o for o in outcomes if o.status == "ok" and o.spec.stat().st_size < SMALL]
    if full:
        return small
    step = max(1, len(small) // MYPY_SAMPLE)
    return small[::step][:MYPY_SAMPLE]


def _batches(outcomes: list[Outcome]) -> Iterator[list[Outcome]]:
    """Groups without two packages of one name (mypy refuses duplicate modules)."""
    pending = list(outcomes)
    while pending:
        names: set[str] = set()
        batch = []
        for outcome in list(pending):
            assert outcome.package is not None
            if outcome.package.name not in names:
                names.add(outcome.package.name)
                batch.append(outcome)
                pending.remove(outcome)
        yield batch


def type_check(outcomes: list[Outcome]) -> list[Outcome]:
    """mypy --strict over the outputs, in batches; the failed ones, with mypy's first error."""
    failed = []
    for batch in _batches(outcomes):
        folders = [str(o.package) for o in batch if o.package is not None]
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "mypy",
                "--config-file",
                os.devnull,
                "--strict",
                "--no-incremental",
                *folders,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode == 0:
            continue
        for o in batch:
            assert o.package is not None
            errors = [line for line in done.stdout.splitlines() if str(o.package) in line]
            if errors:
                failed.append(Outcome(o.spec, "failed", f"mypy: {errors[0]}", o.seconds))
    return failed


def table(outcomes: list[Outcome]) -> str:
    lines = [f"{'document':58} {'status':8} {'s':>6}  detail"]
    for o in outcomes:
        name = o.spec.relative_to(CORPUS).as_posix()
        lines.append(f"{name[:58]:58} {o.status:8} {o.seconds:6.1f}  {o.detail[:160]}")
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in ("ok", "refused", "failed")}
    lines.append(", ".join(f"{n} {s}" for s, n in counts.items()))
    return "\n".join(lines)


def run(full: bool) -> tuple[list[Outcome], str]:
    specs = documents()
    with tempfile.TemporaryDirectory(prefix="corpus-") as scratch:
        outcomes = run_all(specs, Path(scratch))
        checked = type_check(mypy_targets(outcomes, full))
    by_spec = {o.spec: o for o in checked}
    merged = [by_spec.get(o.spec, o) for o in outcomes]
    return merged, table(merged)


@pytest.mark.corpus
def test_corpus_generates_imports_and_type_checks(capsys: pytest.CaptureFixture[str]) -> None:
    if not CORPUS.is_dir() or not documents():
        if os.environ.get("CI"):
            pytest.fail(f"the corpus is missing: {CORPUS}")
        pytest.skip(f"no corpus at {CORPUS}")
    outcomes, text = run(full=bool(os.environ.get("CORPUS_FULL")))
    with capsys.disabled():
        print("\n" + text)
    failed = [o for o in outcomes if o.status == "failed"]
    assert not failed, text


if __name__ == "__main__":
    results, printed = run(full=True)
    print(printed)
    sys.exit(1 if any(o.status == "failed" for o in results) else 0)


# ------------------------------------------------------------------------------------------
# Regressions the corpus found, reproduced small in tests/specs/corpus_regressions.yaml (its
# golden output is also imported with -W error and type-checked by tests/test_generator.py).

REGRESSIONS = ROOT / "tests" / "specs" / "corpus_regressions.yaml"


@cache  # one build serves every test below: the IR is frozen and the diagnostics a tuple
def _regressions() -> tuple[Api, tuple[Diagnostic, ...]]:
    built = build(REGRESSIONS.relative_to(ROOT))
    return built.api, built.diagnostics


def _warned(code: str, line: int) -> list[str]:
    _, diagnostics = _regressions()
    return [d.message for d in diagnostics if d.code == code and d.location.line == line]


def _line(text: str) -> int:
    """The line of the spec that contains `text`."""
    lines = REGRESSIONS.read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def _fields(model: str) -> dict[str, Field]:
    api, _ = _regressions()
    return {f.wire_name: f for m in api.models if m.name == model for f in m.fields}


def test_enum_default_is_the_member() -> None:
    fields = _fields("Settings")
    assert fields["mode"].python_default == EnumValue("SettingsMode", "SLOW")
    assert fields["colours"].python_default == [
        EnumValue("Colour", "GREEN"),
        EnumValue("Colour", "RED"),
    ]


@pytest.mark.parametrize(
    ("prop", "why"),
    [
        ("label: {type: string, default: 5}", "not a string"),
        ("level: {type: string, enum: [low, high]", "not one of the values"),
        ("size: {type: integer, maximum: 10", "violates le=10"),
        ("name: keys, in: query", "not an array"),
    ],
)
def test_default_that_does_not_fit_is_dropped_with_a_warning(prop: str, why: str) -> None:
    [message] = _warned("default", _line(prop))
    assert why in message and "not emitted" in message
    fields = _fields("Settings")
    name = prop.split(":", maxsplit=1)[0]
    if name in fields:
        assert not fields[name].has_default and not fields[name].required


def test_defaults_are_coerced_when_safe() -> None:
    fields = _fields("Settings")
    assert fields["ratio"].python_default == 2  # 2.0 is an integer in JSON Schema
    assert fields["started"].python_default == ParsedValue(Scalar.DATETIME, "2024-01-01T00:00:00Z")


def test_non_scalar_enum_is_enforced_by_json_equality() -> None:
    fields = _fields("Settings")
    assert fields["pair"].type == LiteralType(([1, 2], [3, 4]))
    assert annotation(fields["pair"].type) == "Annotated[Any, json_enum([1, 2], [3, 4])]"
    assert not _warned("unenforced", _line("pair: {enum"))


def test_each_union_holds_the_tag_values_that_select_its_options() -> None:
    api, _ = _regressions()
    aliases = {a.name: a.type for a in api.aliases}
    models = {m.name: m for m in api.models}
    circle, square = ModelType("Circle"), ModelType("ShapeSquare")
    assert aliases["Shape"] == UnionType((circle, square), "kind", exclusive=True)
    nullable = (ModelType("NullableKind"), ModelType("NullableTagSquare"))
    assert aliases["NullableTag"] == UnionType(nullable, "kind", exclusive=True)
    # Square's own class holds every value selecting it anywhere; each union's subclass its own.
    assert _fields("Square")["kind"].type == LiteralType(("square", "Square", "Circle"))
    for name, values in (("ShapeSquare", ("square",)), ("NullableTagSquare", ("Square",))):
        assert models[name].base == "Square"
        assert _fields(name)["kind"].type == LiteralType(values)
        assert _fields(name)["kind"].required
        inherited = models[name].all_fields(models)  # what docs and contracts see
        assert [f.wire_name for f in inherited] == ["kind", "side"]
        assert inherited[0].type == LiteralType(values)
    # A nullable tag is held to its values too: the Literal refuses null.
    assert _fields("NullableKind")["kind"].type == LiteralType(("NullableKind",))
    assert not _warned("discriminator", _line("NullableTag:") + 4)
    # Circle is never selected in SharedTag, which is Square's branch alone, under its name.
    lone = UnionType((ModelType("SharedTagSquare"),), None, exclusive=True)
    assert aliases["SharedTag"] == lone and models["SharedTagSquare"].base == "Square"
    assert _fields("SharedTagSquare")["kind"].type == LiteralType(("Circle",))
    [warning] = _warned("discriminator", _line("SharedTag:") + 4)
    assert "Circle is never selected" in warning
    # An optional tag with a default is a bare Literal defaulting to its value.
    kind = _fields("Circle")["kind"]
    assert kind.tag and kind.python_default == "circle"


def test_discriminator_pydantic_would_refuse_falls_back_to_a_plain_union() -> None:
    api, _ = _regressions()
    integer = next(a.type for a in api.aliases if a.name == "IntegerTag")
    assert integer == UnionType((ModelType("Counted"), ModelType("Circle")), None, exclusive=True)
    [warning] = _warned("discriminator", _line("IntegerTag:") + 4)
    assert "the property is not a string (property 'kind' of Counted)" in warning
    assert _fields("Counted")["kind"].type == ScalarType(Scalar.INT)


def test_python_only_pattern_selects_python_re() -> None:
    api, _ = _regressions()
    [settings] = [m for m in api.models if m.name == "Settings"]
    assert settings.python_re


def test_template_and_builtin_names_are_not_taken_by_schemas() -> None:
    api, diagnostics = _regressions()
    names = {m.name for m in api.models}
    assert {"ClientError2", "UnexpectedStatus2", "Principal2", "Request2", "ValueError2"} <= names
    assert names.isdisjoint({"ClientError", "Principal", "Request", "ValueError"})
    [search] = api.operations
    assert search.request_class == "Search2Request"  # SearchRequest is a schema
    assert search.response_union == "Search2Response"
    [number] = [p for p in search.parameters if p.wire_name == "float"]
    assert number.name == "float_"
    assert sum(d.code == "name-collision" for d in diagnostics) >= 5


def test_allof_through_its_own_ref_terminates() -> None:
    fields = _fields("Node")
    assert fields["next"].type == ModelType("NodeNext")
    assert _fields("NodeNext")["next"].type == ModelType("NodeNext")  # recursive, not endless
    assert set(_fields("Loop")) == {"n"}
    assert _warned("recursion", _line('- $ref: "#/components/schemas/Loop"'))


def test_regressions_behave_at_runtime() -> None:
    golden = ROOT / "tests" / "golden" / "corpus_regressions"
    code = """
import datetime
import json
from corpus_regressions.models import Settings, SettingsMode, Circle, Colour
from corpus_regressions.operations import Search2Request
from pydantic import TypeAdapter
from corpus_regressions.models import Shape, SharedTag, Square, ShapeSquare
s = Settings()
assert s.mode is SettingsMode.SLOW and s.colours == [Colour.GREEN, Colour.RED], s
assert s.label is None and s.started.tzinfo is not None
assert Settings(host="abc").host == "abc"
assert Settings(pair=[1, 2]).pair == [1, 2]
assert isinstance(TypeAdapter(Shape).validate_python({"kind": "circle"}), Circle)
assert isinstance(TypeAdapter(Shape).validate_python({"kind": "square"}), ShapeSquare)
assert isinstance(SharedTag(kind="Circle"), Square)
assert Square(kind="Circle").kind == "Circle"
r1, r2 = Search2Request(), Search2Request()
assert r1.sort == [Colour.RED] and r1.sort is not r2.sort
assert r1.since == datetime.date(2024, 1, 31) and r1.keys is None
"""
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        cwd=golden,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_defaults_are_checked_with_the_call_the_generated_code_makes() -> None:
    # schemas._parse resolves annotations.PARSERS, the text the generated module calls.
    assert set(PARSERS) == {Scalar.DATETIME, Scalar.DATE, Scalar.TIME, Scalar.UUID}
    text = "0b6f8d4e-2f5c-4a57-9a43-5c3c2b0f8a11"
    assert schemas._parse(Scalar.UUID, text) == uuid.UUID(text)
    assert schemas._parse(Scalar.DATE, "2024-02-29") == datetime.date(2024, 2, 29)
    for scalar, bad in ((Scalar.DATE, "2023-02-29"), (Scalar.UUID, "x"), (Scalar.TIME, "25:00")):
        with pytest.raises(ValueError):
            schemas._parse(scalar, bad)


def test_an_allof_reaching_one_schema_by_many_paths_takes_it_in_once(tmp_path: Path) -> None:
    # L_i: allOf [L_(i-1), L_(i-1), L_(i-1)] for 25 levels: 3^25 paths lead to L_0, whose
    # properties were once taken in at each of them (4.5 s at 13 levels; this never ended).
    schemas: dict[str, object] = {
        "L0": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
    }
    for i in range(1, 26):
        ref = {"$ref": f"#/components/schemas/L{i - 1}"}
        own = {"type": "object", "properties": {f"p{i}": {"type": "integer"}}}
        schemas[f"L{i}"] = {"allOf": [ref, ref, ref, own]}
    spec = tmp_path / "diamonds.json"
    spec.write_text(
        json.dumps(
            {
                "openapi": "3.0.3",
                "info": {"title": "Diamonds", "version": "1"},
                "paths": {},
                "components": {"schemas": schemas},
            }
        )
    )
    built = build(spec, strict=True)
    [top] = [m for m in built.api.models if m.name == "L25"]
    assert [f.wire_name for f in top.fields] == ["id", *(f"p{i}" for i in range(1, 26))]
    assert [f.wire_name for f in top.fields if f.required] == ["id"]


def test_distinct_keeps_first_of_each_in_order_without_comparing_all_pairs() -> None:
    shown = 0

    class Counted:
        def __init__(self, key: int) -> None:
            self.key = key

        def __eq__(self, other: object) -> bool:
            raise AssertionError("compared pairwise")

        __hash__ = None  # type: ignore[assignment]  # like an unhashable JSON list

        def __repr__(self) -> str:
            nonlocal shown
            shown += 1
            return f"Counted({self.key})"

    values = [Counted(i % 3000) for i in range(6000)]
    kept = schemas._distinct(values)
    assert [v.key for v in kept] == list(range(3000))
    assert all(a is b for a, b in zip(kept, values, strict=False))  # the first of each
    assert shown == len(values)  # once each: pairwise would be millions (3,000 options)


def test_distinct_tells_json_values_apart_as_json_schema_does() -> None:
    # Python's True == 1 (also inside lists and IR nodes); for JSON Schema they differ.
    values = [[1], {"a": 1}, [1], 1, True, [True], {"a": 1}, {"a": True}, 1, False, 0, None]
    kept = [[1], {"a": 1}, 1, True, [True], {"a": True}, False, 0, None]
    assert schemas._distinct(values) == kept
    assert [v.values for v in schemas._distinct([LiteralType((1,)), LiteralType((True,))])] == [
        (1,),
        (True,),
    ]


def test_a_union_of_consts_1_and_true_keeps_both(tmp_path: Path) -> None:
    spec = tmp_path / "consts.json"
    options = [{"const": 1}, {"const": True}, {"const": 1}]
    schema = {"type": "object", "properties": {"b": {"oneOf": options}}}
    spec.write_text(
        json.dumps(
            {
                "openapi": "3.1.0",
                "info": {"title": "t", "version": "1"},
                "paths": {},
                "components": {"schemas": {"Obj": schema}},
            }
        )
    )
    [model] = build(spec, strict=True).api.models
    [field] = model.fields
    assert isinstance(field.type, UnionType)
    assert [getattr(o, "values", None) for o in field.type.options] == [(1,), (True,)]


def test_a_default_is_held_to_its_pattern_as_the_model_would_hold_it() -> None:
    # Python's re backtracks for ages on ^(a+)+$ against 40 a's and a !; pydantic-core's Rust
    # engine, the generated models' own, answers at once.
    assert not schemas._matches(r"^(a+)+$", "a" * 40 + "!")
    assert schemas._matches(r"^(a+)+$", "a" * 40)
    # \d and \w are Unicode classes there, as in re (JSON Schema engines make them ASCII).
    assert schemas._matches(r"^\d+$", "٣") and schemas._matches(r"^[\w ]+$", "Café")
    assert not schemas._matches(r"^\W$", "é")
    # A pattern only Python's re reads (\Z) makes the model use re: re checks it.
    assert schemas._matches(r"\Aab\Z", "ab") and not schemas._matches(r"\Aab\Z", "abc")
