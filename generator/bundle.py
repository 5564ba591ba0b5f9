"""One self-contained OpenAPI document, served at /openapi.json, from a spec over many files.

A `$ref` into another file (or one written inside another file, relative to that file) is
rewritten to point inside the bundled document, and its target is copied in once:

- where the ref's position says what it is (a schema, a parameter, a response...), under
  `components/<kind>/<Name>`, Name being the pointer's last segment (the file's stem for a
  whole file), made unique against the names already there: `Node`, `Node2`...;
- where it does not (a position this module does not know, or a kind that has no components
  section, such as a path item in OpenAPI 3.0 or a media type), inlined in place of the ref,
  as JSON Schema bundlers do; later refs to the same target, and recursive ones inside it,
  point at that first copy, since a `$ref` may point anywhere in the document.

Refs that land in the root file become local pointers into it, and the root's own `#...`
refs are kept as written. Each target is copied once, keyed by file and pointer; a target that
lies inside another copied target gets its own copy. Discriminator mapping values that are
references are rewritten too. Refs in literal values (examples, defaults, enums, `x-`
extensions) are left alone, as validation leaves them. Without any external ref the root is
served as written when it is JSON, else dumped as it is (fast paths).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from generator.source import Pointer, Ref, Sources, fragment
from generator.validation import is_literal

_INDENT_LIMIT = 1_000_000  # characters of compact JSON
# A `$ref` key with a string value that is not a local pointer. Exact on compact JSON: inside
# a string every quote is escaped, so `f"` cannot occur there.
_EXTERNAL_REF = re.compile(r'"\$ref":"(?!#)')
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")  # component names must match ^[a-zA-Z0-9.\-_]+$

# Schema keys whose children are named by the author, so a property called `default` is a schema.
_SCHEMA_NAMES = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
)
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Positions: an object kind, `map:<kind>` (children named by the author, each a <kind>),
# `list:<kind>`, or None when unknown. Object kind -> key -> position of the value there.
_FIELDS: dict[str, dict[str, str]] = {
    "document": {"paths": "map:pathItem", "webhooks": "map:pathItem", "components": "components"},
    "components": {
        "schemas": "map:schema",
        "responses": "map:response",
        "parameters": "map:parameter",
        "examples": "map:example",
        "requestBodies": "map:requestBody",
        "headers": "map:header",
        "securitySchemes": "map:securityScheme",
        "links": "map:link",
        "callbacks": "map:callback",
        "pathItems": "map:pathItem",
    },
    "pathItem": {**dict.fromkeys(_METHODS, "operation"), "parameters": "list:parameter"},
    "operation": {
        "parameters": "list:parameter",
        "requestBody": "requestBody",
        "responses": "map:response",
        "callbacks": "map:callback",
    },
    "parameter": {"schema": "schema", "content": "map:mediaType", "examples": "map:example"},
    "header": {"schema": "schema", "content": "map:mediaType", "examples": "map:example"},
    "requestBody": {"content": "map:mediaType"},
    "mediaType": {"schema": "schema", "examples": "map:example", "encoding": "map:encoding"},
    "encoding": {"headers": "map:header"},
    "response": {"headers": "map:header", "content": "map:mediaType", "links": "map:link"},
}
# The components section of each kind a ref can be filed under; others are inlined.
_SECTIONS = {
    "schema": "schemas",
    "response": "responses",
    "parameter": "parameters",
    "example": "examples",
    "requestBody": "requestBodies",
    "header": "headers",
    "securityScheme": "securitySchemes",
    "link": "links",
    "callback": "callbacks",
    "pathItem": "pathItems",
}


def bundle(sources: Sources) -> str:
    """The spec as one JSON document, served by the generated app at /openapi.json.

    Indented for people to read, except large documents: Python's indenting encoder is pure
    Python and takes about 0.7 s on a 13 MB spec, the compact one a quarter of that.
    """
    document = sources.node(sources.root)
    # After validation every file a ref names is loaded; a bare `load` has only the root.
    if sources.files() == [sources.root.file]:
        text = sources.json_text(sources.root.file)
        if text is not None:  # JSON already: served as written, and a 13 MB spec costs nothing
            return text.strip()
        compact = _compact(document)
        if _EXTERNAL_REF.search(compact) is None:
            return _readable(document, compact)  # the common case: one file, dumped as it is
    bundled = _Bundler(sources, is_31=str(document.get("openapi", "")).startswith("3.1")).run()
    return _readable(bundled, _compact(bundled))


def _compact(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _readable(document: Any, compact: str) -> str:
    if len(compact) > _INDENT_LIMIT:
        return compact
    return json.dumps(document, indent=2, ensure_ascii=False)


@dataclass
class _Bundler:
    """Copies the root, rewriting refs, and files each external target once."""

    sources: Sources
    is_31: bool
    # Target -> the `$ref` string that now reaches it; filled at first encounter, in walk order.
    placed: dict[Ref, str] = field(default_factory=dict)
    # Component copies still to make: (target, kind, section, name), first encountered first.
    pending: list[tuple[Ref, str, str, str]] = field(default_factory=list)
    taken: dict[str, set[str]] = field(default_factory=dict)  # section -> names in use

    def run(self) -> Any:
        root = self.sources.root
        document = self.sources.node(root)
        components = document.get("components")
        if isinstance(components, dict):
            for section, names in components.items():
                if isinstance(names, dict):
                    self.taken[section] = set(names)
        bundled = self.copy(document, root, (), "document")
        added: dict[str, dict[str, Any]] = {}
        # A copy may meet further targets, which are appended and copied in turn.
        for target, kind, section, name in self.pending:
            value = self.sources.node(target)
            out = ("components", section, name)
            added.setdefault(section, {})[name] = self.copy(value, target, out, kind)
        return _with_components(bundled, added)

    def copy(self, value: Any, at: Ref, out: Pointer, position: str | None) -> Any:
        """value (found at `at`, copied to `out`) with its refs rewritten."""
        if isinstance(value, list):
            kind = position[5:] if position and position.startswith("list:") else position
            return [self.copy(v, at.child(i), (*out, i), kind) for i, v in enumerate(value)]
        if not isinstance(value, dict):
            return value
        if position and position.startswith(("map:", "names:")):
            return self._copy_map(value, at, out, position)
        if isinstance(value.get("$ref"), str):
            return self._ref(value, at, out, position)
        return {key: self._field(value, key, at, out, position) for key in value}

    def _copy_map(self, value: dict[str, Any], at: Ref, out: Pointer, position: str) -> Any:
        """A mapping of author-chosen names; `x-` keys are extensions except among schema names."""
        names, _, kind = position.partition(":")
        return {
            key: item
            if names == "map" and key.startswith("x-")
            else self.copy(item, at.child(key), (*out, key), kind)
            for key, item in value.items()
        }

    def _field(
        self, holder: dict[str, Any], key: str, at: Ref, out: Pointer, kind: str | None
    ) -> Any:
        item = holder[key]
        if is_literal(key, item):  # as validation treats it
            return item
        if kind == "schema":
            if key == "discriminator" and isinstance(item, dict):
                return self._discriminator(item, at.child(key))
            position: str | None = "names:schema" if key in _SCHEMA_NAMES else "schema"
        elif kind == "callback":
            position = "pathItem"  # a Callback Object maps expressions to path items
        else:
            position = _FIELDS.get(kind or "", {}).get(key)
        return self.copy(item, at.child(key), (*out, key), position)

    def _discriminator(self, discriminator: dict[str, Any], at: Ref) -> dict[str, Any]:
        """Mapping values that are references (not bare schema names) follow their targets."""
        mapping = discriminator.get("mapping")
        if not isinstance(mapping, dict):
            return discriminator
        rewritten = {
            key: self._target(target, at.child("mapping", key), "schema")
            if isinstance(target, str) and ("#" in target or "/" in target)
            else target
            for key, target in mapping.items()
        }
        return {**discriminator, "mapping": rewritten}

    def _ref(self, holder: dict[str, Any], at: Ref, out: Pointer, kind: str | None) -> Any:
        """A Reference Object (or a schema with `$ref`), pointed into the bundled document."""
        written: str = holder["$ref"]
        siblings = {k: self._field(holder, k, at, out, kind) for k in holder if k != "$ref"}
        if at.file == self.sources.root.file and written.startswith("#"):
            return holder | siblings  # local to the root, which is kept as is
        target = self.sources.resolve(written, at.child("$ref"))
        if target in self.placed or target.file == self.sources.root.file or self._files(kind):
            return holder | siblings | {"$ref": self._target(written, at.child("$ref"), kind)}
        # Nowhere to file it: the target's copy takes the ref's place and becomes its home.
        # Siblings override what they name, as a 3.1 Reference Object's summary does.
        self.placed[target] = fragment(out)
        inlined = self.copy(self.sources.node(target), target, out, kind)
        return inlined | siblings if isinstance(inlined, dict) else inlined

    def _files(self, kind: str | None) -> bool:
        """Whether refs at a position of this kind are filed under components."""
        return kind in _SECTIONS and (kind != "pathItem" or self.is_31)

    def _target(self, written: str, at: Ref, kind: str | None) -> str:
        """Where the target of `written` lives in the bundled document, filing it if new."""
        target = self.sources.resolve(written, at)
        if target.file == self.sources.root.file:
            return fragment(target.pointer)
        if target not in self.placed:
            section = _SECTIONS[kind or "schema"]
            name = self._claim(section, target)
            self.placed[target] = fragment(("components", section, name))
            self.pending.append((target, kind or "schema", section, name))
        return self.placed[target]

    def _claim(self, section: str, target: Ref) -> str:
        """A free name in the section: the pointer's last segment, or the file's stem."""
        last = str(target.pointer[-1]) if target.pointer else target.file.stem
        base = _UNSAFE_NAME.sub("_", last) or "Component"
        taken = self.taken.setdefault(section, set())
        name, number = base, 1
        while name in taken:
            number += 1
            name = f"{base}{number}"
        taken.add(name)
        return name


def _with_components(document: Any, added: dict[str, dict[str, Any]]) -> Any:
    """document with the copied targets appended to its components, sections in first use."""
    if not added:
        return document
    components = dict(document.get("components") or {})
    for section, entries in added.items():
        components[section] = {**(components.get(section) or {}), **entries}
    return {**document, "components": components}
