"""Each claim judged twice: in the text's own view (the data published by its date) and today."""

from __future__ import annotations

import pandas as pd

from ..errors import ParameterError
from ..params import parse_date
from .check import check
from .registry import SEEDS_DIR, registries

HEADINGS = {
    "zh": {"document": "文献", "id": "编号", "line": "行", "claim": "论断",
           "stated": "文中数值", "unit": "单位", "period": "所指时期", "then": "成文时结论",
           "measured_then": "成文时数据", "now": "今日结论", "measured_now": "今日数据",
           "changed": "结论有变"},
    "en": {"document": "document", "id": "id", "line": "line", "claim": "claim",
           "stated": "stated", "unit": "unit", "period": "period meant",
           "then": "verdict when written", "measured_then": "measured when written",
           "now": "verdict today", "measured_now": "measured today", "changed": "changed"},
}


def side_by_side(lang: str = "en", today=None, seeds_dir=SEEDS_DIR,
                 raw: bool = False) -> pd.DataFrame:
    """Per claim: the verdict on the data published by the text's date, and on today's data.

    Parameters
    ----------
    lang : {"en", "zh"}, default "en"
        Language of the claim text, the verdicts and the headings.
    today : date-like, optional
        The as_of of the right-hand view (None: all the data).
    seeds_dir : Path, optional
        The folder of the seed files, by default the repository's ``seeds/``.
    raw : bool, default False
        Keep the verdict codes (``claims.VERDICTS``) and the column names of the
        ``HEADINGS`` keys (for styling) instead of words in ``lang``.

    Returns
    -------
    pandas.DataFrame
        One row per claim, by document then line: the claim, its stated value and period,
        the verdict and measured value when written and today, and whether the verdict
        changed.

    Raises
    ------
    ParameterError
        ``lang`` is not ``en`` or ``zh``.

    Examples
    --------
    >>> view = side_by_side("en", raw=True)
    >>> view.loc[view["id"] == "cpi_oct_2021_6_2", ["then", "now"]].iloc[0].tolist()
    ['consistent', 'consistent']
    """
    from .present import VERDICT_TEXT

    if lang not in HEADINGS:
        raise ParameterError(f"lang must be one of {sorted(HEADINGS)}, got {lang!r}")
    today = parse_date("today", today)
    now = check(as_of=today, seeds_dir=seeds_dir).set_index(["document", "id"])
    parts = []
    for reg in registries(seeds_dir):
        doc = reg.document.seed_file
        then = check(as_of=reg.document.date, seeds_dir=seeds_dir)
        parts.append(then[then["document"] == doc])
    then = pd.concat(parts).set_index(["document", "id"])
    words = {v: v for v in VERDICT_TEXT[lang]} if raw else VERDICT_TEXT[lang]
    out = pd.DataFrame({
        "line": then["line"],
        "claim": then["claim_zh" if lang == "zh" else "claim_en"],
        "stated": then["stated"],
        "unit": then["unit"],
        "period": then["period"],
        "then": then["verdict"].map(words),
        "measured_then": then["measured"],
        "now": now.loc[then.index, "verdict"].map(words),
        "measured_now": now.loc[then.index, "measured"],
    })
    out["changed"] = then["verdict"] != now.loc[then.index, "verdict"]
    # in reading order: by document, then line
    out = out.reset_index().sort_values(["document", "line"], kind="stable", ignore_index=True)
    return out if raw else out.rename(columns=HEADINGS[lang])
