"""Discriminated unions as the builder meets them: the tag values selecting each class over all
unions, and the subclass a union's option gets where the union selects it by fewer values.

The rules of selection are in `discriminators`; this module keeps one builder pass's state and
tells the builder (`unsettled`) when a second pass must build the unions again knowing more.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import Any, Protocol

from generator import naming
from generator.discriminators import (
    Branch,
    ModelKey,
    Settled,
    TagKey,
    describe,
    selecting,
    shared_tag,
    tag_problem,
)
from generator.ir import Field, Json, LiteralType, Model, ModelType, TypeExpr
from generator.source import Ref, Sources


class Draft(Protocol):
    """A model being built, as the builder keeps it."""

    name: str
    fields: list[Field]
    extra: str
    extra_type: TypeExpr | None
    source: str
    direction: str


class UnionBuilder:
    """One builder pass's discriminated unions."""

    def __init__(  # noqa: PLR0913 - the builder's parts this reads, and what it was told
        self,
        sources: Sources,
        classes: naming.Scope,
        drafts: Mapping[str, Draft],
        model_keys: Mapping[str, ModelKey],
        warn: Callable[[Ref, str, str], None],
        *,
        known: Settled | None,
    ) -> None:
        self._sources = sources
        self._classes = classes
        self._drafts = drafts
        self._model_keys = model_keys  # model name -> its key, from the start of its building
        self._warn = warn
        self._known = known  # what the pass before this one learnt
        self._tags: dict[TagKey, list[Json]] = {}  # every tag value selecting a class
        self._reused: list[tuple[TagKey, frozenset[Json]]] = []  # classes unions took as-is
        self._branches: dict[tuple[str, str, tuple[str, ...]], Branch] = {}
        self._incomplete = False  # a union met an option still being built
        # Classes the spec's component schemas will want: no generated name may take one.
        self._reserved = _component_classes(sources)

    def tags(self, key: TagKey) -> list[Json]:
        """Every value that selects the class in some union (empty: it is no union's option)."""
        return self._tags.get(key, [])

    def branch_models(self) -> Iterator[Model]:
        return (self.branch_model(b) for b in self._branches.values())

    def discriminated(
        self,
        schema: dict[str, Any],
        key: str,
        at: Ref,
        hint: str,
        options: tuple[TypeExpr, ...],
    ) -> tuple[tuple[TypeExpr, ...], str | None]:
        """The union's options, each holding its own tag values, and pydantic's discriminator.

        The discriminator is None, and the options as given, when pydantic could not use it.
        """
        spec = schema.get("discriminator")
        if not isinstance(spec, dict) or not isinstance(spec.get("propertyName"), str):
            return options, None
        where = at.child("discriminator")
        prop = spec["propertyName"]
        tags, problem = self._tag_values(schema[key], spec.get("mapping"), at, key, options)
        fields: dict[str, Field] = {}
        if not problem:
            fields, problem = self._tag_fields(tags, prop)
        if problem:
            self._warn(
                where,
                "discriminator",
                f"discriminator ignored: {problem}; the union is tried option by option",
            )
            return options, None
        branches = tuple(
            self._branch(name, prop, tuple(selected), hint, where)
            for name, selected in tags.items()
        )
        # pydantic wants the attribute name, not the wire name
        return branches, next(iter(fields.values())).name

    def _tag_values(
        self, raw: list[Any], mapping: Any, at: Ref, key: str, options: tuple[TypeExpr, ...]
    ) -> tuple[dict[str, list[str]], str]:
        """Class name -> the values selecting it, for the options some value selects; or why not."""
        if not all(isinstance(o, ModelType) for o in options):
            return {}, "every option must be an object schema"
        values = self._selecting(raw, mapping, at, key)
        if None in values:
            return {}, "an inline option has no tag value"
        tags: dict[str, list[str]] = {}
        for option, selected in zip(options, values, strict=True):
            assert isinstance(option, ModelType) and selected is not None
            known = tags.setdefault(option.name, [])
            known.extend(v for v in selected if v not in known)
        for name in [n for n, selected in tags.items() if not selected]:
            self._warn(
                at.child("discriminator"),
                "discriminator",
                f"{name} is never selected: the mapping gives its name to another option",
            )
            del tags[name]
        return tags, "" if tags else "no option can be selected"

    def _tag_fields(self, tags: dict[str, list[str]], prop: str) -> tuple[dict[str, Field], str]:
        """Class name -> its tag field; or why pydantic would refuse the union."""
        fields: dict[str, Field] = {}
        for name in tags:
            found = self._fields_of(name).get(prop)
            if found is None and name not in self._drafts and self._known is None:
                self._incomplete = True  # still being built: the next pass knows its fields
            problem = tag_problem(found)
            if problem:
                return {}, f"{problem} (property {prop!r} of {name})"
            assert found is not None
            fields[name] = found
        if len({f.name for f in fields.values()}) > 1:
            return {}, "options name it differently"
        return fields, shared_tag(tags)

    def _fields_of(self, name: str) -> dict[str, Field]:
        """A model's fields by wire name; for one still being built, as the pass before saw them."""
        draft = self._drafts.get(name)
        if draft is not None:
            return {f.wire_name: f for f in draft.fields}
        key = self._model_keys.get(name)
        return self._known.fields.get(key, {}) if self._known and key else {}

    def _selecting(
        self, branches: list[Any], mapping: Any, at: Ref, key: str
    ) -> list[list[str] | None]:
        """Per option, the tag values that select it (None for an inline option)."""
        mapping = mapping if isinstance(mapping, dict) else {}
        written = {v: t for v, t in mapping.items() if isinstance(t, str)}
        targets = {
            value: self._sources.resolve(
                target if "#" in target or "/" in target else f"#/components/schemas/{target}",
                at.child("discriminator", "mapping", value),
            )
            for value, target in written.items()
        }
        found: list[list[str] | None] = []
        options: set[Ref] = set()
        for i, option in enumerate(branches):
            if not (isinstance(option, dict) and isinstance(option.get("$ref"), str)):
                found.append(None)
                continue
            ref = self._sources.resolve(option["$ref"], at.child(key, i, "$ref"))
            options.add(ref)
            keys = [value for value, target in targets.items() if target == ref]
            found.append(selecting(option["$ref"].rsplit("/", 1)[-1], keys, mapping))
        for value, target in targets.items():
            if target not in options:
                self._warn(
                    at.child("discriminator", "mapping", value),
                    "discriminator",
                    f"mapping value {value!r} names no option of the union "
                    f"({written[value]!r}): ignored",
                )
        return found

    def _branch(
        self, name: str, prop: str, values: tuple[str, ...], union: str, at: Ref
    ) -> ModelType:
        """The class for `name` in `union`: itself when its tag holds exactly `values`, else a
        subclass holding just those."""
        draft = self._drafts.get(name)
        model = (draft.source, draft.direction) if draft else self._model_keys[name]
        key = (*model, prop)
        known = self._tags.setdefault(key, [])
        known.extend(v for v in values if v not in known)
        final = known if self._known is None else self._known.tags.get(key, ())
        if set(final) == set(values):
            self._reused.append((key, frozenset(values)))
            return ModelType(name)
        # The same union met again (in the other direction of a model around it): one class.
        site = (str(at), name, values)
        if site not in self._branches:
            subclass = self._classes.claim(union + name, avoid=self._reserved)
            self._branches[site] = Branch(subclass, name, key, values, union, str(at))
        return ModelType(self._branches[site].name)

    def unsettled(self) -> Settled | None:
        """What this pass learnt, when the next pass must build its unions again with it.

        A union took a class whose tag values grew after it, met an option still being built,
        or was built on what the pass before believed and this one found otherwise.
        """
        final = {k: tuple(v) for k, v in self._tags.items()}
        stale = self._incomplete or any(set(final[k]) != v for k, v in self._reused)
        if self._known is not None:
            stale = stale or _as_sets(final) != _as_sets(self._known.tags)
        if not stale:
            return None
        fields = {
            (d.source, d.direction): {f.wire_name: f for f in d.fields}
            for d in self._drafts.values()
        }
        return Settled(final, fields)

    def branch_model(self, branch: Branch) -> Model:
        base = self._drafts[branch.base]
        wire = branch.key[2]
        tag = next(f for f in base.fields if f.wire_name == wire)
        return Model(
            name=branch.name,
            description=describe(branch, wire),
            fields=(
                replace(
                    tag,
                    type=LiteralType(branch.values),
                    required=True,
                    tag=True,
                    has_default=False,
                    python_default=None,
                ),
            ),
            extra=base.extra,
            extra_type=base.extra_type,
            python_re=False,
            source=branch.source,
            base=branch.base,
        )


def _component_classes(sources: Sources) -> frozenset[str]:
    document = sources.node(sources.root)
    components = document.get("components") if isinstance(document, dict) else None
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if not isinstance(schemas, dict):
        return frozenset()
    return frozenset(naming.pascal(str(name)) for name in schemas)


def _as_sets(tags: dict[TagKey, tuple[Json, ...]]) -> dict[TagKey, frozenset[Json]]:
    return {k: frozenset(v) for k, v in tags.items()}
