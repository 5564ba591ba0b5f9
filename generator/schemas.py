"""JSON Schema -> IR types and models, deciding names, shapes and constraints."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache
from typing import Any, TypeVar, cast

from generator import naming
from generator.annotations import PARSERS, is_nullable, walk
from generator.diagnostics import Diagnostic, Severity
from generator.discriminators import ModelKey, Settled
from generator.ir import (
    Alias,
    AliasRef,
    Constraint,
    Default,
    DictType,
    EnumMember,
    EnumRef,
    EnumType,
    EnumValue,
    Field,
    Json,
    ListType,
    LiteralType,
    Model,
    ModelType,
    ParsedValue,
    Scalar,
    ScalarType,
    TypeExpr,
    UnionType,
)
from generator.source import Ref, Sources
from generator.unions import UnionBuilder


class Direction(StrEnum):
    """Which shape of a schema is wanted: readOnly fields go one way, writeOnly the other."""

    READ = "read"  # responses: writeOnly properties left out
    WRITE = "write"  # requests: readOnly properties left out


_MAX_DEPTH = 64  # nesting beyond this is a cycle the builder would otherwise chase forever
_INT_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_STRING_FORMATS = {
    "date-time": Scalar.DATETIME,
    "date": Scalar.DATE,
    "uuid": Scalar.UUID,
}
# Keywords that restrict values but that no pydantic type can express; the model accepts
# more than the schema, so we say so (an error under --strict).
_UNENFORCED = (
    "not",
    "if",
    "patternProperties",
    "dependentRequired",
    "dependentSchemas",
    "propertyNames",
    "contains",
    "unevaluatedProperties",
    "unevaluatedItems",
    "prefixItems",
)
# Constructs Python's `re` understands but pydantic's default (Rust) engine refuses:
# lookarounds, backreferences and octal escapes, inline groups, `\Z`, `\N{...}`, `{,n}` and
# `(?#...)` comments.
_PYTHON_RE_ONLY = re.compile(r"\(\?[=!<#]|\\[0-9ZN]|\(\?P?<?[A-Za-z]|\{,")
_SHORT = 40  # characters of a value quoted in a warning


def _parse(scalar: Scalar, text: str) -> object:
    """What the generated code's call for this scalar (annotations.PARSERS) makes of text."""
    module, _, path = PARSERS[scalar].partition(".")
    # Imported on use: uuid only for uuid defaults, since its import (platform) costs ~6 ms.
    target: Any = importlib.import_module(module)
    for name in path.split("."):
        target = getattr(target, name)
    return target(text)


_T = TypeVar("_T")
_SCHEMA_KEYS = frozenset(
    {"type", "properties", "items", "enum", "const", "allOf", "anyOf", "oneOf", "$ref"}
)


@dataclass
class _Draft:
    """A model being built; frozen into a `Model` once every discriminator is known."""

    name: str
    description: str
    fields: list[Field]
    extra: str
    extra_type: TypeExpr | None
    source: str
    direction: str
    examples: tuple[Json, ...]


def schema_examples(schema: dict[str, Any]) -> tuple[Json, ...]:
    found: list[Json] = []
    if "example" in schema:
        found.append(schema["example"])
    examples = schema.get("examples")
    if isinstance(examples, list):
        found.extend(examples)
    return tuple(found)


def _text(schema: dict[str, Any]) -> str:
    value = schema.get("description") or schema.get("title") or ""
    return value if isinstance(value, str) else ""


