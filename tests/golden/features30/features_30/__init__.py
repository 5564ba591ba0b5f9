"""Generated package for Features 3.0.

Generated from tests/specs/features30.yaml (sha256 f69c5e0ea42ab14a) by `python -m generator`.
Do not edit: run `make generate` after changing the spec.
"""

from .models import *  # noqa: F403  # re-exported: the models are the package's vocabulary
from .operations import *  # noqa: F403

__all__ = [  # noqa: F405
    "Circle",
    "CreatePet201Response",
    "CreatePetRequest",
    "CreatePetResponse",
    "DeletePet4XXResponse",
    "DeletePet204Response",
    "DeletePetRequest",
    "DeletePetResponse",
    "Error",
    "Import200Response",
    "ImportBody",
    "ImportRequest",
    "ImportResponse",
    "Kind",
    "ListPets200Response",
    "ListPetsDefaultResponse",
    "ListPetsRequest",
    "ListPetsResponse",
    "Lookaround",
    "Loose",
    "Owner",
    "Person",
    "Pet",
    "PetInput",
    "PetInputSize",
    "PetSize",
    "Shape",
    "Square",
]
