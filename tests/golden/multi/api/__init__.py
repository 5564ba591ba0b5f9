"""Generated package for Multi file.

Generated from tests/specs/multi/api.yaml (sha256 ffd28f4c4a15a13c) by `python -m generator`.
Do not edit: run `make generate` after changing the spec.
"""

from .models import *  # noqa: F403  # re-exported: the models are the package's vocabulary
from .operations import *  # noqa: F403

__all__ = [  # noqa: F405
    "Envelope",
    "GetNode200Response",
    "GetNode404Response",
    "GetNodeRequest",
    "GetNodeResponse",
    "Id",
    "Node",
]
