"""The recorded stacks' fixtures (see tests/infra/fixtures.py)."""

from tests.infra.fixtures import dev, hardened, prod, run

__all__ = ["dev", "hardened", "prod", "run"]
