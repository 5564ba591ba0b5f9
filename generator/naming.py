"""Turning spec names into valid, unique Python identifiers.

Every name a template prints comes from here, so no spec can make the output fail to compile.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from collections.abc import Container, Iterable
from functools import cache
from pathlib import PurePath

# Names that would shadow what generated modules import or define themselves.
_RESERVED = frozenset(
    {
        "Any",
        "Annotated",
        "BaseModel",
        "ConfigDict",
        "Enum",
        "Field",
        "Literal",
        "RootModel",
        "datetime",
        "date",
        "time",
        "uuid",
        # builtins that annotations name: a field called `float` would shadow the type
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "list",
        "dict",
        "model_config",
        "model_fields",
        "self",
        "cls",
        "body",
        "client",
    }
)
# Module-level names the templates define or import (models, operations, server, client): a
# spec's class must not take one, or it would shadow (or be shadowed by) the template's own.
TEMPLATE_NAMES = frozenset(
    {
        # models
        "AfterValidator",
        "Annotated",
        "Any",
        "AwareDatetime",
        "Base",
        "BaseModel",
        "BeforeValidator",
        "ConfigDict",
        "Enum",
        "Field",
        "IntEnum",
        "Integer",
        "Literal",
        "NotBool",
        "NotNull",
        "RootModel",
        "StrEnum",
        "TypeAlias",
        "ValidatorFunctionWrapHandler",
        "WrapValidator",
        # operations
        "Mapping",
        "OperationInfo",
        "ParameterInfo",
        "ResponseInfo",
        "OPERATIONS",
        # server
        "Authenticator",
        "Awaitable",
        "Callable",
        "Credentials",
        "FastAPI",
        "Forbidden",
        "HTTPException",
        "Handler",
        "Iterable",
        "JSONResponse",
        "Principal",
        "ProblemError",
        "Protocol",
        "Request",
        "RequestContext",
        "Response",
        "Sequence",
        "TypeAdapter",
        "Unauthorized",
        "ValidationError",
        "BASE_PATH",
        "PROBLEM_JSON",
        "SECURITY_SCHEMES",
        # client
        "AsyncClient",
        "Client",
        "ClientError",
        "InvalidResponse",
        "Self",
        "TracebackType",
        "UnexpectedStatus",
        "DEFAULT_BASE_URL",
    }
)
# Builtin classes (exceptions above all): a model named `ValueError` would break `raise`.
BUILTIN_CLASSES = frozenset(n for n in dir(builtins) if n[:1].isupper())
# pydantic forbids fields that start with "model_" or an underscore, and BaseModel's own
# attributes (its class's too: `mro`, `register`) cannot be redeclared without a warning;
# tests/test_naming.py holds this to the installed pydantic.
_PYDANTIC_TAKEN = frozenset(
    {
        *("construct", "copy", "dict", "fields", "from_orm", "json", "mro", "parse_file"),
        *("parse_obj", "parse_raw", "register", "schema", "schema_json", "update_forward_refs"),
        "validate",
    }
)

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def _ascii(text: str) -> str:
    """Fold accents away and keep only ASCII letters, digits and separators."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^0-9A-Za-z]+", " ", folded)


def words(text: str) -> list[str]:
    """Split camelCase, PascalCase, snake_case, kebab-case and spaced text into words."""
    return list(_words(text))


@cache  # large specs repeat the same names thousands of times
def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(_ascii(text)))


@cache
def snake(text: str, fallback: str = "value") -> str:
    """A snake_case identifier: `apiTokenId` -> `api_token_id`, `import` -> `import_`."""
    name = "_".join(w.lower() for w in _words(text)) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in _RESERVED:
        name += "_"
    if name.startswith("model_") or name in _PYDANTIC_TAKEN:
        name += "_"
    return name


def package_name(spec_path: PurePath) -> str:
    """The package a spec generates into: `spec/api-tokens.yaml` -> `api_tokens`."""
    return snake(spec_path.stem, fallback="api")


