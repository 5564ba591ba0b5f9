"""datamodel-code-generator (DCG) as a second oracle for tests/test_model_properties.py.

DCG's model for a schema must accept exactly what JSON Schema accepts, except on instances whose
verdict hinges on a feature DCG does not enforce (`GAPS`, each found by running the property test
against DCG and reading the disagreements). Those instances are told apart by validating once
more against the schema with the gaps relaxed. Only schemas DCG cannot generate at all are left
out (`Spec.dropped`, each with the reason).
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from datamodel_code_generator import InputFileType, generate
from datamodel_code_generator.enums import DataModelType, OpenAPIScope, ReadOnlyWriteOnlyModelType
from datamodel_code_generator.format import Formatter
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Spec:
    """A spec the property test draws from, as DCG is asked to generate it."""

    path: Path
    # Our model name -> DCG's class name for the same schema. Spelt out, so that a change in
    # either naming fails `models` instead of silently comparing other classes.
    names: dict[str, str]
    # Component schemas DCG cannot generate, each with the reason: left out of its input, so
    # ours for them have no second oracle.
    dropped: dict[str, str] = field(default_factory=dict)
    # Request and response shapes where readOnly/writeOnly differ (DCG names them `XRequest`,
    # `XResponse`), and request bodies' inline schemas, as our generator has them too.
    shapes: bool = False


SPECS: dict[str, Spec] = {
    "api_tokens": Spec(
        ROOT / "spec" / "api-tokens.yaml",
        {
            "ApiApiTokenCreate": "ApiApiTokenCreate",
            "ApiApiTokenUpdate": "ApiApiTokenUpdate",
            "ApiApiTokenFilter": "ApiApiTokenFilter",
            "ApiUserInfoRead": "ApiUserInfoRead",
            "ApiApiTokenRead": "ApiApiTokenRead",
            "ApiApiTokenCreated": "ApiApiTokenCreated",
            "ApiPageApiApiTokenRead": "ApiPageApiApiTokenRead",
            "Problem": "Problem",
            "FieldProblem": "FieldProblem",
        },
    ),
    "multi": Spec(
        ROOT / "tests" / "specs" / "multi" / "api.yaml",
        {"Node": "Node", "Envelope": "Envelope"},
    ),
    "features30": Spec(
        ROOT / "tests" / "specs" / "features30.yaml",
        {
            "Person": "Person",
            "Owner": "Owner",
            "Circle": "Circle",
            "Square": "Square",
            "Pet": "PetResponse",
            "PetInput": "PetRequest",
            "Error": "Error",
            "ImportBody": "ClassFromPutRequest",
        },
        shapes=True,
    ),
    "corpus_regressions": Spec(
        ROOT / "tests" / "specs" / "corpus_regressions.yaml",
        {
            "Circle": "Circle",
            "SearchResponse": "SearchResponse",
            "SearchRequest": "SearchRequest",
            "ClientError2": "ClientError",
            "UnexpectedStatus2": "UnexpectedStatus",
            "Principal2": "Principal",
            "Request2": "Request",
            "ValueError2": "ValueError",
            "Settings": "Settings",
        },
        dropped={
            "Loop": "DCG stops: 'Generated model inheritance cycle: Loop -> Loop'",
            "Node": "DCG stops: its allOf through Node exceeds the Python recursion limit",
            "NullableTag": "DCG's model does not import: pydantic refuses a nullable tag",
        },
    ),
}
_INT_FORMATS = frozenset({"int32", "int64"})
# Marks a schema that is a branch of discriminated unions, with the tag property's name, in the
# JSON Schema the property test builds from an OpenAPI 3.0 document (see its _pinned).
BRANCH = "x-discriminated-by"


def _drop_unique_items(node: dict[str, Any]) -> dict[str, Any]:
    if isinstance(node.get("uniqueItems"), bool):
        return {k: v for k, v in node.items() if k != "uniqueItems"}
    return node


def _optional_nullable(node: dict[str, Any]) -> dict[str, Any]:
    properties, required = node.get("properties"), node.get("required", [])
    if not isinstance(properties, dict):
        return node
    nullable = {
        name: sub
        if name in required or (isinstance(sub, dict) and "default" in sub)
        else {"anyOf": [sub, {"type": "null"}]}
        for name, sub in properties.items()
    }
    return {**node, "properties": nullable}


def _drop_int_format(node: dict[str, Any]) -> dict[str, Any]:
    if isinstance(node.get("format"), str) and node["format"] in _INT_FORMATS:
        return {k: v for k, v in node.items() if k != "format"}
    return node


def _require_tag(node: dict[str, Any]) -> dict[str, Any]:
    if isinstance(node.get(BRANCH), str):
        return {**node, "required": [node[BRANCH]]}
    return node


def _with_bools(value: Any) -> list[Any]:
    """`value`, and each variant of it with numbers 1 and 0 inside it written true and false."""
    if type(value) is int and value in (0, 1):
        return [value, bool(value)]
    if isinstance(value, list):
        return [list(c) for c in itertools.product(*map(_with_bools, value))]
    if isinstance(value, dict):
        variants = itertools.product(*map(_with_bools, value.values()))
        return [dict(zip(value, c, strict=True)) for c in variants]
    return [value]


def enum_by_python_equality(node: dict[str, Any]) -> dict[str, Any]:
    """An enum as pydantic matches it, even in strict mode: by Python's ==, where true == 1."""
    values = node.get("enum")
    if not isinstance(values, list):
        return node
    return {**node, "enum": [v for value in values for v in _with_bools(value)]}


