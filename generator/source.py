"""Spec files: each parsed once, located lazily, and their `$ref`s resolved."""

from __future__ import annotations

import hashlib
import json
import os
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from generator.diagnostics import Diagnostic, Location, Severity, SpecError

# Characters a URI fragment may hold unescaped (RFC 3986), besides letters and digits.
_FRAGMENT_SAFE = "/~!$&'()*+,;=:@?"

if TYPE_CHECKING:
    from generator.yaml_parse import YamlLocator

Pointer = tuple[str | int, ...]

_JSON_WS = re.compile(r"[ \t\n\r]*")
_JSON_START = re.compile(r"[ \t\n\r]*[{\[]")
_DECODER = json.JSONDecoder()
# Skips JSON values without building their mappings: twice as fast as decoding them.
_SKIPPER = json.JSONDecoder(object_pairs_hook=lambda pairs: None)


@dataclass(frozen=True, order=True)
class Ref:
    """Where a node lives: an absolute file path and a pointer inside it."""

    file: Path
    pointer: Pointer = ()

    def child(self, *keys: str | int) -> Ref:
        """The ref of a node below this one."""
        return Ref(self.file, self.pointer + keys)

    def uri(self) -> str:
        """The node as a URI, for JSON Schema validators: `file:///spec.yaml#/a/b~1c`."""
        return self.file.as_uri() + fragment(self.pointer)

    def __str__(self) -> str:
        if not self.pointer:
            return display_path(self.file)
        return f"{display_path(self.file)}#{format_pointer(self.pointer)}"


def display_path(path: Path) -> str:
    """The path relative to the working directory when it lies below it, else absolute."""
    return _display_path(path, os.getcwd())


@cache  # every model records where it came from: thousands of calls on one path
def _display_path(path: Path, cwd_text: str) -> str:
    cwd = Path(cwd_text)
    if path.is_relative_to(cwd):
        return os.path.relpath(path, cwd)
    return str(path)


def format_pointer(pointer: Pointer) -> str:
    """A JSON pointer string: '/a/b~1c' for ('a', 'b/c')."""
    return "".join("/" + str(key).replace("~", "~0").replace("/", "~1") for key in pointer)


def fragment(pointer: Pointer) -> str:
    """The URI fragment of a place: '#/paths/~1a~1%7Bid%7D' for ('paths', '/a/{id}')."""
    return "#" + quote(format_pointer(pointer), safe=_FRAGMENT_SAFE)


def _unescape_segment(segment: str) -> str:
    return unquote(segment).replace("~1", "/").replace("~0", "~")


# --- parsing ---------------------------------------------------------------------------------


@dataclass
class Parsed:
    """One file as the parser left it, with what it noticed on the way."""

    document: Any
    is_json: bool
    # JSON duplicates are found by pointer (located later); YAML ones come with their place.
    duplicate_pointers: list[Pointer] = field(default_factory=list)
    duplicate_places: list[tuple[str, Location]] = field(default_factory=list)


# A file's parse done elsewhere, given its path and bytes; None: parse it here.
ParsedElsewhere = Callable[[Path, bytes], Parsed | None]


def _parse(text: str, path: Path, shown: str) -> Parsed:
    """Parse JSON with the json module (fast) and anything else as YAML."""
    is_json_file = path.suffix.lower() == ".json"
    if is_json_file or _JSON_START.match(text):
        try:
            return _parse_json(text)
        except json.JSONDecodeError as exc:
            if is_json_file:
                location = Location(shown, exc.lineno, exc.colno)
                raise syntax_error(location, exc.msg) from exc
        except RecursionError:  # the json module recurses once per level of nesting
            raise _nested_too_deep(text, shown) from None
    from generator.yaml_parse import parse_yaml  # noqa: PLC0415 - PyYAML only for YAML files

    return parse_yaml(text, shown)


