"""Fuzzing the generator: random valid specs give code that compiles, imports and type-checks;
damaged specs are refused with located errors and leave the output folder alone."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.cli import main

ODD_TEXT = st.sampled_from(
    ['say "hi"', "back\\slash\\", '"""', "{{ jinja }}", "{% raw %}", "ünï ✓", "a'b", 'end"', ""]
)
NAMES = st.one_of(
    st.sampled_from(
        ["class", "import", "match", "type", "self", "model_config", "json", "2fa", "user-id"]
    ),
    st.sampled_from(["userId", "user_id", "USER ID", "User.Id", "ÿ", "None", "true", "_x", "-1"]),
    st.sampled_from(["model_validate", "model_dump_json", "_id", "__v", "__init__", "fields"]),
    st.sampled_from(["parse_obj", "register", "schema_json", "update_forward_refs", "mro"]),
    st.from_regex(r"[a-zA-Z][a-zA-Z0-9_\-]{0,8}", fullmatch=True),
)
ENUM_VALUES = st.lists(
    st.sampled_from(["a", "A", "a-b", "a b", "", "1", "-1", "class", "None", "é", "\\", '"']),
    min_size=1,
    max_size=5,
    unique=True,
)
# JSON values Python confuses (True == 1, 1 == 1.0, [1] == [True]) and strings that read as
# them, for enums of mixed types and for unions of such enums.
ODD_VALUES: st.SearchStrategy[Any] = st.sampled_from(
    [1, True, 0, False, 1.5, "1", "true", [1], [True], {"a": 1}]
)
SCALARS: dict[str, tuple[dict[str, Any], Any]] = {
    "string": ({"type": "string"}, "text"),
    "integer": ({"type": "integer", "minimum": 0}, 3),
    "number": ({"type": "number"}, 1.5),
    "boolean": ({"type": "boolean"}, True),
    "datetime": ({"type": "string", "format": "date-time"}, "2024-01-01T00:00:00Z"),
}


@st.composite
def schema(draw: st.DrawFn, depth: int, names: list[str]) -> tuple[dict[str, Any], Any]:
    """A schema and a value it accepts (None when no value is known)."""
    kind = draw(
        st.sampled_from(["scalar", "enum", "mixed", "array", "object", "ref", "union"])
        if depth < 3
        else st.sampled_from(["scalar", "enum", "mixed", "ref"])
    )
    if kind in ("scalar", "enum", "mixed"):
        return draw(leaf(kind))
    if kind == "ref" and names:
        return {"$ref": f"#/components/schemas/{draw(st.sampled_from(names))}"}, None
    if kind == "array":
        item, value = draw(schema(depth + 1, names))
        return {"type": "array", "items": item}, [] if value is None else [value]
    if kind == "union":
        a, a_value = draw(schema(depth + 1, names))
        b, b_value = draw(schema(depth + 1, names))
        # allOf included: over a $ref to the schema that holds it, it once recursed forever.
        key = draw(st.sampled_from(["oneOf", "anyOf", "allOf"]))
        # Either option's value fits anyOf (oneOf would need it to fit the other one not).
        value = draw(st.sampled_from([a_value, b_value])) if key == "anyOf" else None
        return {key: [a, b]}, value
    return draw(object_schema(depth + 1, names))


@st.composite
def leaf(draw: st.DrawFn, kind: str) -> tuple[dict[str, Any], Any]:
    """A scalar schema, a string enum or an enum of mixed JSON values, and a value it accepts."""
    if kind == "scalar":
        found, value = SCALARS[draw(st.sampled_from(sorted(SCALARS)))]
        return dict(found), value
    if kind == "enum":
        values = draw(ENUM_VALUES)
        return {"type": "string", "enum": values}, values[0]
    mixed: list[Any] = draw(st.lists(ODD_VALUES, min_size=1, max_size=4, unique_by=repr))
    return {"enum": mixed}, draw(st.sampled_from(mixed))


