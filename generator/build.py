"""Spec file -> validated IR: the one place that runs loading, validation and the builders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator import naming
from generator.bundle import bundle
from generator.diagnostics import Diagnostic, Severity, SpecError, errors, escalate
from generator.discriminators import Settled
from generator.ir import Alias, Api, EnumType, Model, Operation
from generator.operations import OperationBuilder, security_schemes
from generator.schemas import Direction, SchemaBuilder
from generator.source import ParsedElsewhere, Sources, load
from generator.stamps import header_path
from generator.validation import validate

_PASSES = 5  # builder passes at most: unions settle in two, or three if recursive


@dataclass(frozen=True)
class Built:
    """A spec's IR and the warnings it gave."""

    api: Api
    diagnostics: tuple[Diagnostic, ...]  # warnings that did not stop generation


def build(spec_path: Path, strict: bool = False, parsed: ParsedElsewhere | None = None) -> Built:
    """Load, validate and build; raise SpecError carrying every problem when any is fatal."""
    sources = load(spec_path, parsed)
    try:
        return _build(spec_path, strict, sources)
    except RecursionError:
        # The builders recurse once per level of inline nesting (about 140 schema levels fit).
        raise SpecError([_too_deep(sources)]) from None


# Mappings and lists deep that the builders follow inline: about 140 schema levels, each two.
_FOLLOWED_DEPTH = 250


def _too_deep(sources: Sources) -> Diagnostic:
    """Why the builders ran out of recursion, at the deepest place of the spec's files; or, when
    no file nests that deep, the chain of schemas built one inside the other's building."""
    depth, at = sources.deepest()
    if depth >= _FOLLOWED_DEPTH:
        message = (
            f"the spec nests {depth} levels deep here, deeper than the generator can follow; "
            "name the inner schemas under components/schemas and refer to them with $ref"
        )
        return sources.diagnostic(at, Severity.ERROR, "too-deep", message)
    message = (
        "schemas refer to one another in a chain (each $ref leading to the next) longer than "
        "the generator can follow, about 140 links; shorten the chain"
    )
    return sources.diagnostic(sources.root, Severity.ERROR, "too-deep", message)


def _build(spec_path: Path, strict: bool, sources: Sources) -> Built:
    problems = escalate(validate(sources), strict)
    if errors(problems):
        raise SpecError(problems)
    document = sources.node(sources.root)
    try:
        # One pass, but for a class that several discriminated unions share or a recursive
        # union: then a second that knows what the first learnt.
        known: Settled | None = None
        for _ in range(_PASSES):
            schemas, operations = _types(sources, document, known)
            known = schemas.unsettled()
            if known is None:
                break
        else:
            raise RuntimeError(f"{spec_path}: discriminated unions did not settle")
    except SpecError as exc:
        raise SpecError([*problems, *exc.diagnostics]) from None
    # The builder restates some validation warnings (a default that does not fit) with what
    # it did about them; the restatement replaces the original.
    built = escalate(schemas.diagnostics, strict)
    restated = {(d.location, d.code) for d in built}
    problems = [d for d in problems if (d.location, d.code) not in restated] + built
    if errors(problems):
        raise SpecError(problems)
    warnings = tuple(d for d in problems if d.severity is Severity.WARNING)
    info = document.get("info") if isinstance(document.get("info"), dict) else {}
    title = str(info.get("title") or spec_path.stem)
    api = Api(
        title=title,
        version=str(info.get("version", "")),
        description=str(info.get("description") or ""),
        package=naming.package_name(spec_path),
        spec_file=header_path(spec_path),
        spec_digest=sources.digest(),
        base_path=_base_path(document),
        models=(models := schemas.models()),
        enums=(enums := schemas.enums()),
        aliases=(aliases := schemas.aliases()),
        operations=operations,
        exports=_exports(models, enums, aliases, operations),
        security_schemes=security_schemes(document),
        protocol_name=schemas.classes.claim(
            naming.pascal(spec_path.stem, fallback="Api") + "Service"
        ),
        spec_json=bundle(sources),
        spec_files=sources.file_digests(),
        warnings=len(warnings),
    )
    return Built(api, warnings)


def _exports(
    models: tuple[Model, ...],
    enums: tuple[EnumType, ...],
    aliases: tuple[Alias, ...],
    operations: tuple[Operation, ...],
) -> tuple[str, ...]:
    """Every class the package re-exports from its models and operations modules."""
    names = [*(e.name for e in enums), *(m.name for m in models), *(a.name for a in aliases)]
    for op in operations:
        names.extend((op.request_class, *(r.class_name for r in op.responses), op.response_union))
    return naming.export_order(names)


def _types(
    sources: Sources,
    document: dict[str, Any],
    known: Settled | None = None,
) -> tuple[SchemaBuilder, tuple[Operation, ...]]:
    """Every schema's and operation's types, built once (twice when `unsettled` says so)."""
    schemas = SchemaBuilder(sources, str(document.get("openapi", "")).startswith("3.1"), known)
    _component_models(schemas, document, sources)
    return schemas, OperationBuilder(schemas, document, sources.root).build()


def _component_models(schemas: SchemaBuilder, document: dict[str, Any], sources: Sources) -> None:
    """Every component schema gets its class, used by an operation or not."""
    components = document.get("components")
    found = components.get("schemas") if isinstance(components, dict) else None
    if not isinstance(found, dict):
        return
    for name in found:
        schemas.named(sources.root.child("components", "schemas", name), Direction.READ)


def _base_path(document: dict[str, Any]) -> str:
    servers = document.get("servers")
    if not isinstance(servers, list) or not servers or not isinstance(servers[0], dict):
        return ""
    url = str(servers[0].get("url", ""))
    for name, variable in (servers[0].get("variables") or {}).items():
        if isinstance(variable, dict):
            url = url.replace(f"{{{name}}}", str(variable.get("default", "")))
    return urlsplit(url).path.rstrip("/")