class SchemaBuilder:
    """Turns schemas into types, registering a model or enum for every named object schema."""

    def __init__(
        self,
        sources: Sources,
        is_31: bool,
        known: Settled | None = None,
    ) -> None:
        self.sources = sources
        self.is_31 = is_31
        self.diagnostics: list[Diagnostic] = []
        self.classes = naming.Scope(naming.TEMPLATE_NAMES | naming.BUILTIN_CLASSES)
        self._drafts: dict[str, _Draft] = {}
        self._enums: dict[str, EnumType] = {}
        self._aliases: dict[str, Alias] = {}
        self._named: dict[tuple[Ref, Direction], TypeExpr] = {}
        self._in_progress: set[tuple[Ref, Direction]] = set()
        self._merging: dict[tuple[Ref, Direction], str] = {}  # allOf models being built
        self._rw: dict[Ref, bool] = {}
        self._model_keys: dict[str, ModelKey] = {}  # model name -> its key, from its start
        self._unions = UnionBuilder(
            sources, self.classes, self._drafts, self._model_keys, self.warn, known=known
        )

    # ----------------------------------------------------------------- results

    def models(self) -> tuple[Model, ...]:
        """Every class, each union's branch subclasses after the classes they extend."""
        return (
            *(self._freeze(d) for d in self._drafts.values()),
            *self._unions.branch_models(),
        )

    def unsettled(self) -> Settled | None:
        """What this pass learnt about discriminated unions, when a next pass needs it."""
        return self._unions.unsettled()

    def enums(self) -> tuple[EnumType, ...]:
        return tuple(self._enums.values())

    def aliases(self) -> tuple[Alias, ...]:
        """Aliases in the order they were completed, so each follows those it refers to."""
        return tuple(self._aliases.values())

    def warn(self, at: Ref, code: str, message: str) -> None:
        self.diagnostics.append(self.sources.diagnostic(at, Severity.WARNING, code, message))

    def error(self, at: Ref, code: str, message: str) -> None:
        self.diagnostics.append(self.sources.diagnostic(at, Severity.ERROR, code, message))

    # ------------------------------------------------------------ entry points

    def type_of(self, schema: Any, at: Ref, hint: str, direction: Direction) -> TypeExpr:
        """The type for the schema at `at`; `hint` names any class an inline schema needs."""
        if isinstance(schema, bool):
            return ScalarType(Scalar.ANY) if schema else ScalarType(Scalar.NONE)
        if not isinstance(schema, dict):
            self.error(at, "schema-type", "a schema must be an object or a boolean")
            return ScalarType(Scalar.ANY)
        if "$ref" in schema:
            return self.named(self.sources.resolve(schema["$ref"], at.child("$ref")), direction)
        return self._inline(schema, at, hint, direction)

    def named(self, ref: Ref, direction: Direction) -> TypeExpr:
        """The type of a schema reached through `$ref`: one class per schema and shape."""
        if not self.rw_sensitive(ref):
            direction = Direction.READ
        key = (ref, direction)
        if key in self._named:
            return self._named[key]
        if key in self._in_progress:
            self.warn(
                ref, "recursion", "a schema that contains itself outside an object is typed Any"
            )
            return ScalarType(Scalar.ANY)
        schema = self.sources.node(ref)
        base = self._ref_base(ref, direction)
        self._in_progress.add(key)
        try:
            if _is_object(schema):
                # Registered before building so recursive references find it.
                name = self._claim_class(base, ref)
                self._named[key] = ModelType(name)
                self._model_keys[name] = (str(ref), direction.value)
                result = self._inline(schema, ref, name, direction, claimed=True)
            else:
                result = self._alias(schema, ref, base, direction)
        finally:
            self._in_progress.discard(key)
        self._named[key] = result
        return result

    def _alias(self, schema: Any, ref: Ref, base: str, direction: Direction) -> TypeExpr:
        """Named scalars, arrays and unions keep their spec name as a type alias."""
        result = self._inline(schema, ref, base, direction, claimed=False)
        if isinstance(result, ModelType | EnumRef) or not isinstance(schema, dict):
            return result
        name = self._claim_class(base, ref)
        self._aliases[name] = Alias(name, result, _text(schema), str(ref))
        return AliasRef(name, result)

    def _claim_class(self, base: str, ref: Ref) -> str:
        name = self.classes.claim(base)
        if name != base and ref.pointer[:2] == ("components", "schemas"):
            self.warn(
                ref,
                "name-collision",
                f"schema {ref.pointer[-1]!r} becomes class {base!r}, which is taken; "
                f"it is named {name!r} instead",
            )
        return name

    @staticmethod
    def _ref_base(ref: Ref, direction: Direction) -> str:
        last = ref.pointer[-1] if ref.pointer else ref.file.stem
        base = naming.pascal(str(last))
        return f"{base}Input" if direction is Direction.WRITE else base

    # ----------------------------------------------------------- classification

    def rw_sensitive(self, ref: Ref) -> bool:
        """Does the schema at `ref`, or one it contains, have readOnly or writeOnly properties?"""
        if ref in self._rw:
            return self._rw[ref]
        self._rw[ref] = False  # cycles count as not sensitive on their own
        result = self._scan_rw(self.sources.node(ref), ref, depth=0)
        self._rw[ref] = result
        return result

    def _scan_rw(self, schema: Any, at: Ref, depth: int) -> bool:  # noqa: PLR0911 - one branch per JSON Schema keyword family
        if not isinstance(schema, dict) or depth > _MAX_DEPTH:
            return False
        if "$ref" in schema and isinstance(schema["$ref"], str):
            return self.rw_sensitive(self.sources.resolve(schema["$ref"], at.child("$ref")))
        for name, prop in _items(schema.get("properties")):
            if isinstance(prop, dict) and (prop.get("readOnly") or prop.get("writeOnly")):
                return True
            if self._scan_rw(prop, at.child("properties", name), depth + 1):
                return True
        for key in ("items", "additionalProperties"):
            if self._scan_rw(schema.get(key), at.child(key), depth + 1):
                return True
        for key in ("allOf", "anyOf", "oneOf"):
            parts = schema.get(key)
            if isinstance(parts, list):
                for i, part in enumerate(parts):
                    if self._scan_rw(part, at.child(key, i), depth + 1):
                        return True
        return False

    # --------------------------------------------------------------- building

    def _inline(
        self,
        schema: dict[str, Any],
        at: Ref,
        hint: str,
        direction: Direction,
        claimed: bool = False,
    ) -> TypeExpr:
        for keyword in _UNENFORCED:
            if keyword in schema:
                self.warn(
                    at.child(keyword),
                    "unenforced",
                    f"'{keyword}' cannot be expressed in a pydantic model; "
                    "the generated model does not enforce it",
                )
        result = self._base_type(schema, at, hint, direction, claimed)
        if self._nullable(schema) and not is_nullable(result):
            result = UnionType((result, ScalarType(Scalar.NONE)))
        return result

    def _nullable(self, schema: dict[str, Any]) -> bool:
        return schema.get("nullable") is True and not self.is_31

    def _base_type(  # noqa: PLR0911 - one branch per JSON Schema keyword family
        self, schema: dict[str, Any], at: Ref, hint: str, direction: Direction, claimed: bool
    ) -> TypeExpr:
        if "const" in schema:
            return LiteralType((schema["const"],))
        if isinstance(schema.get("enum"), list):
            return self._enum(schema, at, hint, claimed)
        if isinstance(schema.get("allOf"), list):
            return self._all_of(schema, at, hint, direction, claimed)
        unions = [k for k in ("oneOf", "anyOf") if isinstance(schema.get(k), list) and schema[k]]
        if unions and "properties" in schema:
            self.warn(
                at.child(unions[0]),
                "unenforced",
                f"'{unions[0]}' beside 'properties' is not enforced",
            )
        elif unions:
            return self._union(schema, unions[0], at, hint, direction)
        types = schema.get("type")
        if isinstance(types, list):
            return self._type_list(
                schema, [t for t in types if isinstance(t, str)], at, hint, direction, claimed
            )
        if isinstance(types, str):
            return self._typed(schema, types, at, hint, direction, claimed)
        if "properties" in schema or "additionalProperties" in schema:
            return self._typed(schema, "object", at, hint, direction, claimed)
        if "items" in schema:
            return self._typed(schema, "array", at, hint, direction, claimed)
        return ScalarType(Scalar.ANY)

    def _type_list(  # noqa: PLR0913, PLR0917 - a schema's site: where, name hint, shape, claimed
        self,
        schema: dict[str, Any],
        types: list[str],
        at: Ref,
        hint: str,
        direction: Direction,
        claimed: bool,
    ) -> TypeExpr:
        """OpenAPI 3.1 `type: [string, "null"]`: a union; the object member keeps the name."""
        concrete = [t for t in types if t != "null"]
        options: list[TypeExpr] = []
        for t in concrete:
            keeps_name = t == "object" or len(concrete) == 1
            option_hint = hint if keeps_name else f"{hint}{naming.pascal(t)}"
            options.append(
                self._typed(schema, t, at, option_hint, direction, claimed and keeps_name)
            )
        if "null" in types:
            options.append(ScalarType(Scalar.NONE))
        unique = tuple(_distinct(options))
        return unique[0] if len(unique) == 1 else UnionType(unique)

    def _typed(  # noqa: PLR0911, PLR0913, PLR0917 - a schema's site: where, name hint, shape, claimed
        self,
        schema: dict[str, Any],
        json_type: str,
        at: Ref,
        hint: str,
        direction: Direction,
        claimed: bool,
    ) -> TypeExpr:
        if json_type == "string":
            return self._string(schema, at)
        if json_type in ("integer", "number"):
            return self._number(schema, json_type)
        if json_type == "boolean":
            return ScalarType(Scalar.BOOL)
        if json_type == "null":
            return ScalarType(Scalar.NONE)
        if json_type == "array":
            return self._array(schema, at, hint, direction)
        if json_type == "object":
            return self._object(schema, at, hint, direction, claimed)
        self.error(at.child("type"), "unknown-type", f"unknown type {json_type!r}")
        return ScalarType(Scalar.ANY)

    def _string(self, schema: dict[str, Any], at: Ref) -> TypeExpr:
        fmt = schema.get("format")
        scalar = _STRING_FORMATS.get(fmt, Scalar.STR) if isinstance(fmt, str) else Scalar.STR
        constraints: list[Constraint] = []
        if scalar is Scalar.STR:
            for key, keyword in (("minLength", "min_length"), ("maxLength", "max_length")):
                if isinstance(schema.get(key), int):
                    constraints.append(Constraint(keyword, schema[key]))
            pattern = schema.get("pattern")
            if isinstance(pattern, str):
                if _compiles(pattern):
                    constraints.append(Constraint("pattern", pattern))
                else:
                    self.error(
                        at.child("pattern"), "pattern", f"invalid regular expression {pattern!r}"
                    )
        return ScalarType(scalar, tuple(constraints))

    def _number(self, schema: dict[str, Any], json_type: str) -> TypeExpr:
        scalar = Scalar.INT if json_type == "integer" else Scalar.FLOAT
        bounds: dict[str, Json] = {}
        fmt = schema.get("format")
        if scalar is Scalar.INT and fmt in _INT_BOUNDS:
            bounds["ge"], bounds["le"] = _INT_BOUNDS[fmt]
        for key, keyword in (("minimum", "ge"), ("maximum", "le")):
            if _is_number(schema.get(key)):
                bounds[keyword] = schema[key]
        for key, keyword, inclusive in (
            ("exclusiveMinimum", "gt", "minimum"),
            ("exclusiveMaximum", "lt", "maximum"),
        ):
            value = schema.get(key)
            if value is True and _is_number(schema.get(inclusive)):  # OpenAPI 3.0 style
                bounds[keyword] = schema[inclusive]
                bounds.pop("ge" if keyword == "gt" else "le", None)
            elif _is_number(value):
                bounds[keyword] = value
        if _is_number(schema.get("multipleOf")):
            bounds["multiple_of"] = schema["multipleOf"]
        return ScalarType(scalar, tuple(Constraint(k, v) for k, v in bounds.items()))

    def _array(self, schema: dict[str, Any], at: Ref, hint: str, direction: Direction) -> TypeExpr:
        items = schema.get("items", True)
        item = self.type_of(items, at.child("items"), f"{hint}Item", direction)
        constraints = [
            Constraint(keyword, schema[key])
            for key, keyword in (("minItems", "min_length"), ("maxItems", "max_length"))
            if isinstance(schema.get(key), int)
        ]
        return ListType(item, tuple(constraints), unique=schema.get("uniqueItems") is True)

    def _object(
        self, schema: dict[str, Any], at: Ref, hint: str, direction: Direction, claimed: bool
    ) -> TypeExpr:
        properties = schema.get("properties")
        if not isinstance(properties, dict) or not properties:
            value = schema.get("additionalProperties", True)
            constraints = tuple(
                Constraint(keyword, schema[key])
                for key, keyword in (
                    ("minProperties", "min_length"),
                    ("maxProperties", "max_length"),
                )
                if isinstance(schema.get(key), int)
            )
            if value is False and not constraints:
                return self._model(schema, at, hint, direction, [], claimed)
            value_type = self.type_of(
                value, at.child("additionalProperties"), f"{hint}Value", direction
            )
            return DictType(value_type, constraints)
        return self._model(schema, at, hint, direction, [(schema, at)], claimed)

    def _all_of(
        self, schema: dict[str, Any], at: Ref, hint: str, direction: Direction, claimed: bool
    ) -> TypeExpr:
        parts = schema["allOf"]
        own = {k: v for k, v in schema.items() if k != "allOf"}
        if len(parts) == 1 and not (own.keys() & {"properties", "required"}):
            # `allOf: [$ref]` is how 3.0 documents attach a description to a reference.
            return self.type_of(parts[0], at.child("allOf", 0), hint, direction)
        key = (at, direction)
        if key in self._merging:
            # The merge's own properties lead back to it: refer to the class being built.
            return ModelType(self._merging[key])
        name = hint if claimed else self.classes.claim(hint)
        self._merging[key] = name
        try:
            pieces: list[tuple[dict[str, Any], Ref]] = []
            merged: set[Ref] = set()
            for i, part in enumerate(parts):
                pieces.extend(self._flatten(part, at.child("allOf", i), 0, {at}, merged))
            if "properties" in own or "required" in own:
                pieces.append((own, at))
            return self._model(schema, at, name, direction, pieces, claimed=True)
        finally:
            del self._merging[key]

    def _flatten(
        self, part: Any, at: Ref, depth: int, flattening: set[Ref], merged: set[Ref]
    ) -> list[tuple[dict[str, Any], Ref]]:
        """The object schemas an allOf member contributes, following refs and nested allOf.

        A schema reached again while it is being flattened (`A: allOf: [$ref: A, ...]`)
        contributes nothing more, nor does one the merge has taken in already (`merged`): its
        properties would be redeclarations, which keep the first shape anyway, and taking it
        in at every path that leads to it costs exponential time (allOf of allOf of the same
        refs).
        """
        if depth > _MAX_DEPTH or not isinstance(part, dict):
            return []
        if "$ref" in part:
            target = self.sources.resolve(part["$ref"], at.child("$ref"))
            if target in flattening:
                self.warn(
                    at.child("$ref"),
                    "recursion",
                    "an allOf that includes itself: the repeated schema adds nothing",
                )
                return []
            if target in merged:
                return []
            merged.add(target)
            node = self.sources.node(target)
            return self._flatten(node, target, depth + 1, flattening | {target}, merged)
        found = [(part, at)]
        for i, sub in enumerate(part.get("allOf") or []):
            found.extend(self._flatten(sub, at.child("allOf", i), depth + 1, flattening, merged))
        for key in ("oneOf", "anyOf"):
            if key in part:
                self.warn(at.child(key), "unenforced", f"'{key}' inside allOf is not enforced")
        return found

    def _model(  # noqa: PLR0913, PLR0917 - a schema's site: where, name hint, shape, claimed
        self,
        schema: dict[str, Any],
        at: Ref,
        hint: str,
        direction: Direction,
        pieces: list[tuple[dict[str, Any], Ref]],
        claimed: bool,
    ) -> TypeExpr:
        name = hint if claimed else self.classes.claim(hint)
        fields = naming.Scope()
        by_wire: dict[str, Field] = {}
        required = {
            r for piece, _ in pieces for r in piece.get("required") or [] if isinstance(r, str)
        }
        for piece, piece_at in pieces:
            for wire, prop in _items(piece.get("properties")):
                prop_at = piece_at.child("properties", wire)
                if wire in by_wire:
                    continue  # an allOf member redeclaring a property keeps the first shape
                built = self._field(wire, prop, prop_at, name, direction, wire in required)
                if built is None:
                    continue
                unique = fields.claim(built.name)
                if unique != built.name:
                    self.warn(
                        prop_at,
                        "name-collision",
                        f"property {wire!r} becomes attribute {built.name!r}, which another "
                        f"property of {name} already has; it is named {unique!r} instead",
                    )
                by_wire[wire] = built if unique == built.name else replace(built, name=unique)
        extra, extra_type = self._extra(pieces, at, name, direction)
        self._drafts[name] = _Draft(
            name=name,
            description=_text(schema),
            fields=list(by_wire.values()),
            extra=extra,
            extra_type=extra_type,
            source=str(at),
            direction=direction.value,
            examples=schema_examples(schema),
        )
        return ModelType(name)

    def _extra(
        self, pieces: list[tuple[dict[str, Any], Ref]], at: Ref, name: str, direction: Direction
    ) -> tuple[str, TypeExpr | None]:
        for piece, piece_at in pieces:
            value = piece.get("additionalProperties")
            if value is False:
                return "forbid", None
            if isinstance(value, dict) and value:
                hint = f"{name}Value"
                value_at = piece_at.child("additionalProperties")
                return "allow", self.type_of(value, value_at, hint, direction)
        return "allow", None

    def _field(  # noqa: PLR0913, PLR0917 - a schema's site: where, name hint, shape, claimed
        self,
        wire: str,
        prop: Any,
        at: Ref,
        model: str,
        direction: Direction,
        required: bool,
    ) -> Field | None:
        schema = prop if isinstance(prop, dict) else {}
        target = schema
        if "$ref" in schema:
            _, target = self.sources.follow(schema, at)
            target = target if isinstance(target, dict) else {}
        read_only = bool(schema.get("readOnly") or target.get("readOnly"))
        write_only = bool(schema.get("writeOnly") or target.get("writeOnly"))
        if (direction is Direction.WRITE and read_only) or (
            direction is Direction.READ and write_only
        ):
            return None
        field_type = self.type_of(prop, at, f"{model}{naming.pascal(wire)}", direction)
        has_default, python_default = False, None
        if "default" in schema:
            has_default, python_default = self.default(
                schema["default"], field_type, at.child("default")
            )
        return Field(
            name=naming.snake(wire),
            wire_name=wire,
            type=field_type,
            required=required and not has_default,
            nullable=is_nullable(field_type),
            description=_text(schema) or _text(target),
            default=schema.get("default"),
            has_default=has_default,
            python_default=python_default,
            read_only=read_only,
            write_only=write_only,
            secret=bool(schema.get("x-secret") or target.get("x-secret")),
        )

    def default(self, value: Json, target: TypeExpr, at: Ref) -> tuple[bool, Default]:
        """The spec's `default` as the generated code holds it, or (False, None) with a warning.

        A default that does not fit its own type (a string on an integer, a value outside its
        enum) would fail type checking, and pydantic does not validate defaults: it is left
        out, so the attribute defaults to None (absent).
        """
        if value is None:
            return True, None
        try:
            return True, self._fit(value, target)
        except _NoFit as exc:
            self.warn(
                at,
                "default",
                f"default {_short(value)} does not fit the schema ({exc}); it is not emitted",
            )
            return False, None

    def _fit(self, value: Json, t: TypeExpr) -> Default:  # noqa: PLR0911, PLR0912 - one case per kind of type
        match t:
            case AliasRef(_, target):
                return self._fit(value, target)
            case UnionType(options):
                for option in options:
                    try:
                        return self._fit(value, option)
                    except _NoFit:
                        continue
                raise _NoFit("no option of the union accepts it")
            case ScalarType(scalar, constraints):
                return _fit_scalar(value, scalar, constraints)
            case EnumRef(name):
                enum = self._enums.get(name)
                for member in enum.members if enum else ():
                    if _json_equal(member.value, value):
                        return EnumValue(name, member.name)
                raise _NoFit(f"not one of the values of {name}")
            case LiteralType(values):
                if any(_json_equal(v, value) for v in values):
                    return cast("Default", value)  # JSON is a Default (lists are invariant)
                raise _NoFit("not one of the allowed values")
            case ListType(item, constraints, _):
                if not isinstance(value, list):
                    raise _NoFit("not an array")
                _check_length(len(value), constraints)
                return [self._fit(v, item) for v in value]
            case DictType(item, constraints):
                if not isinstance(value, dict):
                    raise _NoFit("not an object")
                _check_length(len(value), constraints)
                return {str(k): self._fit(v, item) for k, v in value.items()}
            case ModelType(_):
                raise _NoFit("object defaults of a model are not supported")
        raise _NoFit("unsupported type")

    def _enum(self, schema: dict[str, Any], at: Ref, hint: str, claimed: bool) -> TypeExpr:
        values = schema["enum"]
        nullable = None in values
        concrete = [v for v in values if v is not None]
        if not concrete:
            return ScalarType(Scalar.NONE)
        if all(isinstance(v, str) for v in concrete):
            base = Scalar.STR
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in concrete):
            base = Scalar.INT
        else:
            return LiteralType(tuple(values))  # compared as JSON where no Literal can hold them
        name = hint if claimed else self.classes.claim(hint)
        if name not in self._enums:
            members = naming.Scope(frozenset({"mro", "name", "value"}))
            self._enums[name] = EnumType(
                name=name,
                description=_text(schema),
                base=base,
                members=tuple(
                    EnumMember(members.claim(naming.constant(v)), v) for v in _distinct(concrete)
                ),
                source=str(at),
            )
        result: TypeExpr = EnumRef(name, integer=base is Scalar.INT)
        if nullable:
            result = UnionType((result, ScalarType(Scalar.NONE)))
        return result

    def _union(
        self, schema: dict[str, Any], key: str, at: Ref, hint: str, direction: Direction
    ) -> TypeExpr:
        options = tuple(
            self.type_of(option, at.child(key, i), f"{hint}{i + 1}", direction)
            for i, option in enumerate(schema[key])
        )
        if len(_distinct(options)) == 1:
            return options[0]
        options, discriminator = self._unions.discriminated(schema, key, at, hint, options)
        options = tuple(_distinct(options))
        # One option left (the others never selected) is still the union: a named one keeps
        # its name as an alias.
        if len(options) == 1:
            discriminator = None
        return UnionType(options, discriminator, exclusive=key == "oneOf")

    def _freeze(self, draft: _Draft) -> Model:
        fields = []
        for f in draft.fields:
            tags = self._unions.tags((draft.source, draft.direction, f.wire_name))
            if not tags:
                fields.append(f)
                continue
            # An optional tag defaults to its own (or only) value: pydantic wants a bare Literal.
            default = str(f.default if f.has_default and f.default in tags else tags[0])
            fields.append(
                replace(
                    f,
                    type=LiteralType(tuple(tags)),
                    tag=True,
                    has_default=not f.required,
                    python_default=None if f.required else default,
                )
            )
        return Model(
            name=draft.name,
            description=draft.description,
            fields=tuple(fields),
            extra=draft.extra,
            extra_type=draft.extra_type,
            python_re=any(_needs_python_re(f.type) for f in fields),
            source=draft.source,
            examples=draft.examples,
        )


