"""Names and docstrings: whatever a spec writes, the printed Python is valid and means it."""

from __future__ import annotations

import ast
import itertools
import keyword
import random
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import naming
from generator.output import _ruff
from generator.render import docstring


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("apiTokenId", "api_token_id"),
        ("API-Token", "api_token"),
        ("HTTPServer", "http_server"),
        ("import", "import_"),
        ("class", "class_"),
        ("match", "match_"),  # soft keyword
        ("case", "case_"),  # soft keyword
        ("2fa", "value_2_fa"),
        ("", "value"),
        ("***", "value"),
        ("café", "cafe"),
        ("日本", "value"),
        ("model_config", "model_config__"),  # reserved, then pydantic's model_ prefix
        ("self", "self_"),
        ("json", "json_"),
    ],
)
def test_snake(text: str, expected: str) -> None:
    assert naming.snake(text) == expected


@pytest.mark.parametrize(
    ("spec", "expected"),
    [("spec/api-tokens.yaml", "api_tokens"), ("v2.json", "v_2"), ("---.yaml", "api")],
)
def test_package_name(spec: str, expected: str) -> None:
    assert naming.package_name(Path(spec)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("api-token", "ApiToken"),
        ("2fa", "Model2Fa"),
        ("", "Model"),
        ("None", "None_"),
        ("True", "True_"),
        ("BaseModel", "BaseModel_"),
        ("Ünïcode", "Unicode"),
        ("hello world", "HelloWorld"),
    ],
)
def test_pascal(text: str, expected: str) -> None:
    assert naming.pascal(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("api.users.read", "API_USERS_READ"),
        ("-1", "MINUS_1"),
        (1, "VALUE_1"),
        ("", "VALUE"),
        ("é", "E"),
        ("None", "NONE"),
    ],
)
def test_constant(value: object, expected: str) -> None:
    assert naming.constant(value) == expected


def test_scope_hands_out_unique_names() -> None:
    scope = naming.Scope(frozenset({"taken"}))
    assert scope.claim("taken") == "taken2"
    assert scope.claim("taken") == "taken3"
    assert scope.claim("value1") == "value1"
    assert scope.claim("value1") == "value1_2"
    assert "value1_2" in scope
    assert "free" not in scope


def _first_free(taken: set[str], name: str, avoid: frozenset[str]) -> str:
    """Scope.claim's contract, the slow way: the name, else the first free numbered form."""
    if name not in taken and name not in avoid:
        return name
    sep = "_" if name[-1:].isdigit() else ""
    return next(
        f"{name}{sep}{n}"
        for n in itertools.count(2)
        if f"{name}{sep}{n}" not in taken and f"{name}{sep}{n}" not in avoid
    )


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "a2", "a3", "b1", "b1_2", "c"]),
            st.frozensets(st.sampled_from(["a2", "a4", "b1_2", "b1_3", "c2"])),
            st.booleans(),
        ),
        max_size=40,
    )
)
def test_scope_claims_the_first_free_name(calls: list[tuple[str, frozenset[str], bool]]) -> None:
    # Scope remembers where each name's numbered forms are all held; a group claim or an
    # avoided name in between must not make it skip or repeat one.
    scope, taken = naming.Scope(), set()
    for name, avoid, group in calls:
        if group:
            claimed = scope.claim_group(name, ("Input",))
            taken |= {claimed, f"{claimed}Input"}
            continue
        expected = _first_free(taken, name, avoid)
        assert scope.claim(name, avoid) == expected
        taken.add(expected)


def test_names_that_collide_after_normalisation_stay_apart() -> None:
    scope = naming.Scope()
    names = [scope.claim(naming.snake(s)) for s in ("user-id", "userId", "user_id", "USER ID")]
    assert len(set(names)) == len(names)


@given(st.text(max_size=30))
def test_every_name_is_an_identifier(text: str) -> None:
    for name in (naming.snake(text), naming.pascal(text), naming.constant(text)):
        assert name.isidentifier() and name.isascii()
        assert not keyword.iskeyword(name)
    assert not keyword.issoftkeyword(naming.snake(text))


@pytest.mark.parametrize(
    "text",
    [
        'a "quoted" word',
        'ends with a quote"',
        'ends with two""',
        '"""',
        'in """ the middle',
        "back\\slash",
        "trailing backslash\\",
        "\\N{BULLET} and \\u0041 and \\x41",
        "{{ jinja }} and {% block %}",
        "control \x00 \x07 \x1b characters",
        "carriage\r\nreturn",
        "tab\there",
        "unicode ✓ 日本語",
        "",
    ],
)
def test_docstring_round_trips(text: str) -> None:
    _round_trip(text)