def _has_integral_float(instance: Any) -> bool:
    if isinstance(instance, float):
        return instance.is_integer()
    if isinstance(instance, dict):
        return any(_has_integral_float(v) for v in instance.values())
    if isinstance(instance, list):
        return any(_has_integral_float(v) for v in instance)
    return False


@dataclass(frozen=True)
class Gap:
    """A JSON Schema feature DCG's models do not enforce, with an instance that shows it."""

    feature: str
    reason: str
    witness: tuple[str, str, str]  # (spec, model, JSON) on which DCG and JSON Schema disagree
    relax: Callable[[dict[str, Any]], dict[str, Any]] | None = None  # schema node as DCG sees it
    hit: Callable[[Any], bool] | None = None  # for gaps no schema rewrite can express


GAPS = (
    Gap(
        "uniqueItems",
        "DCG types the array as list[...], which accepts duplicates",
        (
            "api_tokens",
            "ApiApiTokenCreate",
            '{"name": "n", "expiry": "2030-01-01T00:00:00Z",'
            ' "permissions": ["api.users.read", "api.users.read"]}',
        ),
        relax=_drop_unique_items,
    ),
    Gap(
        "optional property without null in its type",
        "DCG types a property neither required nor defaulted as `X | None = None`: null passes",
        ("api_tokens", "ApiApiTokenFilter", '{"userId": null}'),
        relax=_optional_nullable,
    ),
    Gap(
        "format int32/int64",
        "DCG emits conint without the format's bounds",
        ("api_tokens", "ApiApiTokenUpdate", '{"version": 9223372036854775808, "name": "n"}'),
        relax=_drop_int_format,
    ),
    Gap(
        "integer written with a fraction part (1.0)",
        "JSON Schema counts 1.0 as an integer; DCG's plain int rejects it in strict mode",
        ("api_tokens", "ApiApiTokenUpdate", '{"version": 0.0, "name": "n"}'),
        hit=_has_integral_float,
    ),
    Gap(
        "discriminator tag left optional",
        "DCG types a branch's tag as a required Literal, though the schema leaves it optional",
        ("corpus_regressions", "Circle", "{}"),
        relax=_require_tag,
    ),
    Gap(
        "enum values told apart from booleans",
        "DCG's Enum matches by Python equality, so true passes for 1 (our IntEnum/Literal too)",
        ("corpus_regressions", "Settings", '{"point": {"x": true}}'),
        relax=enum_by_python_equality,
    ),
)


def relaxed(node: Any) -> Any:
    """The schema (or document) with every gap's keyword relaxed, i.e. what DCG enforces."""
    if isinstance(node, list):
        return [relaxed(v) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: relaxed(v) for k, v in node.items()}
    for gap in GAPS:
        if gap.relax is not None:
            node = gap.relax(node)
    return node


def hinges_on_gap(instance: Any, verdict: bool, relaxed_verdict: bool) -> bool:
    """Whether JSON Schema's verdict on `instance` depends on a feature DCG does not enforce."""
    return verdict != relaxed_verdict or any(gap.hit(instance) for gap in GAPS if gap.hit)


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # pydantic resolves the postponed annotations through sys.modules[cls.__module__].
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _input(spec: Spec) -> Path | dict[str, Any]:
    """The spec as DCG is given it: its file, or the document less the schemas DCG cannot take."""
    if not spec.dropped:
        return spec.path
    document = yaml.safe_load(spec.path.read_text())
    schemas = document["components"]["schemas"]
    return {
        **document,
        "components": {
            **document["components"],
            "schemas": {k: v for k, v in schemas.items() if k not in spec.dropped},
        },
    }


def models(directory: Path) -> dict[str, dict[str, type[BaseModel]]]:
    """DCG's model for each schema in SPECS, keyed by spec and our model's name; in-process."""
    found: dict[str, dict[str, type[BaseModel]]] = {}
    for key, spec in SPECS.items():
        output = directory / f"dcg_{key}.py"
        shapes: dict[str, Any] = {}
        if spec.shapes:
            shapes = {
                "read_only_write_only_model_type": ReadOnlyWriteOnlyModelType.RequestResponse,
                "openapi_scopes": [OpenAPIScope.Schemas, OpenAPIScope.Paths],
            }
        with warnings.catch_warnings():
            # DCG warns that a branch of several discriminated unions keeps one union's tag
            # (corpus_regressions' Square, which is therefore not compared).
            warnings.filterwarnings(
                "ignore", r".* is a variant of discriminated unions", UserWarning
            )
            # Explicit formatters and no timestamp: DCG warns about its default formatters
            # otherwise.
            generate(
                _input(spec),
                input_file_type=InputFileType.OpenAPI,
                output_model_type=DataModelType.PydanticV2BaseModel,
                output=output,
                formatters=[Formatter.BUILTIN],
                disable_timestamp=True,
                strict_nullable=True,
                **shapes,
            )
        module = _load(output, f"_dcg_oracle_{key}")
        found[key] = {}
        for ours, theirs in spec.names.items():
            model = getattr(module, theirs)
            assert isinstance(model, type) and issubclass(model, BaseModel), theirs
            found[key][ours] = model
    return found


def unload() -> None:
    """Forget the generated modules, so that a later session regenerates them."""
    for key in SPECS:
        sys.modules.pop(f"_dcg_oracle_{key}", None)
