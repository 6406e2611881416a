"""Human titles and gallery order of the notebooks.

A notebook may declare its own in metadata ``uschina.title = {"zh": ..., "en": ...}`` and
``uschina.order = <int>``; the table below is the fallback for notebooks that do not (yet).
Titles stay faithful to the 2021 report in Chinese (图表N：…) and are translated in English.
"""

from __future__ import annotations

import json
from pathlib import Path

# stem: (order, zh, en)
FALLBACK: dict[str, tuple[int, str, str]] = {
    "claims": (0, "数字核验：两篇文本中的每个数字", "Every number in the two texts, checked"),
    "fig1_exchanges": (1, "图表1：今年以来中美高层交往频繁，9 月以来每月达到 3 次以上",
                       "Figure 1: Frequent China–US high-level exchanges in 2021, "
                       "three or more a month since September"),
    "fig2_approval": (2, "图表2：拜登支持率在历届总统支持率中排名靠后",
                      "Figure 2: Biden's approval ranks low among US presidents"),
    "fig3_us_cpi": (3, "图表3：美国 CPI 同比创下 30 年以来的新高",
                    "Figure 3: US CPI inflation at a 30-year high"),
    "fig4_us_autos": (4, "图表4：美国汽车行业面临缺芯问题，生产受制",
                      "Figure 4: US auto industry short of chips, output constrained"),
    "fig5_us_covid": (5, "图表5：10 月末以来，美国疫情新增确诊病例有反弹势头",
                      "Figure 5: US new COVID-19 cases rebounding since late October"),
    "fig6_usd_cny": (6, "图表6：近期美元指数上行，人民币汇率并未跟随贬值",
                     "Figure 6: The dollar index rose, but the yuan did not weaken with it"),
    "ust_holdings": (7, "中国持有美债", "China's holdings of US Treasury securities"),
    "federal_debt": (8, "美国联邦债务", "US federal debt"),
    "rare_earths": (9, "稀土", "Rare earths"),
    "phase_one": (10, "第一阶段经贸协议", "The US–China Phase One trade deal"),
}
UNKNOWN_ORDER = 1000  # notebooks nobody placed come last, by name


def notebook_info(stem: str, metadata: dict | None = None) -> dict:
    """``{"order", "titles": {"zh", "en"}}`` from the notebook's metadata, else the table.

    Missing pieces stay missing (``titles`` may be empty) so a caller can fall back further,
    e.g. to the titles of the notebook's first figure.
    """
    meta = ((metadata or {}).get("uschina") or {}) if isinstance(metadata, dict) else {}
    order, zh, en = FALLBACK.get(stem, (UNKNOWN_ORDER, None, None))
    titles = {k: v for k, v in (("zh", zh), ("en", en)) if v}
    declared = meta.get("title")
    if isinstance(declared, dict):
        titles.update({k: str(v) for k, v in declared.items() if k in ("zh", "en") and v})
    if isinstance(meta.get("order"), int | float):
        order = int(meta["order"])
    return {"order": order, "titles": titles}


def read_notebook_metadata(path: Path) -> dict:
    """The metadata of a notebook file, or {} when it cannot be read."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8")).get("metadata") or {}
    except (OSError, ValueError, AttributeError):
        return {}
