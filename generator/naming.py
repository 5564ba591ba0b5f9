"""Turning spec names into valid, unique Python identifiers.

Every name a template prints comes from here, so no spec can make the output fail to compile.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from functools import cache

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
        "model_config",
        "model_fields",
        "self",
        "cls",
        "body",
        "client",
    }
)
# pydantic forbids fields that start with "model_" or an underscore, and BaseModel's own
# attributes cannot be redeclared.
_PYDANTIC_TAKEN = frozenset({"copy", "dict", "json", "schema", "construct", "validate", "fields"})

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


class Scope:
    """One namespace (a module's classes, a model's fields): hands out names no one else holds."""

    def __init__(self, taken: frozenset[str] = frozenset()) -> None:
        self._taken: set[str] = set(taken)

    def claim(self, name: str) -> str:
        """Return `name`, or `name2`, `name3`... when it is already held."""
        if name not in self._taken:
            self._taken.add(name)
            return name
        sep = "_" if name.endswith(tuple("0123456789")) else ""
        n = 2
        while f"{name}{sep}{n}" in self._taken:
            n += 1
        unique = f"{name}{sep}{n}"
        self._taken.add(unique)
        return unique

    def __contains__(self, name: str) -> bool:
        return name in self._taken
