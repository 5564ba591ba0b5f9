"""datamodel-code-generator (DCG) as a second oracle for tests/test_model_properties.py.

DCG's model for a schema must accept exactly what ours accepts, except on instances whose JSON
Schema verdict hinges on a feature DCG does not enforce (`GAPS`, each found by running the
property test against DCG and reading the disagreements). Those instances are told apart by
validating once more against the schema with the gaps relaxed; no schema is excluded wholesale.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from datamodel_code_generator import InputFileType, generate
from datamodel_code_generator.enums import DataModelType
from datamodel_code_generator.format import Formatter
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parents[1]
# The specs the property test draws from, each with our model name -> DCG's class name for the
# same schema. DCG names a component schema after its key, as we do, but the map is spelt out so
# that a change in either naming fails `models` instead of silently comparing other classes.
SPECS: dict[str, tuple[Path, dict[str, str]]] = {
    "api_tokens": (
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
    "multi": (
        ROOT / "tests" / "specs" / "multi" / "api.yaml",
        {"Node": "Node", "Envelope": "Envelope"},
    ),
}
_INT_FORMATS = frozenset({"int32", "int64"})


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
    witness: tuple[str, str]  # (schema, JSON) on which DCG and JSON Schema disagree
    relax: Callable[[dict[str, Any]], dict[str, Any]] | None = None  # schema node as DCG sees it
    hit: Callable[[Any], bool] | None = None  # for gaps no schema rewrite can express


GAPS = (
    Gap(
        "uniqueItems",
        "DCG types the array as list[...], which accepts duplicates",
        (
            "ApiApiTokenCreate",
            '{"name": "n", "expiry": "2030-01-01T00:00:00Z",'
            ' "permissions": ["api.users.read", "api.users.read"]}',
        ),
        relax=_drop_unique_items,
    ),
    Gap(
        "optional property without null in its type",
        "DCG types a property neither required nor defaulted as `X | None = None`: null passes",
        ("ApiApiTokenFilter", '{"userId": null}'),
        relax=_optional_nullable,
    ),
    Gap(
        "format int32/int64",
        "DCG emits conint without the format's bounds",
        ("ApiApiTokenUpdate", '{"version": 9223372036854775808, "name": "n"}'),
        relax=_drop_int_format,
    ),
    Gap(
        "integer written with a fraction part (1.0)",
        "JSON Schema counts 1.0 as an integer; DCG's plain int rejects it in strict mode",
        ("ApiApiTokenUpdate", '{"version": 0.0, "name": "n"}'),
        hit=_has_integral_float,
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


def models(directory: Path) -> dict[str, type[BaseModel]]:
    """DCG's model for each schema in SPECS, keyed by our model's name; generated in-process."""
    found: dict[str, type[BaseModel]] = {}
    for key, (spec, names) in SPECS.items():
        output = directory / f"dcg_{key}.py"
        # Explicit formatters and no timestamp: DCG warns about its default formatters otherwise.
        generate(
            spec,
            input_file_type=InputFileType.OpenAPI,
            output_model_type=DataModelType.PydanticV2BaseModel,
            output=output,
            formatters=[Formatter.BUILTIN],
            disable_timestamp=True,
            strict_nullable=True,
        )
        module = _load(output, f"_dcg_oracle_{key}")
        for ours, theirs in names.items():
            model = getattr(module, theirs)
            assert isinstance(model, type) and issubclass(model, BaseModel), theirs
            found[ours] = model
    return found


def unload() -> None:
    """Forget the generated modules, so that a later session regenerates them."""
    for key in SPECS:
        sys.modules.pop(f"_dcg_oracle_{key}", None)
