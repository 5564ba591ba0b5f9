"""bundle(): one self-contained document from a spec over several files, served at /openapi.json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from generator.bundle import bundle
from generator.source import Ref, Sources, load
from tests.golden.multi.api.operations import GetNode404Response, GetNodeRequest, GetNodeResponse
from tests.golden.multi.api.server import RequestContext, create_app
from tests.test_roundtrip import _raw

ROOT = Path(__file__).resolve().parents[1]
MULTI = ROOT / "tests" / "specs" / "multi" / "api.yaml"
SINGLE_FILE_SPECS = [
    ROOT / "spec" / "api-tokens.yaml",
    ROOT / "tests" / "specs" / "features30.yaml",
    ROOT / "tests" / "specs" / "corpus_regressions.yaml",
]
DEPTH = 5  # refs followed along one path: Node contains itself


def _refs(value: Any) -> Iterator[str]:
    """Every `$ref` string in the tree."""
    if isinstance(value, dict):
        if isinstance(value.get("$ref"), str):
            yield value["$ref"]
        for item in value.values():
            yield from _refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _refs(item)


def _deref(sources: Sources, value: Any, at: Ref, budget: int = DEPTH) -> Any:
    """value with each `$ref` replaced by its target's tree, `budget` refs deep."""
    if isinstance(value, list):
        return [_deref(sources, v, at.child(i), budget) for i, v in enumerate(value)]
    if not isinstance(value, dict):
        return value
    tree = {k: _deref(sources, v, at.child(k), budget) for k, v in value.items() if k != "$ref"}
    if isinstance(value.get("$ref"), str):
        if budget == 0:
            return "..."
        target = sources.resolve(value["$ref"], at.child("$ref"))
        tree["$ref"] = _deref(sources, sources.node(target), target, budget - 1)
    return tree


def _bundled(spec: Path) -> dict[str, Any]:
    document = json.loads(bundle(load(spec)))
    assert isinstance(document, dict)
    return document


def _write(folder: Path, files: dict[str, str]) -> Path:
    """Spec files written into folder; the first is the root."""
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder / next(iter(files))


HEAD = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n"


# --- the multi-file golden spec --------------------------------------------------------------


def test_multi_has_only_local_refs() -> None:
    refs = list(_refs(_bundled(MULTI)))
    assert refs
    assert all(ref.startswith("#") for ref in refs), refs


def test_multi_is_a_valid_openapi_document() -> None:
    validate(_bundled(MULTI))


def test_multi_files_each_target_once() -> None:
    schemas = _bundled(MULTI)["components"]["schemas"]
    assert list(schemas) == ["Envelope", "Id", "Node"]  # the root's first, then by first use
    node = schemas["Node"]["properties"]
    assert node["children"]["items"] == {"$ref": "#/components/schemas/Node"}
    assert node["id"] == {"$ref": "#/components/schemas/Id"}


def test_multi_dereferences_as_the_files_do(tmp_path: Path) -> None:
    original = load(MULTI)
    bundled_path = tmp_path / "bundled.json"
    bundled_path.write_text(bundle(original))
    bundled = load(bundled_path)
    # The bundled document has more components: compare what the original holds.
    for pointer in [("paths",), ("components", "schemas", "Envelope")]:
        before = _deref(original, original.node(original.root.child(*pointer)), original.root)
        after = _deref(bundled, bundled.node(bundled.root.child(*pointer)), bundled.root)
        assert after == before


def test_bundle_is_deterministic() -> None:
    """The same text under other hash seeds (set and dict orders), in other processes."""
    code = (
        "import sys; from generator.bundle import bundle; from generator.source import load;"
        f"from pathlib import Path; sys.stdout.write(bundle(load(Path({str(MULTI)!r}))))"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "1", "4242")
    }
    assert runs == {bundle(load(MULTI))}


class _Nodes:
    async def get_node(self, request: GetNodeRequest, context: RequestContext) -> GetNodeResponse:
        return GetNode404Response()


def test_generated_app_serves_the_bundle() -> None:
    served = _raw(create_app(_Nodes()), "GET", "/openapi.json")
    assert served.status_code == 200
    assert served.json() == _bundled(MULTI)
    assert all(ref.startswith("#") for ref in _refs(served.json()))


# --- single files stay as they were ----------------------------------------------------------


@pytest.mark.parametrize("spec", SINGLE_FILE_SPECS, ids=lambda p: p.name)
def test_single_file_spec_is_dumped_unchanged(spec: Path) -> None:
    sources = load(spec)
    document = sources.node(sources.root)
    assert bundle(sources) == json.dumps(document, indent=2, ensure_ascii=False)


def test_a_single_json_file_is_served_as_written(tmp_path: Path) -> None:
    text = '{\n  "openapi": "3.1.0",\n  "info": {"title": "t", "version": "1"},\n  "paths": {}\n}'
    spec = tmp_path / "spec.json"
    spec.write_text(f"\n{text}\n\n", encoding="utf-8")
    assert bundle(load(spec)) == text


# --- more files ------------------------------------------------------------------------------


