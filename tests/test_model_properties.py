"""Each generated model accepts exactly the JSON that JSON Schema validation of its schema accepts.

Hypothesis starts from each schema's own examples (valid by tests/test_spec.py) and applies up
to three random edits anywhere in the document (replace a value, drop or add a key, grow or
shrink a list), so it draws valid and invalid instances alike. jsonschema-rs, which follows
ECMA-262 regular expressions as JSON Schema asks, is the oracle. datamodel-code-generator's
model for the same schema is a second one, on the instances whose verdict does not hinge on a
feature it leaves unenforced (tests/dcg_oracle.py lists those features, each with its reason).
"""

from __future__ import annotations

import importlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from tests import dcg_oracle

ROOT = Path(__file__).resolve().parents[1]
TOKEN_SPEC = ROOT / "spec" / "api-tokens.yaml"
# Characters on which ECMA-262 and the Rust regex engine disagree about \s; no spec here
# relies on them and they would only test the engines, not the generator.
_ENGINE_GAPS = frozenset("\x1c\x1d\x1e\x1f\x85\ufeff\u180e")


def _inline(node: Any, schemas: dict[str, Any], depth: int = 0) -> Any:
    """The schema with local component refs inlined (the schemas here are not recursive)."""
    assert depth < 20, "recursive schema"
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            rest = {k: v for k, v in node.items() if k != "$ref"}
            return {**_inline(schemas[name], schemas, depth + 1), **rest}
        return {k: _inline(v, schemas, depth) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, schemas, depth) for v in node]
    return node


# Formats the generated models leave unchecked, as the README says (pydantic has no type for them).
_UNCHECKED_FORMATS = frozenset({"uri", "uri-reference", "email", "hostname", "ipv4", "ipv6"})


_INT_FORMATS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def _strip(node: Any) -> Any:
    """Drop OpenAPI-only keywords and unchecked formats; spell OpenAPI's int32/int64 as bounds."""
    if isinstance(node, dict) and node.get("format") in _INT_FORMATS:
        low, high = _INT_FORMATS[node["format"]]
        node = {
            **node,
            "minimum": max(node.get("minimum", low), low),
            "maximum": min(node.get("maximum", high), high),
        }
    if isinstance(node, dict):
        return {
            k: _strip(v)
            for k, v in node.items()
            if k not in ("example", "examples", "x-secret", "readOnly", "writeOnly")
            and not (k == "format" and v in _UNCHECKED_FORMATS)
        }
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def _token_cases() -> list[tuple[str, dict[str, Any]]]:
    document = yaml.safe_load(TOKEN_SPEC.read_text())
    schemas = document["components"]["schemas"]
    cases = []
    for name, schema in schemas.items():
        if "properties" not in schema and "allOf" not in schema:
            continue
        cases.append((name, _inline(schema, schemas)))
    return cases


CASES = _token_cases()


_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.from_regex(r"[0-9a-f]{23,25}", fullmatch=True),
    st.datetimes(timezones=st.none() | st.timezones()).map(lambda d: d.isoformat()),
    st.sampled_from(["api.api-tokens.read", "10.0.0.0/8", "::1", "", " ", "x"]),
)
_JSON = st.recursive(
    _LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _edit(value: Any, path: tuple[Any, ...], change: Any) -> Any:
    """A copy of `value` with the node at `path` changed by `change(node)`."""
    if not path:
        return change(value)
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _edit(value[head], rest, change)}
    copy = list(value)
    copy[head] = _edit(copy[head], rest, change)
    return copy


@st.composite
def _mutated(draw: st.DrawFn, value: Any) -> Any:
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        path = draw(st.sampled_from(_paths(value)))
        kind = draw(st.sampled_from(["replace", "drop", "add", "duplicate"]))
        leaf = draw(_JSON)
        key = draw(st.text(max_size=8))

        def change(node: Any, kind: str = kind, leaf: Any = leaf, key: str = key) -> Any:
            if kind == "drop" and isinstance(node, dict) and node:
                return {k: v for k, v in node.items() if k != sorted(node)[0]}
            if kind == "drop" and isinstance(node, list) and node:
                return node[1:]
            if kind == "add" and isinstance(node, dict):
                return {**node, key: leaf}
            if kind == "duplicate" and isinstance(node, list) and node:
                return [*node, node[0]]
            return leaf

        value = _edit(value, path, change)
    return value


def _examples(schema: dict[str, Any]) -> list[Any]:
    found = list(schema.get("examples") or [])
    if "example" in schema:
        found.append(schema["example"])
    return found


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _model(module: str, name: str) -> type[BaseModel]:
    model = getattr(importlib.import_module(module), name)
    assert isinstance(model, type) and issubclass(model, BaseModel)
    return model


def _accepts(model: type[BaseModel], text: str) -> bool:
    try:
        model.model_validate_json(text, strict=True, by_alias=True, by_name=False)
    except ValidationError:
        return False
    return True


@pytest.fixture(scope="module")
def dcg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, type[BaseModel]]]:
    """datamodel-code-generator's model for each schema below, keyed by our model's name."""
    yield dcg_oracle.models(tmp_path_factory.mktemp("dcg"))
    dcg_oracle.unload()


Checker = Callable[[Any], None]