class _NoFit(Exception):
    """A default that does not fit its type; the message says why."""


def _fit_scalar(value: Json, scalar: Scalar, constraints: tuple[Constraint, ...]) -> Default:  # noqa: PLR0912 - one case per scalar
    if scalar is Scalar.ANY:
        return cast("Default", value)
    if scalar is Scalar.NONE:
        raise _NoFit("only null is allowed")
    if scalar is Scalar.BOOL:
        if isinstance(value, bool):
            return value
        raise _NoFit("not a boolean")
    if scalar in (Scalar.INT, Scalar.FLOAT):
        if not _is_number(value):
            raise _NoFit("not a number")
        assert isinstance(value, int | float)
        if scalar is Scalar.INT:
            if isinstance(value, float) and not value.is_integer():
                raise _NoFit("not an integer")
            value = int(value)
        _check_bounds(value, constraints)
        return value
    if not isinstance(value, str):
        raise _NoFit("not a string")
    if scalar in PARSERS:
        try:
            _parse(scalar, value)
        except ValueError:
            raise _NoFit(f"not a valid {scalar}") from None
        return ParsedValue(scalar, value)
    if scalar is not Scalar.STR:
        raise _NoFit(f"a string is not a {scalar}")
    _check_length(len(value), constraints)
    for c in constraints:
        if c.keyword == "pattern" and isinstance(c.value, str) and not _matches(c.value, value):
            raise _NoFit("does not match the pattern")
    return value