@cache
def pascal(text: str, fallback: str = "Model") -> str:
    """A PascalCase class name: `api-token` -> `ApiToken`, `2fa` -> `Model2fa`."""
    name = "".join(w[:1].upper() + w[1:] for w in _words(text)) or fallback
    if name[0].isdigit():
        name = f"{fallback}{name}"
    if keyword.iskeyword(name) or name in _RESERVED:
        name += "_"
    return name


def constant(value: object, fallback: str = "VALUE") -> str:
    """An UPPER_CASE enum member name for a value: `api.users.read` -> `API_USERS_READ`."""
    text = str(value)
    if text.startswith("-") and text[1:].isdigit():
        text = f"minus {text[1:]}"
    name = "_".join(w.upper() for w in words(text)) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if keyword.iskeyword(name.lower()) and name.lower() == name:
        name += "_"
    return name


_DIGITS = re.compile(r"(\d+)")


def export_order(names: Iterable[str]) -> tuple[str, ...]:
    """Names in the order ruff's RUF022 wants for `__all__`: an isort-style sort.

    CONSTANTS first, then Classes, then everything else; within each, a natural sort
    (`Node2` before `Node10`), case-sensitive.
    """
    return tuple(sorted(names, key=_export_key))


def import_order(names: Iterable[str]) -> list[str]:
    """Imported names (`a`, `b as c`) in the order ruff's isort (I001) wants them.

    As for `__all__`, but case-insensitive first, then case-sensitive to break ties.
    """
    return sorted(names, key=_import_key)


def _export_key(name: str) -> tuple[int, list[str | int]]:
    return _kind(name), _natural(name)


def _import_key(name: str) -> tuple[int, list[str | int], list[str | int], list[str | int]]:
    imported, _, alias = name.partition(" as ")
    return _kind(imported), _natural(imported.lower()), _natural(imported), _natural(alias)


def _kind(name: str) -> int:
    return 0 if len(name) > 1 and name.isupper() else 1 if name[:1].isupper() else 2


def _natural(text: str) -> list[str | int]:
    # re.split puts text at even and digits at odd indexes, so like compares with like.
    return [int(part) if i % 2 else part for i, part in enumerate(_DIGITS.split(text))]


class Scope:
    """One namespace (a module's classes, a model's fields): hands out names no one else holds."""

    def __init__(self, taken: frozenset[str] = frozenset()) -> None:
        self._taken: set[str] = set(taken)
        # Per name, a number below which every numbered form is held: a name thousands of
        # properties share (after normalisation) is not counted up from 2 each time.
        self._held_below: dict[str, int] = {}

    def claim(self, name: str, avoid: Container[str] = frozenset()) -> str:
        """Return `name`, or `name2`, `name3`... when it is already held (or in `avoid`)."""
        if name not in self._taken and name not in avoid:
            self._taken.add(name)
            return name
        sep = "_" if name.endswith(tuple("0123456789")) else ""
        n = self._held_below.get(name, 2)
        while f"{name}{sep}{n}" in self._taken:
            n += 1
        self._held_below[name] = n
        while f"{name}{sep}{n}" in self._taken or f"{name}{sep}{n}" in avoid:
            n += 1
        unique = f"{name}{sep}{n}"
        self._taken.add(unique)
        return unique

    def claim_group(self, base: str, suffixes: tuple[str, ...]) -> str:
        """`base` (or `base2`...) such that it and every `base + suffix` are free; claims all."""
        sep = "_" if base.endswith(tuple("0123456789")) else ""
        name, n = base, 1
        while any(f"{name}{s}" in self._taken for s in ("", *suffixes)):
            n += 1
            name = f"{base}{sep}{n}"
        for s in ("", *suffixes):
            self._taken.add(f"{name}{s}")
        return name

    def __contains__(self, name: str) -> bool:
        return name in self._taken
