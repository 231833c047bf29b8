"""All ORM model modules, imported together so the metadata (and Alembic) sees every table.

Feature packages keep their tables in their own modules (sharing ``models.Base``); list
each one here.
"""

from workstation.archive import models  # noqa: F401
from workstation.media import models as _media_models  # noqa: F401  (media tables)
from workstation.archive import models_filing  # noqa: F401
from workstation.review import models as _review_models  # noqa: F401  (review tables)
from workstation.evaluation import models as _evaluation_models  # noqa: F401  (评查 tables)
from workstation.archive.models import Base

MODEL_MODULES = ["workstation.archive.models", "workstation.archive.models_filing", "workstation.review.models", "workstation.evaluation.models"]

metadata = Base.metadata