def _check_length(length: int, constraints: tuple[Constraint, ...]) -> None:
    for c in constraints:
        if not isinstance(c.value, int):
            continue
        if (c.keyword == "min_length" and length < c.value) or (
            c.keyword == "max_length" and length > c.value
        ):
            raise _NoFit(f"violates {c.keyword}={c.value}")


def _check_bounds(value: float, constraints: tuple[Constraint, ...]) -> None:
    checks = {
        "ge": lambda bound: value >= bound,
        "le": lambda bound: value <= bound,
        "gt": lambda bound: value > bound,
        "lt": lambda bound: value < bound,
    }
    for c in constraints:
        check = checks.get(c.keyword)
        if check is not None and _is_number(c.value) and not check(c.value):
            raise _NoFit(f"violates {c.keyword}={c.value}")


def _json_equal(a: Json, b: Json) -> bool:
    """JSON equality: 1 equals 1.0, true does not equal 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    numbers = (int, float)
    if type(a) in numbers and type(b) in numbers:
        return a == b
    return type(a) is type(b) and a == b


def _short(value: Json) -> str:
    text = repr(value)
    return text if len(text) <= _SHORT else text[: _SHORT - 3] + "..."


def _items(value: Any) -> list[tuple[str, Any]]:
    return [(str(k), v) for k, v in value.items()] if isinstance(value, dict) else []


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _matches(pattern: str, text: str) -> bool:
    """Does the pattern find a match in text, as the generated model's engine would say?

    pydantic-core's Rust engine, the one generated models use, answers in linear time (Python's
    re would backtrack for ages on `^(a+)+$` against 40 a's and a !) and reads `\\d` and `\\w`
    as Unicode classes, as re does. A pattern only Python's re reads makes the model use re, so
    re checks it, and a pathological one of those can still take long (README, limitations).
    """
    if _PYTHON_RE_ONLY.search(pattern) is None:
        checker = _rust_pattern(pattern)
        if checker is not None:
            return checker(text)
    return re.search(pattern, text) is not None


@cache
def _rust_pattern(pattern: str) -> Callable[[str], bool] | None:
    """A matcher by pydantic-core's Rust regex; None if that engine cannot compile it."""
    # Imported here: pydantic-core loads in ~50 ms, and only defaults with patterns need it.
    from pydantic_core import SchemaError, SchemaValidator, ValidationError, core_schema  # noqa: PLC0415

    try:
        validator = SchemaValidator(
            core_schema.str_schema(pattern=pattern, regex_engine="rust-regex")
        )
    except SchemaError:
        return None

    def matches(text: str) -> bool:
        try:
            validator.validate_python(text)
        except ValidationError:
            return False
        return True

    return matches


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def _needs_python_re(t: TypeExpr) -> bool:
    return any(
        c.keyword == "pattern" and isinstance(c.value, str) and _PYTHON_RE_ONLY.search(c.value)
        for node in walk(t)
        if isinstance(node, ScalarType)
        for c in node.constraints
    )


def _distinct(values: Iterable[_T]) -> list[_T]:
    """The values without repeats, in order. Two are one when their reprs are: by == Python
    makes true one with 1 (True == 1), at any depth and inside IR nodes alike, where JSON Schema
    tells them apart. A set of reprs also keeps a union of thousands of options linear."""
    kept: list[_T] = []
    seen: set[str] = set()
    for value in values:
        key = repr(value)
        if key not in seen:
            seen.add(key)
            kept.append(value)
    return kept


def _is_object(schema: Any) -> bool:
    """Does this schema become a model class (an object with declared properties)?"""
    if not isinstance(schema, dict) or "enum" in schema or "const" in schema:
        return False
    if "properties" in schema:
        return True
    parts = schema.get("allOf")
    return isinstance(parts, list) and len(parts) > 1
