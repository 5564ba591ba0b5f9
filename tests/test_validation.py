"""Tests for generator.validation: each check at its exact place, and agreement with
openapi-spec-validator on our fixtures and on a sample of real-world specs."""

from __future__ import annotations

import contextlib
import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate as reference_validate
from openapi_spec_validator.readers import read_from_filename

from generator.diagnostics import Diagnostic, Severity, SpecError
from generator.source import load
from generator.validation import validate

ROOT = Path(__file__).resolve().parents[1]
SPECS = Path("tests/loader_specs")
TOKEN_SPEC = ROOT / "spec" / "api-tokens.yaml"
# The corpus lies beside the project (../shared/corpus), in CI too.
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLE_SIZE = 25
SMALL = 300_000


def problems(path: Path) -> list[tuple[str, Severity, str]]:
    """(file:line:col, severity, code) of each diagnostic validate reports for a spec."""
    return [(str(d.location), d.severity, d.code) for d in validate(load(path))]


def only(path: Path, code: str) -> Diagnostic:
    [diagnostic] = [d for d in validate(load(path)) if d.code == code]
    return diagnostic


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "name", ["petstore.yaml", "petstore.json", "recursive.yaml"], ids=lambda n: n
)
def test_valid_specs_have_no_problems(name: str) -> None:
    assert validate(load(SPECS / name)) == []


# --- each check, at its place ----------------------------------------------------------------


def test_an_unresolvable_ref_is_an_error_at_the_ref() -> None:
    diagnostic = only(SPECS / "broken_ref.yaml", "ref")
    assert str(diagnostic.location) == "tests/loader_specs/broken_ref.yaml:14:17"
    assert diagnostic.severity is Severity.ERROR
    assert "'#/components/schemas/Pets'" in diagnostic.message


def test_a_pure_ref_cycle_is_an_error() -> None:
    assert problems(SPECS / "ref_cycle.yaml") == [
        ("tests/loader_specs/ref_cycle.yaml:18:7", Severity.ERROR, "ref"),
        ("tests/loader_specs/ref_cycle.yaml:20:7", Severity.ERROR, "ref"),
    ]


def test_refs_in_other_files_are_checked(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        "root.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "components:\n  schemas:\n    A:\n      $ref: 'other.yaml#/A'\n",
    )
    write(tmp_path, "other.yaml", "A:\n  properties:\n    b:\n      $ref: '#/B'\n")
    assert problems(root) == [(f"{tmp_path.resolve()}/other.yaml:4:7", Severity.ERROR, "ref")]


def test_remote_refs_are_errors(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        "root.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "components:\n  schemas:\n    A:\n      $ref: 'https://example.com/a.yaml'\n",
    )
    diagnostic = only(root, "ref")
    assert str(diagnostic.location) == f"{tmp_path.resolve()}/root.yaml:7:7"
    assert "remote references are not supported" in diagnostic.message


def test_refs_in_examples_are_literal_data(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        "root.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "components:\n  schemas:\n    A:\n      type: object\n"
        "      example: {$ref: '#/nowhere'}\n      x-vendor: {$ref: '#/nowhere'}\n",
    )
    assert problems(root) == []


def test_a_duplicate_operation_id_names_the_first() -> None:
    diagnostic = only(SPECS / "duplicate_operation_id.yaml", "duplicate-operation-id")
    assert str(diagnostic.location) == "tests/loader_specs/duplicate_operation_id.yaml:13:7"
    assert diagnostic.severity is Severity.WARNING
    assert "tests/loader_specs/duplicate_operation_id.yaml:8:7" in diagnostic.message


def test_path_parameters_must_match_the_template() -> None:
    spec = "tests/loader_specs/path_parameters.yaml"
    found = [d for d in validate(load(SPECS / "path_parameters.yaml")) if d.code != "schema"]
    assert [(str(d.location), d.severity, d.code) for d in found] == [
        (f"{spec}:7:5", Severity.WARNING, "path-parameter"),
        (f"{spec}:13:9", Severity.WARNING, "path-parameter"),
        (f"{spec}:25:11", Severity.WARNING, "path-parameter"),
    ]
    assert "'petId'" in found[0].message
    assert "'ownerId' does not appear" in found[1].message
    assert "required: true" in found[2].message


def test_paths_alike_but_for_parameter_names_sharing_a_method(tmp_path: Path) -> None:
    def operation(name: str) -> str:
        return (
            f"      parameters: [{{name: {name}, in: path, required: true, "
            "schema: {type: string}}]\n"
            "      responses: {'204': {description: done}}\n"
        )

    spec = write(
        tmp_path,
        "paths.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
        f"  /a/{{x}}:\n    get:\n{operation('x')}    delete:\n{operation('x')}"
        f"  /a/{{y}}:\n    get:\n{operation('y')}"
        # Another method only: GitHub's spec has such pairs, and servers tell them apart.
        f"  /b/{{x}}:\n    get:\n{operation('x')}"
        f"  /b/{{y}}:\n    delete:\n{operation('y')}",
    )
    diagnostic = only(spec, "duplicate-path")
    assert str(diagnostic.location) == f"{spec}:12:5"  # the get of /a/{y}
    assert diagnostic.message.startswith("GET '/a/{y}' is GET '/a/{x}' but for its parameters'")
    assert diagnostic.severity is Severity.WARNING