def _parse_json(text: str) -> Parsed:
    repeated: list[tuple[dict[str, Any], str]] = []

    def pairs_to_dict(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping = dict(pairs)
        if len(mapping) != len(pairs):
            repeated.extend((mapping, key) for key in _repeated_keys(pairs))
        return mapping

    document = json.loads(text, object_pairs_hook=pairs_to_dict)
    return Parsed(document, True, duplicate_pointers=_pointers_of(document, repeated))


def _repeated_keys(pairs: list[tuple[str, Any]]) -> list[str]:
    seen: set[str] = set()
    repeated = []
    for key, _ in pairs:
        if key in seen:
            repeated.append(key)
        seen.add(key)
    return repeated


def _pointers_of(document: Any, repeated: list[tuple[dict[str, Any], str]]) -> list[Pointer]:
    """Pointers of repeated keys; the walk runs only when a file has duplicates."""
    if not repeated:
        return []
    wanted = {id(mapping) for mapping, _ in repeated}
    where: dict[int, Pointer] = {}
    stack: list[tuple[Pointer, Any]] = [((), document)]
    while stack:
        pointer, value = stack.pop()
        if isinstance(value, dict):
            if id(value) in wanted:
                where[id(value)] = pointer
            stack.extend(((*pointer, k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*pointer, i), v) for i, v in enumerate(value))
    return [(*where.get(id(mapping), ()), key) for mapping, key in repeated]


_JSON_NESTING = re.compile(r'"(?:\\.|[^"\\])*"|[\[\]{}]')


def _nested_too_deep(text: str, shown: str) -> SpecError:
    """JSON nested deeper than the json module reads, reported where it is deepest."""
    level = depth = offset = 0
    for match in _JSON_NESTING.finditer(text):
        bracket = match.group()
        if bracket in "[{":
            level += 1
            if level > depth:
                depth, offset = level, match.start()
        elif bracket in "]}":
            level -= 1
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    message = f"nested {depth} levels deep here, deeper than the JSON reader can follow"
    return syntax_error(Location(shown, line, col), message)


def deepest(document: Any) -> tuple[int, Pointer]:
    """How many mappings and lists deep the document nests, and the pointer to the deepest."""
    best: tuple[int, Pointer] = (0, ())
    stack: list[tuple[Pointer, Any]] = [((), document)]
    while stack:
        pointer, value = stack.pop()
        if isinstance(value, dict | list):
            if len(pointer) + 1 > best[0]:
                best = (len(pointer) + 1, pointer)
            items = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend(((*pointer, key), item) for key, item in items)
    return best


def syntax_error(location: Location, message: str) -> SpecError:
    return SpecError([Diagnostic(location, Severity.ERROR, "syntax", message)])


# --- locating --------------------------------------------------------------------------------


class _LineIndex:
    """Turns character offsets into line:col, counting newlines from the nearest known offset."""

    # Counting on demand beats indexing all lines up front: a 13 MB spec has 350k lines,
    # and a spec with problems usually has only a few.
    def __init__(self, text: str) -> None:
        self._text = text
        self._offsets = [0]
        self._lines = [1]

    def position(self, offset: int) -> tuple[int, int]:
        nearest = bisect_right(self._offsets, offset) - 1
        start = self._offsets[nearest]
        line = self._lines[nearest] + self._text.count("\n", start, offset)
        self._offsets.insert(nearest + 1, offset)
        self._lines.insert(nearest + 1, line)
        return line, offset - self._text.rfind("\n", 0, offset)


class _JsonLocator:
    """Finds pointers in JSON text, scanning each container's members once, on demand."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines = _LineIndex(text)
        # offset of a container's value -> its members' (key offset, value offset)
        self._members: dict[int, dict[str | int, tuple[int, int]]] = {}

    def position(self, pointer: Pointer) -> tuple[int, int]:
        value_at = key_at = self._skip_ws(0)
        for key in pointer:
            members = self._container(value_at)
            if key not in members:
                break
            key_at, value_at = members[key]
        return self._lines.position(key_at)

    def _container(self, offset: int) -> dict[str | int, tuple[int, int]]:
        if offset not in self._members:
            opener = self._text[offset : offset + 1]
            scan = {"{": self._scan_object, "[": self._scan_array}.get(opener)
            self._members[offset] = scan(offset) if scan else {}
        return self._members[offset]

    def _skip_ws(self, offset: int) -> int:
        return _JSON_WS.match(self._text, offset).end()  # type: ignore[union-attr]

    def _scan_object(self, offset: int) -> dict[str | int, tuple[int, int]]:
        members: dict[str | int, tuple[int, int]] = {}
        at = self._skip_ws(offset + 1)
        while self._text[at] == '"':
            key, after_key = _DECODER.raw_decode(self._text, at)
            value_at = self._skip_ws(self._skip_ws(after_key) + 1)  # past the ':'
            members[key] = (at, value_at)
            at = self._after_value(value_at)
        return members

    def _scan_array(self, offset: int) -> dict[str | int, tuple[int, int]]:
        members: dict[str | int, tuple[int, int]] = {}
        at = self._skip_ws(offset + 1)
        index = 0
        while self._text[at] != "]":
            members[index] = (at, at)
            at = self._after_value(at)
            index += 1
        return members

    def _after_value(self, offset: int) -> int:
        """The offset of the next member after the value at offset (past the ',' if any)."""
        _, end = _SKIPPER.raw_decode(self._text, offset)
        at = self._skip_ws(end)
        return self._skip_ws(at + 1) if self._text[at] == "," else at


# --- sources ---------------------------------------------------------------------------------


@dataclass
class _File:
    """One loaded file: its bytes, text and document."""

    data: bytes
    text: str
    document: Any
    is_json: bool


class Sources:
    """Every file of one spec, each parsed once on first use; locations computed only when asked."""

    def __init__(self, root_file: Path, parsed: ParsedElsewhere | None = None) -> None:
        self._root = Ref(root_file.resolve(), ())
        self._parsed_elsewhere = parsed
        self._files: dict[Path, _File] = {}
        self._locators: dict[Path, _JsonLocator | YamlLocator] = {}
        self._resolved: dict[tuple[Path, str], Ref] = {}
        self.load_warnings: list[Diagnostic] = []

    @property
    def root(self) -> Ref:
        """The root document."""
        return self._root

    def node(self, ref: Ref) -> Any:
        """The value at ref, loading its file on first use."""
        found, value = self._walk(ref)
        if len(found) != len(ref.pointer):
            message = f"{ref} does not exist: no '{ref.pointer[len(found)]}' there"
            raise SpecError([self.diagnostic(ref, Severity.ERROR, "ref", message)])
        return value

    def resolve(self, ref: str, at: Ref) -> Ref:
        """The target of a `$ref` string written in the node at `at`."""
        # Big specs repeat the same few refs thousands of times; only failures are not kept.
        key = (at.file, ref)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(ref, at)
        return self._resolved[key]

    def follow(self, value: Any, at: Ref) -> tuple[Ref, Any]:
        """Follow value's `$ref` (and the `$ref`s it leads to) to a node that is not a reference."""
        if not (isinstance(value, dict) and "$ref" in value):
            return at, value  # the common case, kept cheap
        chain = [at]
        while isinstance(value, dict) and isinstance(value.get("$ref"), str):
            target = self.resolve(value["$ref"], at)
            if target in chain:
                cycle = " -> ".join(str(r) for r in [*chain[chain.index(target) :], target])
                raise self._ref_error(at, f"circular $ref chain: {cycle}")
            found, next_value = self._walk(target)
            if len(found) != len(target.pointer):
                missing = f"no '{target.pointer[len(found)]}' in {Ref(target.file, found)}"
                raise self._ref_error(at, f"$ref '{value['$ref']}' leads nowhere: {missing}")
            chain.append(target)
            at, value = target, next_value
        return at, value

    def locate(self, ref: Ref) -> Location:
        """file:line:col of the node (of its key for a mapping value), or its nearest ancestor's."""
        shown = display_path(ref.file)
        try:
            line, col = self._locator(ref.file).position(ref.pointer)
        except (SpecError, ValueError, IndexError):
            return Location(shown, 1, 1)
        return Location(shown, line, col)

    def diagnostic(self, ref: Ref, severity: Severity, code: str, message: str) -> Diagnostic:
        """A diagnostic located at ref."""
        return Diagnostic(self.locate(ref), severity, code, message)

    def json_text(self, path: Path) -> str | None:
        """The text of a loaded file that is JSON; None for YAML (or a file not loaded)."""
        loaded = self._files.get(path)
        return loaded.text if loaded is not None and loaded.is_json else None

    def files(self) -> list[Path]:
        """The files loaded so far, sorted."""
        return sorted(self._files)

    def deepest(self) -> tuple[int, Ref]:
        """How deep the most deeply nested of the loaded files nests, and where (see deepest)."""
        found = [(deepest(self.node(Ref(path))), path) for path in self.files()]
        (depth, pointer), path = max(found, key=lambda item: item[0][0])
        return depth, Ref(path, pointer)

    def file_digests(self) -> tuple[tuple[str, str], ...]:
        """(path relative to the root's folder, sha256) of every loaded file."""
        return tuple(
            (name, hashlib.sha256(data).hexdigest()) for name, data in self._named_contents()
        )

    def digest(self) -> str:
        """sha256 of the loaded files, each prefixed by its path relative to the root's folder."""
        digest = hashlib.sha256()
        for name, data in self._named_contents():
            digest.update(name.encode() + b"\0")
            digest.update(data)
        return digest.hexdigest()

    # -- internals --

    def _named_contents(self) -> list[tuple[str, bytes]]:
        """Each loaded file's bytes, sorted, named by its path relative to the root's folder."""
        base = self._root.file.parent
        return [
            (os.path.relpath(path, base).replace(os.sep, "/"), self._files[path].data)
            for path in self.files()
        ]

    def _file(self, path: Path) -> _File:
        if path not in self._files:
            self._files[path] = self._load(path)
        return self._files[path]

    def _load(self, path: Path) -> _File:
        shown = display_path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            location = Location(shown, 1, 1)
            diagnostic = Diagnostic(location, Severity.ERROR, "io", f"cannot read: {reason}")
            raise SpecError([diagnostic]) from exc
        text = _decode(data, shown)
        parsed = self._parsed_elsewhere(path, data) if self._parsed_elsewhere else None
        if parsed is None:
            parsed = _parse(text, path, shown)
        loaded = _File(data, text, parsed.document, parsed.is_json)
        self._files[path] = loaded
        self.load_warnings.extend(self._duplicate_warnings(path, parsed))
        return loaded

    def _duplicate_warnings(self, path: Path, parsed: Parsed) -> list[Diagnostic]:
        places = parsed.duplicate_places + [
            (str(pointer[-1]), self.locate(Ref(path, pointer)))
            for pointer in parsed.duplicate_pointers
        ]
        return [
            Diagnostic(
                location, Severity.WARNING, "duplicate-key", f"duplicate key '{key}': the last wins"
            )
            for key, location in places
        ]

    def _locator(self, path: Path) -> _JsonLocator | YamlLocator:
        if path not in self._locators:
            loaded = self._file(path)
            if loaded.is_json:
                self._locators[path] = _JsonLocator(loaded.text)
            else:
                from generator.yaml_parse import YamlLocator  # noqa: PLC0415 - see _parse

                self._locators[path] = YamlLocator(loaded.text)
        return self._locators[path]

    def _walk(self, ref: Ref) -> tuple[Pointer, Any]:
        """The longest existing prefix of ref's pointer and the value there."""
        value = self._file(ref.file).document
        for depth, key in enumerate(ref.pointer):
            if isinstance(value, dict) and isinstance(key, str) and key in value:
                value = value[key]
            elif isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
                value = value[key]
            else:
                return ref.pointer[:depth], value
        return ref.pointer, value

    def _resolve(self, ref: str, at: Ref) -> Ref:
        target, _, fragment = ref.partition("#")
        path = self._target_file(ref, target, at)
        if fragment and not fragment.startswith("/"):
            raise self._ref_error(at, f"$ref '{ref}': only JSON pointer fragments are supported")
        segments = [_unescape_segment(s) for s in fragment.split("/")[1:]] if fragment else []
        return Ref(path, self._typed_pointer(path, segments))

    def _target_file(self, ref: str, target: str, at: Ref) -> Path:
        if not target:
            return at.file
        parts = urlsplit(target)
        if parts.scheme in ("http", "https"):
            raise self._ref_error(at, f"$ref '{ref}': remote references are not supported")
        if parts.scheme == "file":
            # url2pathname would do, but urllib.request costs 50 ms to import; POSIX paths only.
            relative = unquote(parts.path)
        elif parts.scheme and len(parts.scheme) > 1:  # one letter is a Windows drive
            raise self._ref_error(at, f"$ref '{ref}': unsupported URI scheme '{parts.scheme}'")
        else:
            relative = unquote(target)
        path = (at.file.parent / relative).resolve()
        if path not in self._files and not path.is_file():
            raise self._ref_error(at, f"$ref '{ref}': file {display_path(path)} not found")
        return path

    def _typed_pointer(self, path: Path, segments: list[str]) -> Pointer:
        """Segments with list indexes as ints, so equal nodes get equal refs."""
        value = self._file(path).document
        pointer: list[str | int] = []
        for segment in segments:
            key: str | int = segment
            if isinstance(value, list) and segment.isascii() and segment.isdigit():
                key = int(segment)
                value = value[key] if key < len(value) else None
            elif isinstance(value, dict):
                value = value.get(segment)
            else:
                value = None
            pointer.append(key)
        return tuple(pointer)

    def _ref_error(self, at: Ref, message: str) -> SpecError:
        where = at if at.pointer[-1:] == ("$ref",) else at.child("$ref")
        return SpecError([self.diagnostic(where, Severity.ERROR, "ref", message)])


def _decode(data: bytes, shown: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise syntax_error(Location(shown, line, col), "not valid UTF-8") from exc


def load(path: Path, parsed: ParsedElsewhere | None = None) -> Sources:
    """Open a spec: its root file is read and parsed now, the files it refers to on first use.

    `parsed` may hold a file's parse done in another process (generator/renderer.py).
    """
    sources = Sources(path, parsed)
    sources.node(sources.root)
    return sources


def parse_file(path: Path) -> tuple[bytes, Parsed]:
    """A file's bytes and their parse; SpecError (or OSError) when they cannot be had."""
    shown = display_path(path)
    data = path.read_bytes()
    return data, _parse(_decode(data, shown), path, shown)
