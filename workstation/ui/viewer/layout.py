"""Where each page sits in the continuous vertical strip (pure arithmetic, no Qt).

Units: page sizes in PDF points; positions in logical pixels of the scrolled content,
``zoom`` logical pixels per point (zoom 1.0 = 72 dpi, the unit ``render_page`` uses).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

PAGE_GAP = 12  # pixels between pages
MARGIN = 12  # pixels around the strip
MIN_ZOOM = 0.1
MAX_ZOOM = 6.0  # 600 %; a page is rendered whole (no tiles), so memory bounds this
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0)


def clamp_zoom(zoom: float) -> float:
    return max(MIN_ZOOM, min(MAX_ZOOM, float(zoom)))


def fit_width_zoom(available_px: float, page_width_pt: float) -> float:
    """The zoom at which a page ``page_width_pt`` wide fills ``available_px`` (minus margins)."""
    if page_width_pt <= 0:
        return 1.0
    return clamp_zoom(round((available_px - 2 * MARGIN) / page_width_pt, 4))


def zoom_key(zoom_px: float) -> int:
    """Cache key of a device zoom: renders within 0.1 % of each other are the same image."""
    return int(round(zoom_px * 1000))


def step_zoom(zoom: float, direction: int) -> float:
    if direction > 0:
        bigger = [z for z in ZOOM_STEPS if z > zoom * 1.001]
        return bigger[0] if bigger else MAX_ZOOM
    smaller = [z for z in ZOOM_STEPS if z < zoom / 1.001]
    return smaller[-1] if smaller else MIN_ZOOM


@dataclass(frozen=True)
class PageBox:
    index: int
    x: float  # left edge in content pixels
    y: float  # top edge in content pixels
    width: float
    height: float


class PageLayout:
    """Pages stacked top to bottom, centred horizontally."""

    def __init__(self, sizes: list[tuple[float, float]], zoom: float):
        self.sizes = list(sizes)
        self.zoom = zoom
        self.tops: list[float] = []
        y = MARGIN
        for _w, h in self.sizes:
            self.tops.append(y)
            y += h * zoom + PAGE_GAP
        self.total_height = (y - PAGE_GAP + MARGIN) if self.sizes else 0
        self.max_width = max((w for w, _h in self.sizes), default=0.0) * zoom
        self.content_width = self.max_width + 2 * MARGIN

    @property
    def page_count(self) -> int:
        return len(self.sizes)

    def box(self, index: int, viewport_width: float) -> PageBox:
        w, h = self.sizes[index]
        w, h = w * self.zoom, h * self.zoom
        strip = max(viewport_width, self.content_width)
        return PageBox(index, (strip - w) / 2, self.tops[index], w, h)

    def page_at(self, y: float) -> int:
        """The page at content height ``y`` (the one above, if ``y`` falls in a gap)."""
        if not self.tops:
            return 0
        return max(0, min(len(self.tops) - 1, bisect_right(self.tops, y) - 1))

    def visible(self, y0: float, y1: float) -> range:
        """Pages that intersect [y0, y1)."""
        if not self.tops:
            return range(0)
        first = self.page_at(y0)
        if self.tops[first] + self.sizes[first][1] * self.zoom < y0:
            first += 1  # y0 is in the gap below ``first``
        last = self.page_at(max(y0, y1 - 1))
        return range(first, last + 1) if first <= last else range(0)
