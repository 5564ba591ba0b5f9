"""Generated package for Corpus regressions.

Generated from tests/specs/corpus_regressions.yaml (sha256 be9b49d608fc9c3b) by `python -m generator`.
Do not edit: run `make generate` after changing the spec.
"""

from .models import *  # noqa: F403  # re-exported: the models are the package's vocabulary
from .operations import *  # noqa: F403

__all__ = [  # noqa: F405
    "Circle",
    "CircleKind",
    "ClientError2",
    "Colour",
    "Counted",
    "IntegerTag",
    "Loop",
    "Node",
    "NodeNext",
    "NodeNextKind",
    "NullableKind",
    "NullableTag",
    "NullableTagSquare",
    "Principal2",
    "Request2",
    "Search2Request",
    "Search2Response",
    "Search2200Response",
    "Search2400Response",
    "SearchRequest",
    "SearchResponse",
    "Settings",
    "SettingsLevel",
    "SettingsMode",
    "Shape",
    "ShapeSquare",
    "SharedTag",
    "SharedTagSquare",
    "Square",
    "UnexpectedStatus2",
    "ValueError2",
]
