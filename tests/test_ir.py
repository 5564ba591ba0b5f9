"""The IR's dataclasses share __repr__, __eq__ and __hash__ (generator/ir.py's _Node): they
must behave as the ones dataclass would have written."""

from __future__ import annotations

import dataclasses

import pytest

from generator import ir
from generator.ir import EnumRef, ListType, ModelType, Scalar, ScalarType


def test_equal_nodes_compare_and_hash_equal() -> None:
    a = ListType(ScalarType(Scalar.STR), (), unique=True)
    b = ListType(ScalarType(Scalar.STR), (), unique=True)
    assert a == b and hash(a) == hash(b)
    assert len({a, b}) == 1
    assert a != ListType(ScalarType(Scalar.STR), (), unique=False)


def test_every_field_counts() -> None:
    assert EnumRef("Kind") != EnumRef("Kind", integer=True)
    assert EnumRef("Kind") != EnumRef("Other")


def test_other_classes_never_equal() -> None:
    # Same field values, different classes: dataclass's __eq__ says NotImplemented, so unequal.
    assert ModelType("Pet") != EnumRef("Pet")
    assert ModelType("Pet").__eq__(EnumRef("Pet")) is NotImplemented
    assert ModelType("Pet") != ("Pet",)


def test_nodes_stay_frozen_with_the_generated_repr() -> None:
    node = EnumRef("Kind", integer=True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        node.name = "Other"  # type: ignore[misc]
    assert repr(node) == "EnumRef(name='Kind', integer=True)"
    assert dataclasses.replace(node, name="Other") == EnumRef("Other", integer=True)


IR_CLASSES = sorted(
    (
        value
        for value in vars(ir).values()
        if isinstance(value, type)
        and dataclasses.is_dataclass(value)
        and value.__module__ == ir.__name__
    ),
    key=lambda cls: cls.__name__,
)


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class Flagged(ir._Node):
    """No IR class sets these flags yet; the shared methods must honour them when one does."""

    shown: object
    uncompared: object = dataclasses.field(compare=False)
    unhashed: object = dataclasses.field(hash=False)
    hidden: object = dataclasses.field(repr=False)


@pytest.mark.parametrize("cls", [*IR_CLASSES, Flagged], ids=lambda cls: cls.__name__)
def test_every_class_compares_and_hashes_as_its_dataclass_twin(cls: type) -> None:
    # The twin: the same fields and flags, with the methods dataclass itself writes.
    specs = [
        (f.name, object, dataclasses.field(compare=f.compare, hash=f.hash, repr=f.repr))
        for f in dataclasses.fields(cls)
    ]
    twin = dataclasses.make_dataclass(cls.__name__, specs, frozen=True)
    base: list[object] = [("v", i) for i in range(len(specs))]
    # The base, a copy, one row per field differing from the base there only, and NaNs.
    rows = [base, list(base)]
    rows += [[*base[:i], ("w", i), *base[i + 1 :]] for i in range(len(specs))]
    rows.append([float("nan")] * len(specs))
    nodes = [cls(*row) for row in rows]
    twins = [twin(*row) for row in rows]
    for a, a_twin in zip(nodes, twins, strict=True):
        assert hash(a) == hash(a_twin)
        assert repr(a) == repr(a_twin)
        for b, b_twin in zip(nodes, twins, strict=True):
            assert (a == b) == (a_twin == b_twin), (a, b)
