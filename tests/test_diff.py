"""`generator diff`: each change kind on a pair of specs, with whom it breaks; formats; git refs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from generator.diff import compare, format_markdown, format_text

SPECS = Path(__file__).parent / "diff_specs"
BASE = SPECS / "base.yaml"
ROOT = Path(__file__).resolve().parents[1]
TOKEN_SPEC = ROOT / "spec" / "api-tokens.yaml"
PUT = "PUT /pets/{petId}"

# Whom a change breaks, written out here rather than taken from the code under test.
BOTH, CLIENTS, SERVERS, NEITHER = (True, True), (True, False), (False, True), (False, False)

# variant -> every change from base.yaml to it: (kind, where, (breaks clients, breaks servers))
EXPECTED: dict[str, set[tuple[str, str, tuple[bool, bool]]]] = {
    "operation_removed": {
        ("operation-removed", "GET /pets", CLIENTS),
        ("path-removed", "/pets", CLIENTS),
    },
    "operation_added": {("operation-added", "DELETE /pets/{petId}", SERVERS)},
    "response_removed": {("response-removed", f"{PUT} 404", BOTH)},
    "response_added": {("response-added", f"{PUT} 409", CLIENTS)},
    "status_changed": {
        ("response-removed", f"{PUT} 200", BOTH),
        ("response-added", f"{PUT} 201", CLIENTS),
    },
    "required_property_added": {("required-property-added", f"{PUT} request body", CLIENTS)},
    "property_made_required": {("required-changed", f"{PUT} request body.kind", CLIENTS)},
    "required_parameter_added": {
        ("required-parameter-added", "GET /pets query parameter 'owner'", CLIENTS)
    },
    "property_removed": {("property-removed", "GET /pets 200[]", CLIENTS)},
    "property_renamed": {("property-renamed", f"{PUT} request body", BOTH)},
    "path_parameter_renamed": {
        ("path-parameter-renamed", "PUT /pets/{id} path parameter 'id'", CLIENTS)
    },
    "type_narrowed": {("type-narrowed", f"{PUT} request body.size", CLIENTS)},
    "max_length_down": {("constraint-tightened", f"{PUT} request body.name", CLIENTS)},
    "pattern_added": {("constraint-tightened", f"{PUT} request body.name", CLIENTS)},
    "constraint_loosened": {("constraint-loosened", f"{PUT} request body.name", SERVERS)},
    "minimum_up": {("constraint-tightened", "GET /pets 200[].age", SERVERS)},
    "enum_value_removed": {
        ("enum-value-removed", f"{PUT} request body.kind", CLIENTS),
        ("enum-value-removed", "GET /pets 200[].kind", SERVERS),
    },
    "enum_value_added": {
        ("enum-value-added", "GET /pets 200[].kind", CLIENTS),
        ("enum-value-added", f"{PUT} request body.kind", SERVERS),
    },
    "content_type_changed": {("content-type-changed", f"{PUT} 404", BOTH)},
    "scope_changed": {
        ("security-scope-added", PUT, CLIENTS),
        ("security-scope-removed", PUT, SERVERS),
    },
    "default_changed": {("default-changed", "GET /pets query parameter 'limit'", BOTH)},
    "compatible": {
        ("property-added", "GET /pets 200[]", NEITHER),
        ("parameter-added", "GET /pets query parameter 'owner'", NEITHER),
    },
}


@pytest.mark.parametrize("variant", sorted(EXPECTED))
def test_change_kind_and_classification(variant: str) -> None:
    changes = compare(str(BASE), str(SPECS / f"{variant}.yaml"))
    got = {(c.kind, c.where, (c.breaks_clients, c.breaks_servers)) for c in changes}
    assert got == EXPECTED[variant]


def test_every_fixture_has_an_expectation() -> None:
    variants = {p.stem for p in SPECS.glob("*.yaml")} - {"base"}
    assert variants == set(EXPECTED)


def test_same_spec_has_no_changes() -> None:
    assert compare(str(TOKEN_SPEC), str(TOKEN_SPEC)) == []


_SHAPES = """\
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /s:
    get:
      operationId: getShape
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Shape"}
components:
  schemas:
    Circle:
      type: object
      required: [kind]
      properties: {kind: {type: string}, radius: {type: number}}
    Square:
      type: object
      required: [kind]
      properties: {kind: {type: string}, side: {type: number}}
    Shape:
      oneOf: [{$ref: "#/components/schemas/Circle"}, {$ref: "#/components/schemas/Square"}]
      discriminator:
        propertyName: kind
        mapping: {circle: "#/components/schemas/Circle", square: "#/components/schemas/Square"}