def test_existing_component_names_are_not_overwritten(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "api.yaml": HEAD + "paths: {}\n"
            "components:\n  schemas:\n"
            "    Node: {type: string}\n"
            "    Tree: {$ref: './other.yaml#/Node'}\n",
            "other.yaml": "Node:\n  type: object\n  properties:\n    next: {$ref: '#/Node'}\n",
        },
    )
    document = _bundled(root)
    schemas = document["components"]["schemas"]
    assert schemas["Node"] == {"type": "string"}
    assert schemas["Tree"] == {"$ref": "#/components/schemas/Node2"}
    assert schemas["Node2"]["properties"]["next"] == {"$ref": "#/components/schemas/Node2"}
    validate(document)


def test_three_file_chain(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "a.yaml": HEAD + "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: 'sub/b.yaml#/B'}\n",
            "sub/b.yaml": "B:\n  type: object\n  properties:\n    c: {$ref: '../c.yaml'}\n",
            "c.yaml": "type: array\nitems: {$ref: '#/$defs/Leaf'}\n"
            "$defs:\n  Leaf: {type: integer}\n",
        },
    )
    document = _bundled(root)
    schemas = document["components"]["schemas"]
    assert list(schemas) == ["A", "B", "c", "Leaf"]
    assert schemas["A"] == {"$ref": "#/components/schemas/B"}
    assert schemas["B"]["properties"]["c"] == {"$ref": "#/components/schemas/c"}
    assert schemas["c"]["items"] == {"$ref": "#/components/schemas/Leaf"}
    assert schemas["Leaf"] == {"type": "integer"}
    validate(document)


def test_refs_are_filed_by_the_kind_their_place_says(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "api.yaml": HEAD + "paths:\n"
            "  /a:\n    $ref: 'parts.yaml#/Item'\n"
            "  /b:\n    get:\n"
            "      parameters: [{$ref: 'parts.yaml#/Limit'}]\n"
            "      responses: {'200': {$ref: 'parts.yaml#/Ok'}}\n",
            "parts.yaml": "Item:\n  get:\n    responses: {'204': {description: Empty.}}\n"
            "Limit: {name: limit, in: query, schema: {$ref: '#/Count'}}\n"
            "Count: {type: integer}\n"
            "Ok:\n  description: Fine.\n"
            "  content: {application/json: {schema: {$ref: '#/Count'}}}\n",
        },
    )
    document = _bundled(root)
    components = document["components"]
    assert document["paths"]["/a"] == {"$ref": "#/components/pathItems/Item"}
    assert components["pathItems"]["Item"]["get"]["responses"]["204"]["description"] == "Empty."
    assert components["parameters"]["Limit"]["schema"] == {"$ref": "#/components/schemas/Count"}
    assert components["responses"]["Ok"]["description"] == "Fine."
    assert components["schemas"] == {"Count": {"type": "integer"}}
    validate(document)


def test_a_30_path_item_has_no_section_and_is_inlined(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "api.yaml": "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n"
            "  /a: {$ref: 'item.yaml'}\n  /b: {$ref: 'item.yaml'}\n",
            "item.yaml": "get:\n  responses: {'204': {description: Empty.}}\n",
        },
    )
    document = _bundled(root)
    assert document["paths"]["/a"]["get"]["responses"]["204"]["description"] == "Empty."
    assert document["paths"]["/b"] == {"$ref": "#/paths/~1a"}
    assert "components" not in document
    validate(document)


def test_literal_refs_are_left_alone(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "api.yaml": HEAD + "paths: {}\ncomponents:\n  schemas:\n"
            "    S:\n      $ref: 'other.yaml#/S'\n"
            "      example: {$ref: 'not/a/file.yaml'}\n",
            "other.yaml": "S: {type: object}\n",
        },
    )
    schemas = _bundled(root)["components"]["schemas"]
    assert schemas["S"]["example"] == {"$ref": "not/a/file.yaml"}
    assert schemas["S2"] == {"type": "object"}


def test_discriminator_mappings_and_ref_siblings_follow(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "api.yaml": HEAD + "paths: {}\ncomponents:\n  schemas:\n"
            "    Pet:\n      description: Any pet.\n"
            "      oneOf: [{$ref: 'pets.yaml#/Dog'}]\n"
            "      discriminator:\n        propertyName: kind\n"
            "        mapping: {dog: 'pets.yaml#/Dog', cat: Cat}\n",
            "pets.yaml": "Dog:\n  type: object\n  properties:\n"
            "    kind: {const: dog}\n    friend: {description: Best., $ref: '#/Dog'}\n",
        },
    )
    pet = _bundled(root)["components"]["schemas"]["Pet"]
    assert pet["discriminator"]["mapping"] == {"dog": "#/components/schemas/Dog", "cat": "Cat"}
    dog = _bundled(root)["components"]["schemas"]["Dog"]
    # Keys keep their order; only the pointer changes.
    assert dog["properties"]["friend"] == {
        "description": "Best.",
        "$ref": "#/components/schemas/Dog",
    }
    assert list(dog["properties"]["friend"]) == ["description", "$ref"]
