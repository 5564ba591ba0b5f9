"""Each generated model accepts exactly the JSON that JSON Schema validation of its schema accepts.

Hypothesis starts from valid instances and applies up to three random edits anywhere in the
document (replace a value, drop or add a key, grow or shrink a list), so it draws valid and invalid
instances alike. The token spec's models start from its own examples (valid by tests/test_spec.py),
the multi-file spec's from hand-written seeds, and the feature specs' (every model of their golden
packages) from instances drawn from the schema itself. jsonschema-rs, which follows ECMA-262
regular expressions as JSON Schema asks, is the oracle; for the OpenAPI 3.0 feature specs it sees
the schema as the wire does in the model's direction (see _shape and _HIDDEN).
datamodel-code-generator's model for the same schema is a second oracle, on the instances whose
verdict does not hinge on a feature it leaves unenforced (tests/dcg_oracle.py lists those
features, each with its reason)."""

from __future__ import annotations

import functools
import importlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from pydantic import BaseModel, TypeAdapter, ValidationError

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
            if k
            not in ("example", "examples", "x-secret", "readOnly", "writeOnly", dcg_oracle.BRANCH)
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


DcgModels = dict[str, dict[str, type[BaseModel]]]


@pytest.fixture(scope="module")
def dcg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DcgModels]:
    """datamodel-code-generator's model for each schema below, keyed by spec and our model."""
    yield dcg_oracle.models(tmp_path_factory.mktemp("dcg"))
    dcg_oracle.unload()


Checker = Callable[[Any], None]


def _checker(
    model: type[BaseModel],
    dcg_model: type[BaseModel] | None,
    validator: jsonschema_rs.Validator,
    relaxed: jsonschema_rs.Validator,
    tally: Counter[str],
) -> Checker:
    """Asserts ours accepts what JSON Schema accepts, and DCG the same unless in a gap."""

    def check(instance: Any) -> None:
        if any(_ENGINE_GAPS & set(text) for text in _strings(instance)):
            return
        text = json.dumps(instance)
        verdict = validator.is_valid(instance)
        assert _accepts(model, text) == verdict, text
        if dcg_model is None:
            return
        if dcg_oracle.hinges_on_gap(instance, verdict, relaxed.is_valid(instance)):
            tally["skipped"] += 1
            return
        tally["checked"] += 1
        assert _accepts(dcg_model, text) == verdict, f"datamodel-code-generator disagrees: {text}"

    return check


def _token_validator(schema: dict[str, Any], relax: bool = False) -> jsonschema_rs.Validator:
    # Relax before _strip, which turns int32/int64 into bounds.
    schema = dcg_oracle.relaxed(schema) if relax else schema
    return jsonschema_rs.Draft202012Validator(_strip(schema), validate_formats=True)


@pytest.mark.parametrize(("name", "schema"), CASES, ids=[c[0] for c in CASES])
def test_model_agrees_with_json_schema(name: str, schema: dict[str, Any], dcg: DcgModels) -> None:
    model = _model("generated.api_tokens.models", name)
    seeds = _examples(schema)
    assert seeds, f"{name} has no example to start from"
    tally: Counter[str] = Counter()
    check = _checker(
        model,
        dcg["api_tokens"][name],
        _token_validator(schema),
        _token_validator(schema, relax=True),
        tally,
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
def test_multi_file_model_agrees_with_json_schema(name: str, dcg: DcgModels) -> None:
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
    check = _checker(model, dcg["multi"][name], validator, relaxed, tally)

    @settings(max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "300")), deadline=None)
    @given(st.sampled_from(MULTI_CASES[name]).flatmap(_mutated))
    def agree(instance: Any) -> None:
        check(instance)

    agree()
    assert tally["checked"], f"datamodel-code-generator checked no instance of {name}"


