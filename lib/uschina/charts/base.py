"""What every chart function returns: the figure, the data behind it and its key figures."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from matplotlib.figure import Figure


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

    def formatted(self) -> dict[str, str]:
        return {k: _fmt(v) for k, v in self.key_figures.items()}

    def summary(self) -> str:
        """The key figures as stable text lines (nbval compares them)."""
        return "\n".join(f"{k}: {v}" for k, v in self.formatted().items())

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
