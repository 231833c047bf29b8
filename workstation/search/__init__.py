"""Full-text search (Chinese): public API. The schema, analyzer, query building and index
writing are private modules of this package.

    ix = SearchIndex(data_dir / "index")
    ix.add(docs, job=job)                      # IndexDoc units: pages, transcript segments, metadata
    res = ix.search("執法記錄儀 NOT 简易", AccessScope(max_level=2, case_ids=None))
    for case in res.groups: for item in case.items: for hit in item.hits: hit.page, hit.snippet_html
    hit_boxes(pdf, page, res.query_terms)      # rectangles for the viewer

The access scope is always part of the Whoosh query, so totals, groups and snippets only reflect
units the user may see. The package never imports Qt and does not touch the catalog database:
the session facade builds ``IndexDoc``s and ``AccessScope``s and audits searches.
"""

from ._analyzer import fold, warm_up
from ._extract import EXTRACTOR_VERSION, PageText, extract_pdf_pages, hit_boxes
from ._index import SearchIndex
from ._ocr import OcrUnavailable, ocr_image_text, ocr_page_text
from ._query import QuerySyntaxError
from ._schema import SCHEMA_VERSION
from ._types import (
    FIELD_KEYS,
    AccessScope,
    CaseGroup,
    Hit,
    IndexBusy,
    IndexDoc,
    IndexNeedsRebuild,
    ItemGroup,
    SearchResults,
)


def set_jieba_cache_dir(path) -> None:
    """Where jieba keeps its prefix-dictionary cache (default: the system temp dir)."""
    from . import _analyzer

    _analyzer.JIEBA_CACHE_DIR = path


__all__ = [
    "AccessScope",
    "CaseGroup",
    "EXTRACTOR_VERSION",
    "FIELD_KEYS",
    "Hit",
    "IndexBusy",
    "IndexDoc",
    "IndexNeedsRebuild",
    "ItemGroup",
    "OcrUnavailable",
    "PageText",
    "QuerySyntaxError",
    "SCHEMA_VERSION",
    "SearchIndex",
    "SearchResults",
    "extract_pdf_pages",
    "fold",
    "hit_boxes",
    "ocr_image_text",
    "ocr_page_text",
    "set_jieba_cache_dir",
    "warm_up",
]
