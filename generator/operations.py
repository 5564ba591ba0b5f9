"""Paths and operations -> IR operations, parameters, bodies, responses and security."""

from __future__ import annotations

import re
from typing import Any

from generator import naming
from generator.ir import (
    Location,
    Operation,
    Parameter,
    RequestBody,
    Response,
    Scalar,
    ScalarType,
    SecurityRequirement,
    SecurityScheme,
    TypeExpr,
)
from generator.schemas import Direction, SchemaBuilder
from generator.source import Ref

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_JSON = re.compile(r"^application/([\w.+-]*\+)?json$|^\*/\*$|^application/\*$")
_RESERVED_ARGS = frozenset({"self", "body", "context", "request", "principal", "headers"})


def _is_json(media_type: str) -> bool:
    return bool(_JSON.match(media_type.split(";", maxsplit=1)[0].strip().lower()))


def _text(node: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = node.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


class OperationBuilder:
    """Builds every operation of a document, naming methods and classes uniquely."""

    def __init__(self, schemas: SchemaBuilder, document: dict[str, Any], root: Ref) -> None:
        self.schemas = schemas
        self.sources = schemas.sources
        self.document = document
        self.root = root
        self.methods = naming.Scope()

    def build(self) -> tuple[Operation, ...]:
        paths = self.document.get("paths")
        if not isinstance(paths, dict):
            return ()
        operations = []
        for path, raw in paths.items():
            item_at, item = self.sources.follow(raw, self.root.child("paths", path))
            if not isinstance(item, dict):
                continue
            for method in METHODS:
                if isinstance(item.get(method), dict):
                    operations.append(self._operation(str(path), method, item, item_at))
        return tuple(operations)

    def _operation(self, path: str, method: str, item: dict[str, Any], item_at: Ref) -> Operation:
        node: dict[str, Any] = item[method]
        at = item_at.child(method)
        operation_id = _text(node, "operationId") or f"{method}_{path}"
        wanted = naming.snake(operation_id, fallback="operation")
        method_name = self.methods.claim(wanted)
        if method_name != wanted:
            self.schemas.warn(
                at.child("operationId"),
                "name-collision",
                f"operation {operation_id!r} becomes method {wanted!r}, which is taken; "
                f"it is named {method_name!r} instead",
            )
        # Its request class and response union are `{prefix}Request` and `{prefix}Response`.
        prefix = self.schemas.classes.claim_group(
            naming.pascal(operation_id, fallback="Operation"), ("Request", "Response")
        )
        return Operation(
            operation_id=operation_id,
            method_name=method_name,
            class_prefix=prefix,
            http_method=method.upper(),
            path=path,
            summary=_text(node, "summary"),
            description=_text(node, "description"),
            deprecated=node.get("deprecated") is True,
            parameters=self._parameters(item, item_at, node, at, prefix),
            body=self._body(node, at, prefix),
            responses=self._responses(node, at, prefix),
            security=self._security(node, at),
        )

    # --------------------------------------------------------------- parameters

    def _parameters(
        self, item: dict[str, Any], item_at: Ref, node: dict[str, Any], at: Ref, prefix: str
    ) -> tuple[Parameter, ...]:
        merged: dict[tuple[str, str], tuple[dict[str, Any], Ref]] = {}
        for owner, owner_at in ((item, item_at), (node, at)):
            for i, raw in enumerate(owner.get("parameters") or []):
                p_at, param = self.sources.follow(raw, owner_at.child("parameters", i))
                if isinstance(param, dict) and isinstance(param.get("name"), str):
                    merged[(param["name"], str(param.get("in")))] = (param, p_at)
        scope = naming.Scope(_RESERVED_ARGS)
        built = [self._parameter(p, p_at, prefix, scope) for p, p_at in merged.values()]
        # Required parameters first, so they can be positional in the client.
        return tuple(sorted((p for p in built if p is not None), key=lambda p: not p.required))

    def _parameter(
        self, param: dict[str, Any], at: Ref, prefix: str, scope: naming.Scope
    ) -> Parameter | None:
        try:
            location = Location(str(param.get("in")))
        except ValueError:
            self.schemas.warn(
                at.child("in"), "parameter", f"unknown parameter location {param.get('in')!r}"
            )
            return None
        wire = param["name"]
        schema = param.get("schema")
        schema_at = at.child("schema")
        if schema is None and isinstance(param.get("content"), dict):
            for media, content in param["content"].items():
                schema = content.get("schema") if isinstance(content, dict) else None
                schema_at = at.child("content", media, "schema")
                break
        hint = f"{prefix}{naming.pascal(wire)}"
        param_type: TypeExpr = ScalarType(Scalar.STR)
        if schema is not None:
            param_type = self.schemas.type_of(schema, schema_at, hint, Direction.WRITE)
        has_default, python_default = False, None
        if isinstance(schema, dict) and "default" in schema:
            has_default, python_default = self.schemas.default(
                schema["default"], param_type, schema_at.child("default")
            )
        return Parameter(
            name=scope.claim(naming.snake(wire, fallback="param")),
            wire_name=wire,
            location=location,
            type=param_type,
            required=(param.get("required") is True or location is Location.PATH)
            and not has_default,
            description=_text(param, "description"),
            default=schema.get("default") if isinstance(schema, dict) else None,
            has_default=has_default,
            python_default=python_default,
        )

    # ------------------------------------------------------------ request body

    def _body(self, node: dict[str, Any], at: Ref, prefix: str) -> RequestBody | None:
        if "requestBody" not in node:
            return None
        body_at, body = self.sources.follow(node["requestBody"], at.child("requestBody"))
        if not isinstance(body, dict):
            return None
        media, schema, schema_at = self._pick_content(body.get("content"), body_at)
        if media is None:
            return None
        if _is_json(media):
            body_type = self.schemas.type_of(
                schema if schema is not None else True, schema_at, f"{prefix}Body", Direction.WRITE
            )
        else:
            body_type = ScalarType(Scalar.BYTES)
        return RequestBody(
            type=body_type,
            required=body.get("required") is True,
            content_type="application/json" if media in ("*/*", "application/*") else media,
            description=_text(body, "description"),
        )

    def _pick_content(self, content: Any, at: Ref) -> tuple[str | None, Any, Ref]:
        """JSON if the operation offers it, else the first media type (carried as raw bytes)."""
        if not isinstance(content, dict):
            return None, None, at
        ordered = sorted(content, key=lambda m: (not _is_json(m), m != "application/json"))
        for media in ordered:
            entry = content[media]
            schema = entry.get("schema") if isinstance(entry, dict) else None
            return media, schema, at.child("content", media, "schema")
        return None, None, at

    # ---------------------------------------------------------------- responses

    def _responses(self, node: dict[str, Any], at: Ref, prefix: str) -> tuple[Response, ...]:
        responses = node.get("responses")
        if not isinstance(responses, dict):
            return ()
        built = []
        for status in sorted(responses, key=_status_order):
            r_at, response = self.sources.follow(responses[status], at.child("responses", status))
            if not isinstance(response, dict):
                continue
            label = "Default" if status == "default" else str(status).upper()
            class_name = self.schemas.classes.claim(f"{prefix}{label}Response")
            media, schema, schema_at = self._pick_content(response.get("content"), r_at)
            body_type = None
            if media is not None and _is_json(media):
                body_type = self.schemas.type_of(
                    schema if schema is not None else True,
                    schema_at,
                    f"{prefix}{label}Body",
                    Direction.READ,
                )
            elif media is not None:
                body_type = ScalarType(Scalar.BYTES)
            built.append(
                Response(
                    class_name=class_name,
                    status=str(status).upper() if status != "default" else "default",
                    description=_text(response, "description"),
                    body=body_type,
                    content_type=media,
                )
            )
        return tuple(built)

    # ----------------------------------------------------------------- security

    def _security(self, node: dict[str, Any], at: Ref) -> tuple[SecurityRequirement, ...]:
        raw = node.get("security", self.document.get("security"))
        if not isinstance(raw, list):
            return ()
        requirements = []
        for requirement in raw:
            if not isinstance(requirement, dict):
                continue
            schemes = tuple(
                (str(name), tuple(str(s) for s in scopes or []))
                for name, scopes in sorted(requirement.items())
            )
            requirements.append(SecurityRequirement(schemes))
        return tuple(requirements)


def _status_order(status: Any) -> tuple[int, str]:
    text = str(status)
    if text == "default":
        return (2, text)
    return (0 if text.isdigit() else 1, text)


def security_schemes(document: dict[str, Any]) -> tuple[SecurityScheme, ...]:
    components = document.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    if not isinstance(schemes, dict):
        return ()
    result = []
    for name, scheme in sorted(schemes.items()):
        if not isinstance(scheme, dict):
            continue
        kind = str(scheme.get("type", ""))
        location, parameter = "header", "Authorization"
        if kind == "http":
            kind = str(scheme.get("scheme", "bearer")).lower()
        elif kind == "apiKey":
            location = str(scheme.get("in", "header"))
            parameter = str(scheme.get("name", "X-API-Key"))
        result.append(
            SecurityScheme(
                name=str(name),
                kind=kind,
                location=location,
                parameter=parameter,
                description=_text(scheme, "description"),
            )
        )
    return tuple(result)