def _checker(
    model: type[BaseModel],
    dcg_model: type[BaseModel],
    validator: jsonschema_rs.Validator,
    relaxed: jsonschema_rs.Validator,
    tally: Counter[str],
) -> Checker:
    """Asserts ours accepts what JSON Schema accepts, and DCG what ours does unless in a gap."""

    def check(instance: Any) -> None:
        if any(_ENGINE_GAPS & set(text) for text in _strings(instance)):
            return
        text = json.dumps(instance)
        verdict = validator.is_valid(instance)
        ours = _accepts(model, text)
        assert ours == verdict, text
        if dcg_oracle.hinges_on_gap(instance, verdict, relaxed.is_valid(instance)):
            tally["skipped"] += 1
            return
        tally["checked"] += 1
        assert _accepts(dcg_model, text) == ours, f"datamodel-code-generator disagrees: {text}"

    return check


def _token_validator(schema: dict[str, Any], relax: bool = False) -> jsonschema_rs.Validator:
    # Relax before _strip, which turns int32/int64 into bounds.
    schema = dcg_oracle.relaxed(schema) if relax else schema
    return jsonschema_rs.Draft202012Validator(_strip(schema), validate_formats=True)


@pytest.mark.parametrize(("name", "schema"), CASES, ids=[c[0] for c in CASES])
def test_model_agrees_with_json_schema(
    name: str, schema: dict[str, Any], dcg: dict[str, type[BaseModel]]
) -> None:
    model = _model("generated.api_tokens.models", name)
    seeds = _examples(schema)
    assert seeds, f"{name} has no example to start from"
    tally: Counter[str] = Counter()
    check = _checker(
        model, dcg[name], _token_validator(schema), _token_validator(schema, relax=True), tally
    )

    @settings(
        max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "300")),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.sampled_from(seeds).flatmap(_mutated))
    def agree(instance: Any) -> None:
        check(instance)

    agree()
    assert tally["checked"], f"datamodel-code-generator checked no instance of {name}"


def test_cases_cover_the_token_models() -> None:
    names = {name for name, _ in CASES}
    assert {"ApiApiTokenCreate", "ApiApiTokenUpdate", "ApiApiTokenRead", "ApiUserInfoRead"} <= names


MULTI = ROOT / "tests" / "specs" / "multi"
# Seeds for the multi-file spec (it has no examples of its own): recursion, const, type lists.
MULTI_CASES = {
    "Node": [
        {"id": "abc"},
        {"id": "root", "children": [{"id": "kid", "children": []}], "parent": None},
        {"id": "leaf", "parent": {"id": "mom", "parent": None}},
    ],
    "Envelope": [
        {"kind": "envelope", "node": {"id": "abc"}},
        {"kind": "envelope", "node": {"id": "abc"}, "note": None, "count": 5, "any": "x"},
        {"kind": "envelope", "node": {"id": "abc"}, "note": "hi", "count": 9, "any": 3},
    ],
}
MULTI_POINTERS = {
    "Node": "schemas.yaml#/Node",
    "Envelope": "api.yaml#/components/schemas/Envelope",
}


def _retrieve(uri: str) -> Any:
    """Serve the spec's own files to the oracle; nothing is fetched from elsewhere."""
    path = Path(uri.removeprefix("file://"))
    assert path.parent == MULTI, f"unexpected retrieval of {uri}"
    return yaml.safe_load(path.read_text())


def _retrieve_relaxed(uri: str) -> Any:
    return dcg_oracle.relaxed(_retrieve(uri))


@pytest.mark.parametrize("name", sorted(MULTI_CASES))
def test_multi_file_model_agrees_with_json_schema(
    name: str, dcg: dict[str, type[BaseModel]]
) -> None:
    model = _model("tests.golden.multi.api.models", name)
    file, _, pointer = MULTI_POINTERS[name].partition("#")
    schema = {"$ref": f"{(MULTI / file).as_uri()}#{pointer}"}
    validator = jsonschema_rs.validator_for(schema, retriever=_retrieve, validate_formats=True)
    relaxed = jsonschema_rs.validator_for(
        schema, retriever=_retrieve_relaxed, validate_formats=True
    )
    for seed in MULTI_CASES[name]:
        assert validator.is_valid(seed), seed
    tally: Counter[str] = Counter()
    check = _checker(model, dcg[name], validator, relaxed, tally)

    @settings(max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "300")), deadline=None)
    @given(st.sampled_from(MULTI_CASES[name]).flatmap(_mutated))
    def agree(instance: Any) -> None:
        check(instance)

    agree()
    assert tally["checked"], f"datamodel-code-generator checked no instance of {name}"


def test_dcg_oracle_covers_every_case(dcg: dict[str, type[BaseModel]]) -> None:
    ours = {name for name, _ in CASES} | set(MULTI_CASES)
    assert set(dcg) == ours
    assert len(dcg) == 11


@pytest.mark.parametrize("gap", dcg_oracle.GAPS, ids=[g.feature for g in dcg_oracle.GAPS])
def test_dcg_gap_is_real(gap: dcg_oracle.Gap, dcg: dict[str, type[BaseModel]]) -> None:
    """Each gap's witness splits DCG from JSON Schema and is skipped; drop a gap DCG closes."""
    name, text = gap.witness
    schema = dict(CASES)[name]
    instance = json.loads(text)
    verdict = _token_validator(schema).is_valid(instance)
    assert _accepts(_model("generated.api_tokens.models", name), text) == verdict
    assert _accepts(dcg[name], text) != verdict
    relaxed_verdict = _token_validator(schema, relax=True).is_valid(instance)
    assert dcg_oracle.hinges_on_gap(instance, verdict, relaxed_verdict)