def test_a_misspelt_keyword_is_reported_at_its_line() -> None:
    found = validate(load(SPECS / "misspelt_keyword.yaml"))
    assert [(str(d.location), d.code, d.message) for d in found] == [
        (
            "tests/loader_specs/misspelt_keyword.yaml:17:21",
            "schema",
            "property 'tpye' is not allowed here",
        ),
        (
            "tests/loader_specs/misspelt_keyword.yaml:19:21",
            "schema",
            '\'type\' must be one of "array", "boolean", "integer", "number", "object", "string"',
        ),
    ]


def test_a_missing_field_and_a_misspelt_one(tmp_path: Path) -> None:
    spec = write(
        tmp_path,
        "spec.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      responces: {}\n",
    )
    found = [(str(d.location), d.message) for d in validate(load(spec))]
    assert found == [
        (f"{tmp_path.resolve()}/spec.yaml:5:5", "missing required field 'responses'"),
        (f"{tmp_path.resolve()}/spec.yaml:6:7", "property 'responces' is not allowed here"),
    ]


@pytest.mark.parametrize(
    ("parameter", "message"),
    [
        ("{name: a, in: querry, schema: {}}", """'in' must be one of "path", "query", """),
        ("{name: a, in: query}", "item 0 of 'parameters' needs one of 'schema', 'content'"),
        ("{name: a, in: query, content: {a: {}}, style: form}", "must not have 'style' here"),
        ("7", "item 0 of 'parameters' is not a valid Parameter Object or Reference Object"),
    ],
)
def test_alternatives_are_explained_by_the_one_meant(
    tmp_path: Path, parameter: str, message: str
) -> None:
    spec = write(
        tmp_path,
        "spec.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
        f"      responses: {{default: {{description: d}}}}\n      parameters: [{parameter}]\n",
    )
    [diagnostic] = validate(load(spec))
    assert message in diagnostic.message


def test_a_default_must_fit_its_schema() -> None:
    diagnostic = only(SPECS / "bad_default.yaml", "default")
    assert str(diagnostic.location) == "tests/loader_specs/bad_default.yaml:13:13"
    assert '"ten" is not of type "integer"' in diagnostic.message


@pytest.mark.parametrize(
    ("version", "schema", "fits"),
    [
        # Self-contained schemas are checked alone, the others through the spec's registry.
        ("3.0.3", "{type: string, maxLength: 2, default: abc}", False),
        ("3.0.3", "{type: string, nullable: true, default: null}", True),
        ("3.0.3", "{type: string, format: date, default: '2024-13-01'}", False),
        (
            "3.0.3",
            "{type: array, items: {$ref: '#/components/schemas/Small'}, default: [9]}",
            False,
        ),
        ("3.0.3", "{type: array, items: {$ref: '#/components/schemas/Small'}, default: [1]}", True),
        ("3.1.0", "{type: [integer, 'null'], maximum: 3, default: 4}", False),
        ("3.1.0", "{allOf: [{$ref: '#/components/schemas/Small'}], default: 2}", True),
        ("3.1.0", "{allOf: [{$ref: '#/components/schemas/Small'}], default: 7}", False),
        # The integer formats' ranges, at any depth, as openapi-spec-validator holds them.
        ("3.0.3", "{type: integer, format: int32, default: 2147483648}", False),
        ("3.0.3", "{type: integer, format: int32, default: -2147483648}", True),
        ("3.1.0", "{type: integer, format: int64, default: 9223372036854775808}", False),
        ("3.1.0", "{type: integer, format: int64, default: 9223372036854775807}", True),
        ("3.0.3", "{type: array, items: {type: integer, format: int32}, default: [1, 3e9]}", False),
        (
            "3.1.0",
            "{type: object, properties: {n: {type: [integer, 'null'], format: int32}},"
            " default: {n: -2147483649}}",
            False,
        ),
        ("3.0.3", "{type: integer, format: int32, maximum: 1e12, default: 2147483648}", False),
        ("3.0.3", "{type: integer, format: int32, maximum: 10, default: 10}", True),
        ("3.0.3", "{type: string, format: int32, default: '99999999999'}", True),
        (
            "3.0.3",
            "{type: array, items: {$ref: '#/components/schemas/Count'}, default: [4294967296]}",
            False,
        ),
    ],
)
def test_defaults_are_checked_with_and_without_refs(
    tmp_path: Path, version: str, schema: str, fits: bool
) -> None:
    spec = write(
        tmp_path,
        "spec.yaml",
        f"openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n"
        "components:\n  schemas:\n    Small: {type: integer, maximum: 5}\n"
        "    Count: {type: integer, format: int32}\n"
        f"    Subject: {schema}\n",
    )
    found = [d for d in validate(load(spec)) if d.code == "default"]
    assert (found == []) is fits, found
    assert _reference_finds_problems(spec) is not fits  # the authority agrees