# The feature specs: OpenAPI 3.0 documents whose golden packages are checked model by model.
@dataclass(frozen=True)
class Package:
    """A feature spec and the golden package generated from it."""

    spec: Path
    module: str
    # Every model class the package holds, but for `excluded`; a new one fails the coverage test.
    models: tuple[str, ...]
    # Models not named after the component schema they are for: model -> JSON pointer.
    pointers: dict[str, str] = field(default_factory=dict)
    # Classes for a schema as one discriminated union's option: model -> the option's pointer.
    branches: dict[str, str] = field(default_factory=dict)
    # Hand-written seeds for models that _drawn cannot reach, with the reason in a comment.
    seeds: dict[str, list[Any]] = field(default_factory=dict)
    # Model classes left out, each with the reason.
    excluded: dict[str, str] = field(default_factory=dict)


PACKAGES = {
    "features30": Package(
        ROOT / "tests" / "specs" / "features30.yaml",
        "tests.golden.features30.features_30.models",
        ("Person", "Owner", "Circle", "Square", "Pet", "PetInput", "Error", "ImportBody"),
        pointers={
            "ImportBody": "/paths/~1class~1{from}/put/requestBody/content/application~1json/schema"
        },
    ),
    "corpus_regressions": Package(
        ROOT / "tests" / "specs" / "corpus_regressions.yaml",
        "tests.golden.corpus_regressions.corpus_regressions.models",
        (
            *("Circle", "Square", "SearchResponse", "SearchRequest", "ClientError2"),
            *("UnexpectedStatus2", "Principal2", "Request2", "ValueError2", "Settings"),
            *("NullableKind", "NodeNext", "Node", "Loop"),
            *("ShapeSquare", "NullableTagSquare", "SharedTagSquare"),
        ),
        pointers={
            "NodeNext": "/components/schemas/Node/properties/next",
            # Renamed: the generated modules (or Python's builtins) already use these names.
            "ClientError2": "/components/schemas/ClientError",
            "UnexpectedStatus2": "/components/schemas/UnexpectedStatus",
            "Principal2": "/components/schemas/Principal",
            "Request2": "/components/schemas/Request",
            "ValueError2": "/components/schemas/ValueError",
        },
        # Square is a branch of three unions, each selecting it by other values; SharedTag's
        # mapping gives Circle's name to Square, so SharedTag is an alias of Square's branch.
        branches={
            "ShapeSquare": "/components/schemas/Shape/oneOf/1",
            "NullableTagSquare": "/components/schemas/NullableTag/oneOf/1",
            "SharedTagSquare": "/components/schemas/SharedTag/oneOf/1",
        },
        # Loop is allOf [Loop, {n}]: every Loop is a Loop again, so _drawn's cut recursion
        # leaves nothing to draw.
        seeds={"Loop": [{}, {"n": 3}, {"n": -7, "m": [1, None]}]},
        excluded={
            "Counted": "its integer tag makes IntegerTag's discriminator one pydantic refuses; "
            "the union falls back to trying each option and the tag stays open (README, "
            "limitations), where JSON Schema holds it to the string 'Counted'"
        },
    ),
}
# Classes in every package that stand for no schema.
_NOT_MODELS = frozenset({"Base"})  # the shared configuration every model derives from
FEATURE_CASES = [(key, name) for key, package in PACKAGES.items() for name in package.models]
FEATURE_EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "150"))


@functools.cache
def _document(key: str) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(PACKAGES[key].spec.read_text())
    return document


def _at(document: dict[str, Any], pointer: str) -> Any:
    node: Any = document
    for part in pointer.removeprefix("/").split("/"):
        key = part.replace("~1", "/").replace("~0", "~")
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node


