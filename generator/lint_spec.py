"""What lint rules see of a loaded spec: its operations and every object node, walked once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from generator.diagnostics import SpecError
from generator.source import Ref, Sources
from generator.validation import NAME_MAPS, is_literal

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Found:
    """One problem a rule found, before it gets its rule id and location."""

    at: Ref
    message: str


@dataclass(frozen=True)
class OperationNode:
    url: str
    method: str
    at: Ref
    value: dict[str, Any]
    shared_parameters: tuple[Any, ...]  # the path item's parameters, unresolved
    path_at: Ref

    @property
    def title(self) -> str:
        return f"{self.method.upper()} {self.url}"


class Spec:
    """A loaded, valid spec as the rules read it."""

    def __init__(self, sources: Sources) -> None:
        self.sources = sources
        self.root: dict[str, Any] = sources.node(sources.root)
        self._walked: dict[Path, tuple[tuple[Ref, dict[str, Any]], ...]] = {}

    def follow(self, value: Any, at: Ref) -> tuple[Ref, Any] | None:
        """The node value refers to, or None when the reference is broken."""
        try:
            return self.sources.follow(value, at)
        except SpecError:
            return None

    def mapping(self, value: Any, at: Ref) -> tuple[Ref, dict[str, Any]] | None:
        found = self.follow(value, at)
        if found is None or not isinstance(found[1], dict):
            return None
        return found

    @cached_property
    def operations(self) -> tuple[OperationNode, ...]:
        paths = self.mapping(self.root.get("paths"), self.sources.root.child("paths"))
        if paths is None:
            return ()
        found: list[OperationNode] = []
        for url, item in paths[1].items():
            resolved = self.mapping(item, paths[0].child(url))
            if resolved is None:
                continue
            item_at, path_item = resolved
            shared = path_item.get("parameters")
            shared_tuple = tuple(shared) if isinstance(shared, list) else ()
            for method in HTTP_METHODS:
                op = self.mapping(path_item.get(method), item_at.child(method))
                if op is not None:
                    found.append(OperationNode(url, method, op[0], op[1], shared_tuple, item_at))
        return tuple(found)

    def parameter_names(self, operation: OperationNode) -> set[str]:
        """Names of the parameters an operation takes, its path item's included."""
        own = operation.value.get("parameters")
        listed = [
            (operation.path_at.child("parameters", i), p)
            for i, p in enumerate(operation.shared_parameters)
        ]
        if isinstance(own, list):
            listed += [(operation.at.child("parameters", i), p) for i, p in enumerate(own)]
        names = set()
        for at, value in listed:
            resolved = self.mapping(value, at)
            if resolved is not None and isinstance(resolved[1].get("name"), str):
                names.add(resolved[1]["name"])
        return names

    def documents(self) -> Iterator[tuple[Ref, Any]]:
        """The root of every file loaded so far."""
        for path in self.sources.files():
            ref = Ref(path, ())
            yield ref, self.sources.node(ref)

    def nodes(self) -> Iterator[tuple[Ref, dict[str, Any]]]:
        """Every object node of every file, literals and extensions left out."""
        for path in self.sources.files():
            yield from self.file_nodes(path)

    def file_nodes(self, path: Path) -> tuple[tuple[Ref, dict[str, Any]], ...]:
        """The object nodes of one file, in walk order."""
        # Most rules and the ignore comments read every node: walking each file once for all
        # of them takes lint of a 13 MB spec from six walks to one. Kept per file, since a
        # file first loaded while a rule follows a `$ref` is walked when the next rule asks.
        if path not in self._walked:
            root = Ref(path, ())
            self._walked[path] = tuple(walk(self.sources.node(root), root))
        return self._walked[path]


def walk(value: Any, at: Ref) -> Iterator[tuple[Ref, dict[str, Any]]]:
    """The object nodes at and below value, not inside literal values or `x-` extensions.

    What is literal is decided as validation decides it (`is_literal`), and the children of a
    map of author-chosen names (`properties`, `schemas`...) are never literal: a property may
    be called `default` or `enum`.
    """
    stack: list[tuple[Ref, Any, bool]] = [(at, value, False)]
    while stack:
        ref, node, names = stack.pop()
        if isinstance(node, dict):
            yield ref, node
            children = [
                (ref.child(k), v, not names and k in NAME_MAPS)
                for k, v in node.items()
                if names or not is_literal(k, v)
            ]
        elif isinstance(node, list):
            children = [(ref.child(i), v, False) for i, v in enumerate(node)]
        else:
            continue
        stack.extend(reversed(children))
