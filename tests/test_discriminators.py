"""Discriminated unions the feature specs do not hold: names, lone options, recursion, both
directions, and mappings that name no option. Each spec is built (and one generated and run)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from generator.build import Built, build
from generator.cli import main
from generator.ir import AliasRef, LiteralType, Model, ModelType, Scalar, ScalarType, UnionType

HEAD = """\
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
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
"""


def _union(name: str, *options: str, mapping: str = "", extra: str = "") -> str:
    refs = ", ".join(f'{{$ref: "#/components/schemas/{o}"}}' for o in options)
    lines = [f"    {name}:", f"      oneOf: [{refs}]", "      discriminator:"]
    lines.append("        propertyName: kind")
    if mapping:
        lines.append(f"        mapping: {{{mapping}}}")
    if extra:
        lines.append(f"      {extra}")
    return "\n".join(lines) + "\n"


def _build(tmp_path: Path, text: str) -> Built:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text)
    return build(spec)


def _models(built: Built) -> dict[str, Model]:
    return {m.name: m for m in built.api.models}


def _aliases(built: Built) -> dict[str, object]:
    return {a.name: a.type for a in built.api.aliases}


def _warnings(built: Built) -> list[str]:
    return [d.message for d in built.diagnostics if d.code == "discriminator"]


def test_a_unions_subclass_never_takes_a_component_schemas_name(tmp_path: Path) -> None:
    """Adding a union must not rename a schema of the spec's own, however the names fall."""
    taken = "    ShapeSquare:\n      type: object\n      properties: {area: {type: number}}\n"
    shape = _union("Shape", "Circle", "Square", mapping="circle: Circle, square: Square")
    built = _build(tmp_path, HEAD + taken + shape + _union("Other", "Circle", "Square"))
    models = _models(built)
    assert [f.wire_name for f in models["ShapeSquare"].fields] == ["area"]
    assert models["ShapeSquare2"].base == "Square"
    assert not [d for d in built.diagnostics if d.code == "name-collision"]


def test_a_union_left_with_one_option_keeps_its_name(tmp_path: Path) -> None:
    # Circle's own name goes to Square: Circle is never selected.
    only = _union("Only", "Circle", "Square", mapping="Circle: Square", extra="nullable: true")
    built = _build(tmp_path, HEAD + only + _union("Pair", "Circle", "Square"))
    lone = UnionType((ModelType("OnlySquare"),), None, exclusive=True)
    assert _aliases(built)["Only"] == UnionType((lone, ScalarType(Scalar.NONE)))
    assert _models(built)["OnlySquare"].base == "Square"
    assert _warnings(built) == [
        "Circle is never selected: the mapping gives its name to another option"
    ]
    # Where Square's class holds exactly the union's values, the union is that class.
    built = _build(tmp_path, HEAD + _union("Only", "Circle", "Square", mapping="Circle: Square"))
    assert _aliases(built)["Only"] == UnionType((ModelType("Square"),), None, exclusive=True)


TREE = """\
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Node:
      type: object
      required: [kind]
      properties:
        kind: {type: string}
        children: {type: array, items: {$ref: "#/components/schemas/Tree"}}
    Leaf:
      type: object
      required: [kind]
      properties: {kind: {type: string}}
    Tree:
      oneOf: [{$ref: "#/components/schemas/Leaf"}, {$ref: "#/components/schemas/Node"}]
      discriminator: {propertyName: kind, mapping: {leaf: Leaf, node: Node}}
"""


def test_a_recursive_union_is_discriminated(tmp_path: Path) -> None:
    """Tree is met while Node, one of its options, is still being built."""
    built = _build(tmp_path, TREE)
    tree = UnionType((ModelType("Leaf"), ModelType("Node")), "kind", exclusive=True)
    assert _aliases(built)["Tree"] == tree
    assert _warnings(built) == []
    assert _models(built)["Node"].fields[0].type == LiteralType(("node",))
    out = tmp_path / "out"
    assert (
        main(["generate", "--quiet", "--spec", str(tmp_path / "spec.yaml"), "--out", str(out)]) == 0
    )
    code = """
from pydantic import TypeAdapter, ValidationError
from spec.models import Leaf, Node, Tree
tree = TypeAdapter(Tree).validate_json('{"kind": "node", "children": [{"kind": "leaf"}]}')
assert isinstance(tree, Node) and isinstance(tree.children[0], Leaf), tree
for wrong in ('{"kind": "Leaf"}', '{"kind": "node", "children": [{"kind": "tree"}]}'):
    try:
        TypeAdapter(Tree).validate_json(wrong)
    except ValidationError:
        continue
    raise AssertionError(wrong)
"""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=out, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_a_union_met_in_both_directions_gets_one_subclass(tmp_path: Path) -> None:
    """Owner has a readOnly property, so it is built twice (Owner, OwnerInput); each union in it
    needs a subclass of Circle (pet selects it by "c", pets by "Circle"), once."""
    owner = textwrap.dedent("""\
        Owner:
          type: object
          properties:
            id: {type: string, readOnly: true}
            pet:
              oneOf: [{$ref: "#/components/schemas/Circle"}, {$ref: "#/components/schemas/Square"}]
              discriminator: {propertyName: kind, mapping: {c: Circle}}
            pets:
              type: array
              items:
                oneOf:
                  - $ref: "#/components/schemas/Circle"
                  - $ref: "#/components/schemas/Square"
                discriminator: {propertyName: kind}
    """)
    post = textwrap.dedent("""\
        paths:
          /o:
            post:
              operationId: makeOwner
              requestBody:
                content: {application/json: {schema: {$ref: "#/components/schemas/Owner"}}}
              responses:
                "200":
                  description: ok
                  content: {application/json: {schema: {$ref: "#/components/schemas/Owner"}}}
    """)
    built = _build(tmp_path, HEAD.replace("paths: {}\n", post) + textwrap.indent(owner, "    "))
    names = set(_models(built))
    assert {"Owner", "OwnerInput", "OwnerPetCircle", "OwnerPetsItemCircle"} <= names
    assert not any(n.startswith("OwnerInputPet") for n in names)


def test_a_mapping_value_that_names_no_option_is_reported(tmp_path: Path) -> None:
    shape = _union("Shape", "Circle", "Square", mapping='c: Circle, x: "#/components/schemas/Nope"')
    built = _build(tmp_path, HEAD + shape)
    assert _warnings(built) == [
        "mapping value 'x' names no option of the union ('#/components/schemas/Nope'): ignored"
    ]
    assert isinstance(_aliases(built)["Shape"], UnionType)
    assert not isinstance(_aliases(built)["Shape"], AliasRef)