def _shape(key: str, name: str) -> tuple[str, str]:
    """The JSON pointer of the schema a model is for, and the direction ("request"/"response").

    The generator names a component's model after it. Where readOnly or writeOnly properties make
    the two directions differ, `X` is the response shape and `XInput` the request shape; where
    they do not, `X` serves both (test_feature_models_are_covered checks that they coincide then).
    A request body's inline schema has a model of its own, which faces requests.
    """
    package, schemas = PACKAGES[key], _document(key)["components"]["schemas"]
    if name in package.branches:
        return package.branches[name], "response"
    if name in package.pointers:
        pointer = package.pointers[name]
        return pointer, "request" if "/requestBody/" in pointer else "response"
    if name.endswith("Input") and name.removesuffix("Input") in schemas:
        return f"/components/schemas/{name.removesuffix('Input')}", "request"
    assert name in schemas, f"{name} is named after no schema: give its pointer"
    return f"/components/schemas/{name}", "response"


# The wire hides these properties in each direction: a request omits readOnly ones, a response
# writeOnly ones (OpenAPI 3.0: "SHOULD NOT be sent"). The oracle treats them as undeclared, so
# they are neither required nor typed there; sent anyway, additionalProperties decides.
_HIDDEN = {"request": "readOnly", "response": "writeOnly"}


def _view(node: Any, hidden: str) -> Any:
    """The document as the wire sees it in one direction: properties flagged `hidden` omitted."""
    if isinstance(node, list):
        return [_view(v, hidden) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: _view(v, hidden) for k, v in node.items()}
    properties = node.get("properties")
    if isinstance(properties, dict):
        gone = {k for k, v in properties.items() if isinstance(v, dict) and v.get(hidden) is True}
        node["properties"] = {k: v for k, v in properties.items() if k not in gone}
        if "required" in node:
            node["required"] = [k for k in node["required"] if k not in gone]
    return node


def _selecting(union: dict[str, Any]) -> dict[str, list[str]]:
    """Branch schema name -> the tag values that select it in a discriminated union.

    OpenAPI 3.0: a mapping key selects the schema it names; a branch no key maps to is selected by
    its own name (unless the mapping gives that name to another branch).
    """
    mapping = union["discriminator"].get("mapping", {})
    found = {}
    for branch in union.get("oneOf", union.get("anyOf", [])):
        name = branch["$ref"].rsplit("/", 1)[-1]
        keys = sorted(k for k, v in mapping.items() if v in (branch["$ref"], name))
        found[name] = keys or ([] if name in mapping else [name])
    return found


