"""All ORM model modules, imported together so the metadata (and Alembic) sees every table.

Feature packages keep their tables in their own modules (sharing ``models.Base``); list
each one here.
"""

from workstation.archive import models  # noqa: F401
from workstation.media import models as _media_models  # noqa: F401  (media tables)
from workstation.archive import models_filing  # noqa: F401
from workstation.archive.models import Base

MODEL_MODULES = ["workstation.archive.models", "workstation.archive.models_filing"]

metadata = Base.metadata