@given(st.text(max_size=60))
def test_docstring_round_trips_any_text(text: str) -> None:
    _round_trip(text)


def _round_trip(text: str) -> None:
    source = f'"""{docstring(text)}"""'
    compile(source, "<docstring>", "eval")
    value = ast.literal_eval(source)
    # The filter drops surrounding whitespace and carriage returns, and shows other control
    # characters as escapes; everything else must come back as written.
    expected = text.strip().replace("\r", "")
    if all(c.isprintable() or c == "\n" for c in expected):
        assert value == expected


def test_scope_claims_a_group_of_names_together() -> None:
    scope = naming.Scope(frozenset({"SearchResponse"}))
    assert scope.claim_group("Search", ("Request", "Response")) == "Search2"
    assert all(n in scope for n in ("Search2", "Search2Request", "Search2Response"))
    assert scope.claim_group("Search", ("Request", "Response")) == "Search3"


def _module_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names.update(a.asname or a.name for a in node.names)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def test_template_names_are_reserved_for_classes() -> None:
    """Every class-like name a generated module defines or imports is kept from the spec's."""
    from pathlib import Path  # noqa: PLC0415 - only this test reads generated code

    from generator.build import build  # noqa: PLC0415

    spec = Path("spec/api-tokens.yaml")
    api = build(spec).api
    from_spec = {m.name for m in api.models} | {e.name for e in api.enums}
    from_spec |= {a.name for a in api.aliases} | {api.protocol_name}
    for op in api.operations:
        from_spec |= {op.request_class, op.response_union, *(r.class_name for r in op.responses)}
    package = Path("generated") / api.package
    used: set[str] = set()
    for module in ("models", "operations", "server", "client"):
        used |= _module_names(ast.parse((package / f"{module}.py").read_text()))
    class_like = {n for n in used - from_spec if n[:1].isupper()}
    assert class_like <= naming.TEMPLATE_NAMES, class_like - naming.TEMPLATE_NAMES
    assert "ValueError" in naming.BUILTIN_CLASSES


# --- the orders ruff wants, so generation needs only `ruff format` -----------------------------

_TRICKY = ["Node10", "Node2", "node", "NODE", "N", "n", "APIToken", "ApiToken", "Api2Token"]
_TRICKY += ["api_token", "_private", "X1", "A_B", "AB", "Ab", "aB", "z10", "z9", "Item_9"]


def _name_lists(count: int) -> list[list[str]]:
    rng = random.Random(2026)
    alphabet = "AaBbZz_019"
    lists = [_TRICKY]
    for _ in range(count):
        names = {rng.choice("ABNZabnz_") + "".join(rng.choices(alphabet, k=rng.randint(0, 6)))}
        names |= {rng.choice(_TRICKY) + str(rng.randint(0, 12)) for _ in range(4)}
        names |= set(rng.sample(_TRICKY, 5))
        names |= {"".join(rng.choices(alphabet, k=rng.randint(1, 6))).lstrip("019") or "x"}
        lists.append(sorted(n for n in names if n.isidentifier() and not keyword.iskeyword(n)))
    return lists


def test_export_and_import_orders_are_the_ones_ruff_wants(tmp_path: Path) -> None:
    """Each list, put in our order, leaves ruff's I001 and RUF022 with nothing to fix."""
    for i, names in enumerate(_name_lists(150)):
        exports = ", ".join(repr(n) for n in naming.export_order(names))
        imported = "".join(f"    {n},\n" for n in naming.import_order(names))
        (tmp_path / f"m{i}.py").write_text(
            f"from m import (\n{imported})\n\n__all__ = [{exports}]\n", encoding="utf-8"
        )
    done = subprocess.run(
        [_ruff(), "check", "--isolated", "--no-cache", "--select", "I001,RUF022", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[:3000]


def test_import_order_puts_aliases_by_the_imported_name() -> None:
    assert naming.import_order(["b as a", "a as z", "A"]) == ["A", "a as z", "b as a"]


def test_basemodel_attributes_never_become_field_names() -> None:
    from pydantic import BaseModel  # noqa: PLC0415 - only this test needs it

    names = set(dir(BaseModel)) | set(dir(type(BaseModel)))
    public = {n for n in names if not n.startswith("_") and hasattr(BaseModel, n)}
    for name in public:
        assert naming.snake(name) != name, name
