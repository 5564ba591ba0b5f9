"""YAML spec files: parsed (with PyYAML's libyaml loader) and located by line and column.

Imported only when a spec has a YAML file: PyYAML takes about 13 ms to import.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml
from yaml.constructor import ConstructorError
from yaml.error import Mark, MarkedYAMLError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.diagnostics import Location
from generator.source import Parsed, Pointer, syntax_error

if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:
    # libyaml's parser is several times faster; the pure-Python one is the fallback.
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_MERGE_TAG = "tag:yaml.org,2002:merge"
# YAML 1.2 (and JSON) floats such as 1e3, which PyYAML's YAML 1.1 rules leave as strings.
_SCIENTIFIC_FLOAT = re.compile(
    r"^[-+]?(?:(?:0|[1-9][0-9]*)\.[0-9]*|\.[0-9]+|(?:0|[1-9][0-9]*))[eE][-+]?[0-9]+$"
)


def _without_timestamps() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    resolvers = {
        first: [(tag, regex) for tag, regex in entries if tag != _TIMESTAMP_TAG]
        for first, entries in _BaseLoader.yaml_implicit_resolvers.items()
    }
    for first in "-+0123456789.":
        resolvers.setdefault(first, []).append(("tag:yaml.org,2002:float", _SCIENTIFIC_FLOAT))
    return resolvers


class _SpecLoader(_BaseLoader):
    """Safe YAML loader that keeps dates and mapping keys as written and notes duplicate keys."""

    # OpenAPI wants dates as strings, not datetime objects.
    yaml_implicit_resolvers = _without_timestamps()

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, Mark]] = []

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        self._note_duplicates(node)
        self.flatten_mapping(node)
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            mapping[_key_text(key_node)] = self.construct_object(value_node, deep=deep)
        return mapping

    def _note_duplicates(self, node: MappingNode) -> None:
        """Record keys written twice in one mapping; keys brought in by `<<` merges may repeat."""
        seen: set[str] = set()
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = _key_text(key_node)
            if key in seen:
                self.duplicates.append((key, key_node.start_mark))
            seen.add(key)


def _key_text(key_node: Node) -> str:
    """A mapping key as written: `200:` stays "200" since OpenAPI response codes are strings."""
    if not isinstance(key_node, ScalarNode):
        raise ConstructorError(None, None, "mapping keys must be scalars", key_node.start_mark)
    return str(key_node.value)


def parse_yaml(text: str, shown: str) -> Parsed:
    loader = _SpecLoader(text)
    try:
        document = loader.get_single_data()
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        location = _location(shown, mark) if mark else Location(shown, 1, 1)
        problem = exc.problem or "invalid YAML"
        context = exc.context_mark
        if exc.context and context is not None and context is not mark:
            # The parser notices late (often at the end of the file); name where it began too.
            problem += f" ({exc.context} started at {context.line + 1}:{context.column + 1})"
        raise syntax_error(location, problem) from exc
    except yaml.YAMLError as exc:
        raise syntax_error(Location(shown, 1, 1), str(exc)) from exc
    finally:
        loader.dispose()
    places = [(key, _location(shown, mark)) for key, mark in loader.duplicates]
    # Only an anchor (&name) lets an alias refer back to a node that contains it.
    looping = _recursive_alias(document) if "&" in text else None
    if looping is not None:
        line, col = YamlLocator(text).position(looping)
        message = "this alias refers to a node that contains it; a spec must be a tree"
        raise syntax_error(Location(shown, line, col), message)
    swelling = _alias_swelling(document) if "&" in text else None
    if swelling is not None:
        line, col = YamlLocator(text).position(swelling)
        message = (
            f"aliases (of aliases) make this node stand for more than {EXPANSION_LIMIT:,} "
            "values once expanded; a spec must not grow so when read as a tree"
        )
        raise syntax_error(Location(shown, line, col), message)
    return Parsed(document, False, duplicate_places=places)


def _location(shown: str, mark: Mark) -> Location:
    """A parser mark (counted from 0) as a location (counted from 1)."""
    return Location(shown, mark.line + 1, mark.column + 1)


def _recursive_alias(document: Any) -> Pointer | None:
    """Where a mapping or list contains itself, which every walk of the spec would loop on."""
    on_path: set[int] = set()
    finished: set[int] = set()
    stack: list[tuple[Pointer, Any, bool]] = [((), document, False)]
    while stack:
        pointer, value, leaving = stack.pop()
        if leaving:
            on_path.discard(id(value))
            finished.add(id(value))
            continue
        if not isinstance(value, dict | list) or id(value) in finished:
            continue  # a node shared by aliases is fine, and explored once
        if id(value) in on_path:
            return pointer
        on_path.add(id(value))
        stack.append((pointer, value, True))
        items = value.items() if isinstance(value, dict) else enumerate(value)
        stack.extend(((*pointer, key), item, False) for key, item in items)
    return None


# Values a YAML spec may stand for once its aliases are expanded: about 20 times GitHub's REST
# description (~260,000), far above any real spec, far below what makes every walk of the spec
# crawl (a "billion laughs" document: nine levels of ten aliases each).
EXPANSION_LIMIT = 5_000_000


def _alias_swelling(document: Any) -> Pointer | None:
    """Where aliases make the document stand for more than EXPANSION_LIMIT values, if they do:
    the deepest node over the limit below which no single child holds most of the expansion.
    Needs a tree (no cycles)."""
    sizes = _expanded_sizes(document)
    if sizes.get(id(document), 1) <= EXPANSION_LIMIT:
        return None
    pointer: Pointer = ()
    value = document
    while True:
        items = value.items() if isinstance(value, dict) else enumerate(value)
        biggest = max(items, key=lambda item: sizes.get(id(item[1]), 1), default=None)
        if biggest is None:
            return pointer
        size = sizes.get(id(biggest[1]), 1)
        if size <= EXPANSION_LIMIT or 2 * size <= sizes[id(value)]:
            return pointer
        pointer, value = (*pointer, biggest[0]), biggest[1]


def _expanded_sizes(document: Any) -> dict[int, int]:
    """The number of values each mapping or list stands for, with a shared node counted at
    every place it appears; each node is visited once."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(document, False)]
    while stack:
        value, leaving = stack.pop()
        if not isinstance(value, dict | list) or (id(value) in sizes and not leaving):
            continue
        children = list(value.values() if isinstance(value, dict) else value)
        if leaving:
            sizes[id(value)] = 1 + sum(sizes.get(id(child), 1) for child in children)
            continue
        stack.append((value, True))
        stack.extend((child, False) for child in children)
    return sizes


class YamlLocator:
    """Finds pointers in YAML through the node tree that libyaml composes, built on demand."""

    def __init__(self, text: str) -> None:
        try:
            self._root: Node | None = yaml.compose(text, Loader=_BaseLoader)
        except yaml.YAMLError:  # a file that does not parse is reported at its first line
            self._root = None

    def position(self, pointer: Pointer) -> tuple[int, int]:
        node = self._root
        if node is None:
            return 1, 1
        mark = node.start_mark
        for key in pointer:
            step = _yaml_step(node, key)
            if step is None:
                break
            mark, node = step
        return mark.line + 1, mark.column + 1


def _yaml_step(node: Node, key: str | int) -> tuple[Mark, Node] | None:
    """The mark to report for key below node and the node there, if it exists."""
    if isinstance(node, MappingNode) and isinstance(key, str):
        # The last occurrence wins, as when loading.
        for key_node, value_node in reversed(node.value):
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return key_node.start_mark, value_node
    if isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        item: Node = node.value[key]
        return item.start_mark, item
    return None
