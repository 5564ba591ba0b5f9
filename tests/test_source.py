"""Tests for generator.source: loading spec files, locating nodes and following `$ref`s."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import yaml_parse
from generator.diagnostics import Location, Severity, SpecError
from generator.source import Ref, Sources, fragment, load

SPECS = Path("tests/loader_specs")
PETSTORE = SPECS / "petstore.yaml"
PETSTORE_JSON = SPECS / "petstore.json"
RECURSIVE = SPECS / "recursive.yaml"


def spec_error(raised: pytest.ExceptionInfo[SpecError]) -> tuple[str, str, str]:
    """The single diagnostic of a SpecError as (location, code, message)."""
    [diagnostic] = raised.value.diagnostics
    return str(diagnostic.location), diagnostic.code, diagnostic.message


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- loading -------------------------------------------------------------------------------


def test_loads_yaml() -> None:
    sources = load(PETSTORE)
    document = sources.node(sources.root)
    assert document["openapi"] == "3.0.3"
    assert document["paths"]["/pets"]["get"]["operationId"] == "listPets"
    assert sources.root == Ref(PETSTORE.resolve(), ())
    assert sources.files() == [PETSTORE.resolve()]


def test_loads_json() -> None:
    sources = load(PETSTORE_JSON)
    parameters = sources.node(sources.root.child("paths", "/pets/{petId}", "get", "parameters"))
    assert [p["name"] for p in parameters] == ["petId", "verbose"]


def test_yaml_dates_stay_strings() -> None:
    sources = load(RECURSIVE)
    content = ("paths", "/trees/{id}", "get", "responses", "200", "content", "application/json")
    assert sources.node(sources.root.child(*content, "example")) == {"planted": "2024-01-01"}


def test_yaml_status_codes_become_strings() -> None:
    sources = load(RECURSIVE)
    responses = sources.node(sources.root.child("paths", "/trees/{id}", "get", "responses"))
    assert list(responses) == ["200"]


def test_yaml_keys_stay_as_written(tmp_path: Path) -> None:
    path = write(tmp_path, "keys.yaml", "on: 1\n404: 2\n~: 3\n1.0: 4\n")
    assert load(path).node(Ref(path.resolve())) == {"on": 1, "404": 2, "~": 3, "1.0": 4}


def test_yaml_scientific_numbers_are_floats(tmp_path: Path) -> None:
    # YAML 1.2 and JSON read 1e3 as a number; PyYAML's YAML 1.1 rules would keep a string.
    path = write(tmp_path, "numbers.yaml", "maximum: 1e3\nversion: 1.10\n")
    assert load(path).node(Ref(path.resolve())) == {"maximum": 1000.0, "version": 1.1}


def test_malformed_yaml_reports_the_parsers_line() -> None:
    with pytest.raises(SpecError) as raised:
        load(SPECS / "malformed.yaml")
    location, code, message = spec_error(raised)
    assert (location, code) == ("tests/loader_specs/malformed.yaml:8:16", "syntax")
    assert "flow sequence" in message


def test_malformed_json_reports_the_parsers_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.json", '{\n  "openapi": "3.0.3",\n  "info": }\n')
    with pytest.raises(SpecError) as raised:
        load(path)
    assert spec_error(raised)[:2] == (f"{path.resolve()}:3:11", "syntax")


def test_missing_file_is_an_io_error() -> None:
    with pytest.raises(SpecError) as raised:
        load(SPECS / "no-such-spec.yaml")
    location, code, _ = spec_error(raised)
    assert (location, code) == ("tests/loader_specs/no-such-spec.yaml:1:1", "io")


def test_duplicate_yaml_keys_are_warnings() -> None:
    sources = load(SPECS / "duplicate_keys.yaml")
    [warning] = sources.load_warnings
    assert str(warning.location) == "tests/loader_specs/duplicate_keys.yaml:11:11"
    assert (warning.severity, warning.code) == (Severity.WARNING, "duplicate-key")
    response = ("paths", "/pets", "get", "responses", "200", "description")
    assert sources.node(sources.root.child(*response)) == "second"


def test_duplicate_json_keys_are_warnings(tmp_path: Path) -> None:
    path = write(tmp_path, "dup.json", '{\n  "a": {\n    "b": 1,\n    "b": 2\n  }\n}\n')
    sources = load(path)
    assert [str(w.location) for w in sources.load_warnings] == [f"{path.resolve()}:4:5"]
    assert sources.node(Ref(path.resolve(), ("a", "b"))) == 2


def test_yaml_merge_keys_are_no_duplicates(tmp_path: Path) -> None:
    text = "base: &base\n  a: 1\n  b: 2\nderived:\n  <<: *base\n  b: 3\n"
    path = write(tmp_path, "merge.yaml", text)
    sources = load(path)
    assert sources.load_warnings == []
    assert sources.node(Ref(path.resolve(), ("derived",))) == {"a": 1, "b": 3}


# --- locating ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pointer", "expected"),
    [
        ((), "1:1"),
        (("paths", "/pets", "get", "operationId"), "10:7"),
        (("tags", 0), "6:5"),
        (("tags", 0, "name"), "6:5"),
        (("paths", "/pets", "get", "parameters", 0), "13:11"),
        (("paths", "/pets", "get", "parameters", 0, "schema", "default"), "17:13"),
        (("paths", "/pets", "get", "tags", 0), "11:14"),
        (("components", "responses", "Error", "description"), "51:7"),
    ],
)
def test_locates_yaml_nodes(pointer: tuple[str | int, ...], expected: str) -> None:
    sources = load(PETSTORE)
    assert str(sources.locate(sources.root.child(*pointer))) == f"{PETSTORE}:{expected}"


@pytest.mark.parametrize(
    ("pointer", "expected"),
    [
        (("paths", "/pets/{petId}", "get", "operationId"), "7:9"),
        (("paths", "/pets/{petId}", "get", "parameters", 1), "10:11"),
        (("paths", "/pets/{petId}", "get", "parameters", 1, "schema", "type"), "10:57"),
        (("components", "schemas", "Pet", "properties", "tags", "items"), "29:37"),
    ],
)
def test_locates_json_nodes(pointer: tuple[str | int, ...], expected: str) -> None:
    sources = load(PETSTORE_JSON)
    assert str(sources.locate(sources.root.child(*pointer))) == f"{PETSTORE_JSON}:{expected}"


def test_a_missing_pointer_is_located_at_its_nearest_ancestor() -> None:
    sources = load(PETSTORE)
    get = sources.root.child("paths", "/pets", "get")
    assert sources.locate(get.child("nope", "deeper")) == sources.locate(get)
    assert str(sources.locate(get)) == f"{PETSTORE}:9:5"
    json_sources = load(PETSTORE_JSON)
    missing = json_sources.root.child("paths", "/pets/{petId}", "get", "parameters", 7)
    assert str(json_sources.locate(missing)) == f"{PETSTORE_JSON}:8:9"


def test_locates_nodes_in_files_reached_through_relative_refs() -> None:
    sources = load(PETSTORE)
    items = sources.root.child(
        "paths", "/pets", "get", "responses", "200", "content", "application/json", "schema"
    ).child("items")
    pet, value = sources.follow(sources.node(items), items)
    assert pet == Ref((SPECS / "shared" / "pet.yaml").resolve(), ("Pet",))
    assert value["required"] == ["id", "name"]
    location = sources.locate(pet.child("properties", "name"))
    assert str(location) == "tests/loader_specs/shared/pet.yaml:8:5"
    # A JSON file, referred to as a whole, from a component.
    schema = sources.root.child("components", "responses", "Error", "content")
    schema = schema.child("application/json", "schema")
    error, _ = sources.follow(sources.node(schema), schema)
    assert error == Ref((SPECS / "shared" / "error.json").resolve(), ())
    default = sources.locate(error.child("properties", "code", "default"))
    assert str(default) == "tests/loader_specs/shared/error.json:6:33"
    assert sources.files() == sorted(
        [PETSTORE.resolve(), pet.file, error.file],
    )


def test_files_outside_the_working_directory_are_shown_absolute(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.yaml", "openapi: 3.0.3\n")
    sources = load(path)
    assert sources.locate(sources.root) == Location(str(path.resolve()), 1, 1)


def test_ref_str_is_relative_and_escaped() -> None:
    ref = Ref(PETSTORE.resolve(), ("paths", "/a~b", 0))
    assert str(ref) == "tests/loader_specs/petstore.yaml#/paths/~1a~0b/0"
    assert str(Ref(PETSTORE.resolve())) == "tests/loader_specs/petstore.yaml"


def test_diagnostic_is_located() -> None:
    sources = load(PETSTORE)
    at = sources.root.child("paths", "/pets", "get", "operationId")
    diagnostic = sources.diagnostic(at, Severity.WARNING, "demo", "a message")
    assert str(diagnostic) == f"{PETSTORE}:10:7: warning: a message [demo]"


# --- resolving and following ---------------------------------------------------------------


def test_resolve_decodes_escapes() -> None:
    sources = load(RECURSIVE)
    target = sources.resolve("#/paths/~1trees~1%7Bid%7D/get/responses/200", sources.root)
    assert target.pointer == ("paths", "/trees/{id}", "get", "responses", "200")
    alias = sources.root.child("components", "schemas", "Alias")
    at, value = sources.follow(sources.node(alias), alias)
    assert at.pointer == ("components", "schemas", "Node", "properties", "odd/name~x")
    assert value == {"type": "string"}


def test_resolve_gives_list_indexes_as_ints() -> None:
    sources = load(PETSTORE)
    target = sources.resolve("#/paths/~1pets/get/parameters/0", sources.root)
    assert target.pointer == ("paths", "/pets", "get", "parameters", 0)
    assert sources.node(target)["name"] == "limit"


def test_resolve_whole_files_and_dot_paths() -> None:
    sources = load(PETSTORE)
    shared = (SPECS / "shared").resolve()
    assert sources.resolve("./shared/error.json", sources.root) == Ref(shared / "error.json")
    assert sources.resolve("shared/pet.yaml#/Owner", sources.root) == Ref(
        shared / "pet.yaml", ("Owner",)
    )


def test_remote_refs_are_refused() -> None:
    sources = load(PETSTORE)
    at = sources.root.child("paths", "/pets", "get")
    with pytest.raises(SpecError) as raised:
        sources.resolve("https://example.com/pet.yaml#/Pet", at)
    location, code, message = spec_error(raised)
    assert (location, code) == (f"{PETSTORE}:9:5", "ref")
    assert "remote references are not supported" in message


def test_a_ref_to_a_missing_file_is_a_ref_error() -> None:
    sources = load(PETSTORE)
    at = sources.root.child("paths", "/pets", "get", "operationId")
    with pytest.raises(SpecError) as raised:
        sources.resolve("missing.yaml#/A", at)
    assert spec_error(raised)[:2] == (f"{PETSTORE}:10:7", "ref")


def test_node_of_a_missing_pointer_is_a_ref_error() -> None:
    sources = load(PETSTORE)
    with pytest.raises(SpecError) as raised:
        sources.node(sources.root.child("paths", "/nowhere"))
    assert spec_error(raised)[:2] == (f"{PETSTORE}:7:1", "ref")


def test_follow_leaves_plain_values_alone() -> None:
    sources = load(PETSTORE)
    at = sources.root.child("info")
    assert sources.follow({"title": "x"}, at) == (at, {"title": "x"})
    assert sources.follow(3, at) == (at, 3)


def test_follow_terminates_on_recursive_schemas() -> None:
    sources = load(RECURSIVE)
    schemas = sources.root.child("components", "schemas")
    items = schemas.child("Node", "properties", "children", "items")
    assert sources.follow(sources.node(items), items)[0] == schemas.child("Node")
    # A -> B -> A through properties: every step ends at a schema, not in a loop.
    at = schemas.child("A")
    for _ in range(4):
        property_at = at.child("properties", "b" if at.pointer[-1] == "A" else "a")
        at, _value = sources.follow(sources.node(property_at), property_at)
    assert at == schemas.child("A")


def test_follow_reports_a_pure_ref_cycle() -> None:
    sources = load(SPECS / "ref_cycle.yaml")
    ping = sources.root.child("components", "schemas", "Ping")
    with pytest.raises(SpecError) as raised:
        sources.follow(sources.node(ping), ping)
    location, code, message = spec_error(raised)
    assert (location, code) == ("tests/loader_specs/ref_cycle.yaml:20:7", "ref")
    assert message.startswith("circular $ref chain")


def test_follow_reports_a_self_reference(tmp_path: Path) -> None:
    path = write(tmp_path, "self.yaml", "A:\n  $ref: '#/A'\n")
    sources = load(path)
    with pytest.raises(SpecError) as raised:
        sources.follow(sources.node(Ref(path.resolve(), ("A",))), Ref(path.resolve(), ("A",)))
    assert "circular" in spec_error(raised)[2]


def test_follow_chains_across_files(tmp_path: Path) -> None:
    write(tmp_path, "root.yaml", "A:\n  $ref: 'sub/b.yaml#/B'\n")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "b.yaml", "B:\n  $ref: '../c.json'\n")
    write(tmp_path, "c.json", '{"type": "string"}')
    sources = load(tmp_path / "root.yaml")
    a = sources.root.child("A")
    assert sources.follow(sources.node(a), a) == (
        Ref((tmp_path / "c.json").resolve()),
        {"type": "string"},
    )


# --- digest --------------------------------------------------------------------------------


def test_digest_is_stable_and_covers_loaded_files(tmp_path: Path) -> None:
    first = load(PETSTORE)
    assert first.digest() == load(PETSTORE).digest()
    schema = first.root.child("components", "responses", "Error", "content", "application/json")
    first.follow(first.node(schema.child("schema")), schema.child("schema"))
    assert first.digest() != load(PETSTORE).digest()
    copy = write(tmp_path, "petstore.yaml", PETSTORE.read_text(encoding="utf-8") + "\n")
    assert load(copy).digest() != load(PETSTORE).digest()


def test_digest_does_not_depend_on_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = load(PETSTORE).digest()
    path = PETSTORE.resolve()
    monkeypatch.chdir(tmp_path)
    assert load(path).digest() == expected


# --- the JSON scanner agrees with YAML's composer -------------------------------------------

# YAML, the oracle, refuses control characters and counts U+2028 as a line break.
_text = st.text(alphabet=st.characters(categories=["L", "N", "P", "S", "Zs"]), max_size=5)
_scalars = st.none() | st.booleans() | st.integers() | _text
_documents = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=12,
)


def _yaml_positions(text: str) -> dict[tuple[Any, ...], tuple[int, int]]:
    """Every pointer's line:col by PyYAML's composer (YAML reads JSON too): the oracle."""
    positions: dict[tuple[Any, ...], tuple[int, int]] = {}
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert root is not None
    stack: list[tuple[tuple[Any, ...], yaml.Node, yaml.Mark | None]] = [((), root, None)]
    while stack:
        pointer, node, key_mark = stack.pop()
        mark = key_mark or node.start_mark
        positions[pointer] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(((*pointer, key.value), value, key.start_mark))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(((*pointer, i), item, None) for i, item in enumerate(node.value))
    return positions


@settings(max_examples=60, deadline=None)
@given(document=_documents, indent=st.sampled_from([None, 0, 2]))
def test_json_positions_match_yamls(
    tmp_path_factory: pytest.TempPathFactory, document: Any, indent: int | None
) -> None:
    text = json.dumps(document, indent=indent, ensure_ascii=False)
    path = tmp_path_factory.mktemp("json") / "doc.json"
    path.write_text(text, encoding="utf-8")
    sources = Sources(path)
    for pointer, (line, col) in _yaml_positions(text).items():
        location = sources.locate(Ref(path.resolve(), pointer))
        assert (location.line, location.col) == (line, col), pointer


def test_a_ref_as_a_uri_escapes_its_pointer() -> None:
    ref = Ref(Path("/specs/api.yaml"), ("paths", "/a/{id}", "get", "x y", "~"))
    assert fragment(ref.pointer) == "#/paths/~1a~1%7Bid%7D/get/x%20y/~0"
    assert ref.uri() == "file:///specs/api.yaml#/paths/~1a~1%7Bid%7D/get/x%20y/~0"


def test_alias_expansion_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_parse, "EXPANSION_LIMIT", 30)
    # 1 (root) + 4 (a) + 1 + 6 * 4 (b): exactly the limit, so it loads, shared nodes and all.
    fine = yaml_parse.parse_yaml("a: &x [1, 2, 3]\nb: [*x, *x, *x, *x, *x, *x]\n", "t.yaml")
    assert fine.document["b"][5] == [1, 2, 3]
    # b alone stands for 33 values (1 + 8 * 4), over the limit: reported there.
    with pytest.raises(SpecError) as refused:
        yaml_parse.parse_yaml("a: &x [1, 2, 3]\nb: [*x, *x, *x, *x, *x, *x, *x, *x]\n", "t.yaml")
    [diagnostic] = refused.value.diagnostics
    assert diagnostic.location == Location("t.yaml", 2, 1)
    assert "more than 30 values once expanded" in diagnostic.message
    # 7 aliases: b holds most (29) but is under the limit; only the whole document (34) is over.
    with pytest.raises(SpecError) as refused:
        yaml_parse.parse_yaml("a: &x [1, 2, 3]\nb: [*x, *x, *x, *x, *x, *x, *x]\n", "t.yaml")
    assert refused.value.diagnostics[0].location == Location("t.yaml", 1, 1)