"""
# A second union selecting Square by its name: Shape's option becomes a subclass, ShapeSquare.
_OTHER = """\
    Other:
      oneOf: [{$ref: "#/components/schemas/Circle"}, {$ref: "#/components/schemas/Square"}]
      discriminator: {propertyName: kind}
"""


def test_a_unions_option_class_is_compared_with_what_it_inherits(tmp_path: Path) -> None:
    """A union's option that is a subclass holds its tag only; the rest is its base's."""
    old, new, changed = tmp_path / "old.yaml", tmp_path / "new.yaml", tmp_path / "changed.yaml"
    old.write_text(_SHAPES)
    new.write_text(_SHAPES + _OTHER)
    edited = _SHAPES.replace("side: {type: number}", "").replace(
        "radius: {type: number}", "radius: {type: string}"
    )
    changed.write_text(edited.replace("kind: {type: string}, }", "kind: {type: string}}") + _OTHER)
    assert compare(str(old), str(new)) == []
    got = {(c.kind, c.where) for c in compare(str(new), str(changed))}
    assert got == {
        ("property-removed", "GET /s 200"),
        ("type-changed", "GET /s 200.radius"),
    }


def test_text_lists_breaking_first() -> None:
    text = format_text(compare(str(BASE), str(SPECS / "enum_value_removed.yaml")))
    assert text.splitlines() == [
        "breaks servers: GET /pets 200[].kind: enum value 'cat' removed [enum-value-removed]",
        "breaks clients: PUT /pets/{petId} request body.kind: enum value 'cat' removed "
        "[enum-value-removed]",
        "2 change(s), 2 breaking",
    ]


def test_markdown_is_a_table() -> None:
    markdown = format_markdown(compare(str(BASE), str(SPECS / "scope_changed.yaml")))
    assert markdown.startswith("## API changes\n\n2 change(s), **2 breaking**.\n")
    assert "| :x: | `security-scope-added`: now requires scope bearer:pets.admin |" in markdown


@pytest.mark.parametrize(
    ("variant", "extra", "code"),
    [
        ("compatible", [], 0),
        ("max_length_down", [], 1),
        ("max_length_down", ["--allow-breaking"], 0),
        ("max_length_down", ["--format", "markdown"], 1),
    ],
)
def test_cli_exit_codes(
    variant: str, extra: list[str], code: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(BASE), str(SPECS / f"{variant}.yaml"), *extra]) == code
    assert "change(s)" in capsys.readouterr().out


def test_cli_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(BASE), str(SPECS / "missing.yaml")]) == 2
    assert main(["diff", "git:no-such-ref-xyz:spec/api-tokens.yaml", str(BASE)]) == 2
    assert "no such file" in capsys.readouterr().err


def test_invalid_spec_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: [3.1.0\n", encoding="utf-8")
    assert main(["diff", str(BASE), str(broken)]) == 1
    assert "error" in capsys.readouterr().err


def _repo(folder: Path) -> None:
    """A git repository holding a spec split across two files, committed once."""
    (folder / "spec").mkdir()
    for name in ("api.yaml", "schemas.yaml"):
        (folder / "spec" / name).write_bytes((ROOT / "tests/specs/multi" / name).read_bytes())
    identity = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
    for args in (["init", "-q"], ["add", "."], [*identity, "commit", "-qm", "spec"]):
        subprocess.run(["git", *args], cwd=folder, capture_output=True, check=True)


def test_a_git_revision_of_a_multi_file_spec_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert compare("git:HEAD:spec/api.yaml", "spec/api.yaml") == []
    schemas = tmp_path / "spec" / "schemas.yaml"
    schemas.write_text(schemas.read_text().replace("minLength: 3", "minLength: 5"))
    # The change is in the file the root refers to, which only a whole-folder copy sees.
    changes = compare("git:HEAD:spec/api.yaml", "spec/api.yaml")
    assert changes, "the tightened minLength in schemas.yaml was not seen"
    assert any(c.kind == "constraint-tightened" for c in changes), changes
    monkeypatch.chdir(tmp_path / "spec")
    assert compare("git:HEAD:./api.yaml", "api.yaml") == changes
    assert main(["diff", "git:HEAD:spec/nothing.yaml", "api.yaml"]) == 2
    assert "no such file in HEAD" in capsys.readouterr().err