@st.composite
def object_schema(draw: st.DrawFn, depth: int, names: list[str]) -> tuple[dict[str, Any], Any]:
    properties: dict[str, Any] = {}
    example: dict[str, Any] = {}
    for name in draw(st.lists(NAMES, min_size=1, max_size=5, unique=True)):
        prop, value = draw(schema(depth, names))
        if draw(st.booleans()):
            prop = {**prop, "description": draw(ODD_TEXT)} if "$ref" not in prop else prop
        properties[name] = prop
        if value is not None:
            example[name] = value
    required = sorted(example)[: draw(st.integers(0, len(example)))]
    found: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "description": draw(ODD_TEXT),
    }
    if required:
        found["required"] = required
    return found, example


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    version = draw(st.sampled_from(["3.0.3", "3.1.0"]))
    names = draw(st.lists(NAMES, min_size=1, max_size=4, unique=True))
    schemas = {}
    for name in names:
        # Every component may refer to every other, itself included: recursion.
        found, example = draw(object_schema(1, names))
        if example and all(not isinstance(v, dict | list) for v in example.values()):
            found["example"] = example
        schemas[name] = found
    paths: dict[str, Any] = {}
    for i, name in enumerate(names):
        paths[f"/things{i}/{{id}}"] = {
            draw(st.sampled_from(["get", "put", "post", "delete"])): {
                "operationId": draw(NAMES),  # may repeat or collide after normalisation
                "summary": draw(ODD_TEXT),
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": draw(ODD_TEXT) or "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                        },
                    }
                },
            }
        }
    return {
        "openapi": version,
        "info": {"title": draw(ODD_TEXT) or "t", "version": "1", "description": draw(ODD_TEXT)},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def _generate(document: dict[str, Any], folder: Path, *extra: str) -> int:
    spec = folder / "fuzz.json"
    spec.write_text(json.dumps(document, indent=1))
    return main(["generate", "--quiet", "--spec", str(spec), "--out", str(folder / "out"), *extra])


_CHECK_EXAMPLES = """
import json, sys
import fuzz.models as m, fuzz.operations, fuzz.server, fuzz.client
for name, example in json.loads(sys.argv[1]).items():
    getattr(m, name).model_validate(example)
"""
_COMPONENT = re.compile(r"#/components/schemas/[^/]+$")


def _compiles_and_imports(folder: Path) -> None:
    """Every module imports (with warnings as errors) and each component model accepts its
    schema's example; class names come from the IR, as the generator de-collided them."""
    examples: dict[str, Any] = {}
    seen: set[str] = set()
    for model in build(folder / "fuzz.json").api.models:
        # The first model of a component schema is its read shape, built before any other.
        if model.examples and _COMPONENT.search(model.source) and model.source not in seen:
            seen.add(model.source)
            examples[model.name] = model.examples[0]
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", _CHECK_EXAMPLES, json.dumps(examples)],
        cwd=folder / "out",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


FAST = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "8")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FAST
@given(documents())
def test_random_specs_generate_code_that_imports(document: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        assert _generate(document, folder) == 0
        _compiles_and_imports(folder)


@settings(FAST, max_examples=3)
@given(documents())
def test_random_specs_type_check(document: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        assert _generate(document, folder) == 0
        done = subprocess.run(
            [
                *(sys.executable, "-m", "mypy", "--config-file", os.devnull, "--strict"),
                *("--no-incremental", str(folder / "out" / "fuzz")),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout


def _damage(document: dict[str, Any], how: str) -> dict[str, Any]:
    broken: dict[str, Any] = json.loads(json.dumps(document))
    first = next(iter(broken["components"]["schemas"].values()))
    if how == "no-info":
        del broken["info"]
    elif how == "no-version":
        del broken["openapi"]
    elif how == "dangling-ref":
        first["properties"]["zz"] = {"$ref": "#/components/schemas/DoesNotExist"}
    elif how == "wrong-type":
        first["properties"] = ["not", "a", "mapping"]
    elif how == "bad-type-name":
        first["type"] = "strnig"
    elif how == "responses-not-object":
        next(iter(next(iter(broken["paths"].values())).values()))["responses"] = 7
    return broken


@FAST
@given(
    documents(),
    st.sampled_from(
        [
            "no-info",
            "no-version",
            "dangling-ref",
            "wrong-type",
            "bad-type-name",
            "responses-not-object",
        ]
    ),
)
def test_damaged_specs_are_refused_with_a_location(document: dict[str, Any], how: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        sentinel = folder / "out" / "fuzz" / "models.py"
        sentinel.parent.mkdir(parents=True)
        sentinel.write_text("# untouched\n")
        spec = folder / "fuzz.json"
        spec.write_text(json.dumps(_damage(document, how), indent=1))
        done = subprocess.run(
            [
                *(sys.executable, "-m", "generator", "generate", "--strict", "--spec", str(spec)),
                *("--out", str(folder / "out")),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        # file:line:col of the damaged document, not only the summary line naming it
        located = rf"^{re.escape(str(spec))}:\d+:\d+: error: "
        assert re.search(located, done.stderr, re.MULTILINE), done.stderr
        assert sorted(p.name for p in (folder / "out").rglob("*")) == ["fuzz", "models.py"]
        assert sentinel.read_text() == "# untouched\n"


pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