def test_duplicate_keys_are_reported() -> None:
    assert problems(SPECS / "duplicate_keys.yaml") == [
        ("tests/loader_specs/duplicate_keys.yaml:11:11", Severity.WARNING, "duplicate-key")
    ]


def test_swagger_2_is_refused() -> None:
    [diagnostic] = validate(load(SPECS / "swagger2.yaml"))
    assert str(diagnostic.location) == "tests/loader_specs/swagger2.yaml:1:1"
    assert (diagnostic.severity, diagnostic.code) == (Severity.ERROR, "version")
    assert "convert it to OpenAPI 3" in diagnostic.message


@pytest.mark.parametrize(
    ("head", "where"),
    [("info: {}\n", ":1:1"), ("openapi: 3.2.0\n", ":1:1"), ("openapi: 3\n", ":1:1")],
)
def test_other_versions_are_refused(tmp_path: Path, head: str, where: str) -> None:
    spec = write(tmp_path, "spec.yaml", head)
    [diagnostic] = validate(load(spec))
    assert str(diagnostic.location).endswith(where)
    assert (diagnostic.severity, diagnostic.code) == (Severity.ERROR, "version")


def test_the_token_spec_is_clean() -> None:
    assert validate(load(TOKEN_SPEC)) == []


# --- robustness: broken specs give diagnostics, not crashes ---------------------------------

_ODD_VALUES = [
    None,
    1.5,
    "{x}",
    [],
    {},
    ["a", {"b": 1}],
    {"$ref": "#/nowhere"},
    {"$ref": 5},
    {"$ref": "#"},
    {"$ref": "#/paths"},
    {"type": "strin", "default": "x"},
    {"name": "p", "in": "path"},
    {"allOf": [{"$ref": "#/components/schemas/Pet"}], "required": ["zz"]},
    {"pattern": "(("},
    {"$schema": 5},
]


def _pointers(value: Any, pointer: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [pointer]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _pointers(item, (*pointer, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _pointers(item, (*pointer, index))
    return found


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_broken_specs_give_diagnostics_not_crashes(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    document = json.loads((ROOT / SPECS / "petstore.json").read_text(encoding="utf-8"))
    for _ in range(data.draw(st.integers(1, 3))):
        pointer = data.draw(st.sampled_from(_pointers(document)[1:]))
        parent = document
        for key in pointer[:-1]:
            parent = parent[key]
        parent[pointer[-1]] = copy.deepcopy(data.draw(st.sampled_from(_ODD_VALUES)))
    path = tmp_path_factory.mktemp("fuzz") / "spec.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with contextlib.suppress(SpecError):
        assert all(isinstance(d, Diagnostic) for d in validate(load(path)))


# --- agreement with openapi-spec-validator ---------------------------------------------------

# Where we disagree with openapi-spec-validator on purpose.
EXCLUDED = {
    # openapi-spec-validator validates Swagger 2.0 too; the generator reads OpenAPI 3 only.
    "swagger2.yaml": "Swagger 2.0 is refused on purpose",
}


def _fixtures() -> list[Path]:
    """The fixtures, less those where we disagree on purpose (each tested on its own)."""
    return sorted(
        p
        for p in (ROOT / SPECS).glob("*.*")
        if p.suffix in (".yaml", ".json") and p.name not in EXCLUDED
    )


def _corpus_sample() -> list[Path]:
    """Every n-th small corpus spec by path: the same sample on every machine and run."""
    if not CORPUS.is_dir():
        return []
    small = sorted(
        path
        for path in CORPUS.rglob("*")
        if path.suffix in (".yaml", ".json") and path.stat().st_size < SMALL
    )
    return small[:: max(1, len(small) // SAMPLE_SIZE)][:SAMPLE_SIZE]


def _reference_finds_problems(path: Path) -> bool:
    try:
        spec, uri = read_from_filename(str(path))
        reference_validate(spec, base_uri=uri)
    except Exception:
        return True
    return False


def _we_find_problems(path: Path) -> bool:
    try:
        found = validate(load(path))
    except SpecError:
        return True
    return any(d.code != "duplicate-key" for d in found)


def test_the_corpus_is_there_in_ci() -> None:
    if not CORPUS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the corpus is missing: {CORPUS}")
        pytest.skip(f"no corpus at {CORPUS}")
    assert len(_corpus_sample()) == SAMPLE_SIZE


@pytest.mark.timeout(30)
@pytest.mark.parametrize("path", [*_fixtures(), *_corpus_sample()], ids=lambda p: p.name)
def test_agrees_with_openapi_spec_validator(path: Path) -> None:
    assert _we_find_problems(path) == _reference_finds_problems(path)
