# The case material of the bundle tests (real PDFs and recordings).
from tests.export.conftest import case, material, reviewer  # noqa: F401