def _unions(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "discriminator" in node:
            yield node
        for value in node.values():
            yield from _unions(value)
    elif isinstance(node, list):
        for value in node:
            yield from _unions(value)


def _branches(document: dict[str, Any]) -> dict[str, tuple[str, list[str]]]:
    """Schema name -> (tag property, every tag value selecting it) over all discriminated unions."""
    found: dict[str, tuple[str, list[str]]] = {}
    for union in _unions(document):
        tag = union["discriminator"]["propertyName"]
        for name, values in _selecting(union).items():
            known_tag, known = found.get(name, (tag, []))
            assert known_tag == tag, f"{name} is discriminated by both {known_tag} and {tag}"
            found[name] = (tag, sorted({*known, *values}))
    return found


def _json_schema(node: Any) -> Any:
    """An OpenAPI 3.0 schema as JSON Schema 2020-12, its component refs pointing into $defs."""
    if isinstance(node, list):
        return [_json_schema(v) for v in node]
    if not isinstance(node, dict):
        return node
    node = dict(node)
    if "discriminator" in node:
        # A union's payload MUST carry the tag, with a value that selects the branch (OpenAPI 3.0).
        selecting, tag = _selecting(node), node.pop("discriminator")["propertyName"]
        union = "oneOf" if "oneOf" in node else "anyOf"
        node[union] = [
            {"allOf": [branch], "required": [tag], "properties": {tag: {"enum": values}}}
            for branch, values in zip(node[union], selecting.values(), strict=True)
        ]
    node = {k: _json_schema(v) for k, v in node.items()}
    if isinstance(node.get("$ref"), str):
        node["$ref"] = node["$ref"].replace("#/components/schemas/", "#/$defs/")
    # nullable adds null to an explicit type; without one it does nothing (OpenAPI 3.0.3).
    if node.pop("nullable", False) is True and isinstance(node.get("type"), str):
        node["type"] = [node["type"], "null"]
    for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(node.get(exclusive), bool):  # OpenAPI 3.0's boolean form
            if node.pop(exclusive) and bound in node:
                node[exclusive] = node.pop(bound)
    if isinstance(node.get("pattern"), str):
        # The generator reads patterns as Python does (corpus_regressions' \A...\Z); Rust's regex
        # has no \Z, so it is spelt as an end of input both engines know.
        node["pattern"] = node["pattern"].replace(r"\Z", r"(?![\s\S])")
    return node


def _pinned(name: str, schema: Any, branches: dict[str, tuple[str, list[str]]]) -> Any:
    """A component schema, its tag held to the values that select it if it is a union's branch.

    Wherever a branch appears, a tag it carries must be one that selects it in the unions that
    list it; whether it must carry one is the schema's call (a union's own, see _json_schema).
    """
    if name not in branches:
        return schema
    tag, values = branches[name]
    return {"allOf": [schema], "properties": {tag: {"enum": values}}, dcg_oracle.BRANCH: tag}


def _oracle(key: str, name: str, adjust: Callable[[Any], Any] | None = None) -> dict[str, Any]:
    """The JSON Schema of what the wire carries for a model; `adjust` rewrites it first."""
    pointer, direction = _shape(key, name)
    document = _view(_document(key), _HIDDEN[direction])
    branches = _branches(document)
    defs = {
        k: _pinned(k, _json_schema(v), branches)
        for k, v in document["components"]["schemas"].items()
    }
    component = pointer.count("/") == 3 and pointer.startswith("/components/schemas/")
    root = _json_schema({"$ref": f"#{pointer}"} if component else _at(document, pointer))
    if name in PACKAGES[key].branches:
        # The option as its union sees it: carrying a tag that selects it there.
        union, key_word, index = pointer.rsplit("/", 2)
        root = _json_schema(_at(document, union))[key_word][int(index)]
    schema = {**root, "$defs": defs}
    return dict(_strip(adjust(schema) if adjust else schema))


def _validator(schema: dict[str, Any]) -> jsonschema_rs.Validator:
    return jsonschema_rs.Draft202012Validator(schema, validate_formats=True)


# Levels of $ref and allOf followed when drawing; past them an optional part is left out.
_DEPTH = 6


def _drawn(node: Any, defs: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Instances of a schema, roughly: the caller filters them through the oracle.

    hypothesis-jsonschema 0.23.1 draws no object under this Hypothesis (its from_object_schema
    calls `many.more()`, a private API Hypothesis has since dropped: AttributeError), nor any
    schema with recursive refs (HypothesisRefResolutionError). So objects, arrays, refs and
    combinators are built here, recursion cut after a few levels, and from_schema draws the rest.
    """
    node, depth = _expanded(node, defs, depth)
    if node is True or node == {}:
        return _JSON
    if not isinstance(node, dict):
        return st.nothing()
    unions = [node[key] for key in ("oneOf", "anyOf") if key in node]
    if unions:
        rest = {k: v for k, v in node.items() if k not in ("oneOf", "anyOf")}
        return st.one_of([_drawn({"allOf": [b, rest]}, defs, depth) for b in unions[0]])
    if "properties" in node or node.get("type") == "object":
        required = set(node.get("required", []))
        drawn = {k: _drawn(v, defs, depth) for k, v in node.get("properties", {}).items()}
        return st.fixed_dictionaries(
            {k: drawn.get(k, _JSON) for k in sorted(required)},
            optional={k: v for k, v in drawn.items() if k not in required and not v.is_empty},
        )
    if "items" in node or node.get("type") == "array":
        items = _drawn(node.get("items", {}), defs, depth)
        low, high = node.get("minItems", 0), node.get("maxItems", 3)
        return st.just([]) if items.is_empty else st.lists(items, min_size=low, max_size=high)
    return from_schema(node)


def _expanded(node: Any, defs: dict[str, Any], depth: int) -> tuple[Any, int]:
    """The schema with its top-level $ref followed and allOf merged, and the depth reached."""
    while isinstance(node, dict) and ("$ref" in node or "allOf" in node):
        if depth >= _DEPTH:
            return False, depth
        depth += 1
        if "$ref" in node:
            rest = {k: v for k, v in node.items() if k != "$ref"}
            target = defs[node["$ref"].removeprefix("#/$defs/")]
            node = {"allOf": [target, rest]} if rest else target
        else:
            node = _merged(node, defs, depth)
    return node, depth


def _merged(node: dict[str, Any], defs: dict[str, Any], depth: int) -> Any:
    """allOf as one schema: properties and required joined, other keywords the last one's."""
    merged: dict[str, Any] = {k: v for k, v in node.items() if k != "allOf"}
    for member in node["allOf"]:
        expanded, _ = _expanded(member, defs, depth)
        if expanded is False:
            return False
        for k, v in expanded.items() if isinstance(expanded, dict) else ():
            if k == "properties":
                properties = dict(merged.get("properties", {}))
                for name, sub in v.items():
                    properties[name] = (
                        {"allOf": [properties[name], sub]} if name in properties else sub
                    )
                merged["properties"] = properties
            elif k == "required":
                merged["required"] = sorted({*merged.get("required", []), *v})
            else:
                merged[k] = v
    return merged


def _feature_oracles(
    key: str, name: str
) -> tuple[jsonschema_rs.Validator, jsonschema_rs.Validator]:
    """JSON Schema's validator for a model, and DCG's relaxed one."""
    return _validator(_oracle(key, name)), _validator(_oracle(key, name, dcg_oracle.relaxed))


@pytest.mark.parametrize(("key", "name"), FEATURE_CASES, ids=[f"{k}.{n}" for k, n in FEATURE_CASES])
def test_feature_model_agrees_with_json_schema(key: str, name: str, dcg: DcgModels) -> None:
    package = PACKAGES[key]
    model = _model(package.module, name)
    schema = _oracle(key, name)
    validator, relaxed = _feature_oracles(key, name)
    seeds = _drawn(schema, schema["$defs"]).filter(validator.is_valid)
    if name in package.seeds:
        assert all(validator.is_valid(seed) for seed in package.seeds[name])
        seeds = st.sampled_from(package.seeds[name])
    tally: Counter[str] = Counter()
    dcg_model = dcg[key].get(name)
    check = _checker(model, dcg_model, validator, relaxed, tally)

    @settings(
        max_examples=FEATURE_EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(seeds.flatmap(_mutated))
    def agree(instance: Any) -> None:
        check(instance)

    agree()
    assert dcg_model is None or tally["checked"], f"DCG checked no instance of {name}"


# The feature specs' discriminated unions, each checked whole: an option's class holds the tag
# values that select it anywhere, the union only those that select it there.
UNIONS = [
    ("features30", "Shape"),
    ("corpus_regressions", "Shape"),
    ("corpus_regressions", "NullableTag"),
]


@pytest.mark.parametrize(("key", "name"), UNIONS, ids=[f"{k}.{n}" for k, n in UNIONS])
def test_union_agrees_with_json_schema(key: str, name: str) -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(
        getattr(importlib.import_module(PACKAGES[key].module), name)
    )
    schema = _oracle(key, name)
    validator = _validator(schema)
    chosen: Counter[str] = Counter()

    @settings(
        max_examples=FEATURE_EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(_drawn(schema, schema["$defs"]).filter(validator.is_valid).flatmap(_mutated))
    def agree(instance: Any) -> None:
        text = json.dumps(instance)
        try:
            value = adapter.validate_json(text, strict=True, by_alias=True, by_name=False)
        except ValidationError:
            value = None
        assert (value is not None) == validator.is_valid(instance), text
        if value is not None:
            chosen[type(value).__name__] += 1

    agree()
    assert len(chosen) > 1, f"only {set(chosen)} was ever chosen"


def _model_classes(module: str) -> set[str]:
    found = vars(importlib.import_module(module)).items()
    return {
        name
        for name, value in found
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == module
        and value.__name__ == name  # not an alias of a class (SharedTag)
        and name not in _NOT_MODELS
    }


@pytest.mark.parametrize("key", sorted(PACKAGES))
def test_feature_models_are_covered(key: str) -> None:
    """Every model class is checked or excluded with a reason; `X` serves both ways if no XInput."""
    package = PACKAGES[key]
    covered, excluded = set(package.models), set(package.excluded)
    assert not covered & excluded
    assert covered | excluded == _model_classes(package.module)
    for name in covered:
        pointer, direction = _shape(key, name)
        if direction == "response" and f"{name}Input" not in covered:
            flags = _direction_flags(_document(key), _at(_document(key), pointer))
            assert not flags, f"{name} has {flags} but no {name}Input"


def _direction_flags(
    document: dict[str, Any], node: Any, seen: frozenset[str] = frozenset()
) -> set[str]:
    """The readOnly/writeOnly flags set in a schema or any schema it refers to."""
    if isinstance(node, list):
        return {f for v in node for f in _direction_flags(document, v, seen)}
    if not isinstance(node, dict):
        return set()
    found = {k for k in _HIDDEN.values() if node.get(k) is True}
    ref = node.get("$ref")
    if isinstance(ref, str) and ref not in seen:
        found |= _direction_flags(document, _at(document, ref.removeprefix("#")), seen | {ref})
    return found | {f for v in node.values() for f in _direction_flags(document, v, seen)}


def test_dcg_oracle_covers_every_case(dcg: DcgModels) -> None:
    assert set(dcg["api_tokens"]) == {name for name, _ in CASES}
    assert set(dcg["multi"]) == set(MULTI_CASES)
    assert set(dcg["features30"]) == set(PACKAGES["features30"].models)
    unchecked = set(PACKAGES["corpus_regressions"].models) - set(dcg["corpus_regressions"])
    assert unchecked == set(DCG_UNCHECKED)


# corpus_regressions models DCG is no oracle for (dcg_oracle.SPECS drops their schemas).
DCG_UNCHECKED = {
    "Node": "DCG cannot take Node",
    "NodeNext": "inline in Node, which DCG cannot take",
    "Loop": "DCG cannot take Loop",
    "NullableKind": "DCG cannot take NullableTag, the union that pins NullableKind's tag",
    "Square": "DCG holds Square's tag to Shape's value alone, as it warns (SharedTag says Circle)",
    "ShapeSquare": "DCG has no class for a union's option",
    "NullableTagSquare": "DCG has no class for a union's option",
    "SharedTagSquare": "DCG has no class for a union's option",
}


@pytest.mark.parametrize("gap", dcg_oracle.GAPS, ids=[g.feature for g in dcg_oracle.GAPS])
def test_dcg_gap_is_real(gap: dcg_oracle.Gap, dcg: DcgModels) -> None:
    """Each gap's witness splits DCG from JSON Schema and is skipped; drop a gap DCG closes."""
    key, name, text = gap.witness
    instance = json.loads(text)
    if key == "api_tokens":
        schema = dict(CASES)[name]
        ours = _model("generated.api_tokens.models", name)
        validator = _token_validator(schema)
        relaxed = _token_validator(schema, relax=True)
    else:
        ours = _model(PACKAGES[key].module, name)
        validator, relaxed = _feature_oracles(key, name)
    verdict = validator.is_valid(instance)
    assert _accepts(ours, text) == verdict
    assert _accepts(dcg[key][name], text) != verdict
    assert dcg_oracle.hinges_on_gap(instance, verdict, relaxed.is_valid(instance))
