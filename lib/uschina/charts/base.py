"""What every chart function returns: the figure, the data behind it and its key figures."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from matplotlib.figure import Figure

# Column headings of the reader-facing highlights table, per language.
_HIGHLIGHT_HEADERS = {"zh": ("要点", "数值"), "en": ("Key figure", "Value")}


@dataclass
class Chart:
    name: str  # file stem of the exports, e.g. "fig3_us_cpi"
    title: str  # in the chart's language
    titles: dict[str, str]  # {"zh": ..., "en": ...} for the gallery
    fig: Figure
    data: pd.DataFrame  # the data behind the chart, as exported to CSV
    key_figures: dict[str, object] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)  # data keys used
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # extra tables, each a CSV
    lang: str = "zh"
    # 2-4 figures a reader cares about, in ``lang``, formatted for people:
    # [{"label": "2021年10月 CPI 同比", "value": "6.2%"}, ...]
    highlights: list[dict[str, str]] = field(default_factory=list)
    # the last observation drawn, per data key: {"us_cpi_yoy": Timestamp("2026-05-01")}
    through: dict[str, pd.Timestamp] = field(default_factory=dict)

    def formatted(self) -> dict[str, str]:
        return {k: _fmt(v) for k, v in self.key_figures.items()}

    def summary(self) -> str:
        """The key figures as stable text lines (nbval compares them)."""
        return "\n".join(f"{k}: {v}" for k, v in self.formatted().items())

    def highlights_frame(self) -> pd.DataFrame:
        """The reader-facing key figures as a two-column table with headings in ``lang``.

        Falls back to the raw key figures when a chart declares no highlights.
        """
        label, value = _HIGHLIGHT_HEADERS.get(self.lang, _HIGHLIGHT_HEADERS["en"])
        rows = self.highlights or [
            {"label": k, "value": v} for k, v in self.formatted().items()
        ]
        frame = pd.DataFrame(
            [[r["label"], r["value"]] for r in rows], columns=[label, value], dtype=object
        )
        return frame.set_index(label)

    def _repr_png_(self):  # show the figure when a Chart is a cell's last value
        from io import BytesIO

        buf = BytesIO()
        self.fig.savefig(buf, format="png", dpi=100)
        return buf.getvalue()


def _fmt(v) -> str:
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    if isinstance(v, float):
        return repr(round(v, 4)) if abs(v) < 1e5 else f"{v:,.0f}"
    return str(v)
