"""The IR's dataclasses share __repr__, __eq__ and __hash__ (generator/ir.py's _Node): they
must behave as the ones dataclass would have written."""

from __future__ import annotations

import dataclasses

import pytest

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
