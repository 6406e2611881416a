"""Time each notebook's trend-analysis section on the real data (not a test).

Run: .venv/bin/python benchmarks/trend_bench.py [--repeat N]

For each topic: one cold call (first use in the process: imports already done, data files not
yet read) and the best of N warm calls, for today's view and the report's view (as_of
2021-11-16), rendering the PNG as the notebook does. The target is < 3 s per section.
"""

from __future__ import annotations

import argparse
import importlib
import io
import time

TOPICS = {  # notebook -> (module, function)
    "fig3_us_cpi": ("cpi", "cpi_trend"),
    "fig2_approval": ("approval", "approval_trend"),
    "fig4_us_autos": ("autos", "autos_trend"),
    "fig5_us_covid": ("covid", "covid_trend"),
    "fig6_usd_cny": ("fx", "fx_trend"),
    "china_ust_holdings": ("holdings", "holdings_trend"),
    "federal_debt": ("debt", "debt_trend"),
}
TARGET_S = 3.0


def section(fn, as_of) -> None:
    """What the notebook's section does: run the analysis, draw it, print the key figures."""
    result = fn(as_of=as_of, lang="zh")
    result.fig.savefig(io.BytesIO(), format="png", dpi=100)
    result.summary()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    t0 = time.perf_counter()
    import uschina.trend  # noqa: F401  (statsmodels, scipy, matplotlib)

    print(f"imports: {time.perf_counter() - t0:.2f} s (once per kernel)")
    print(f"{'notebook':<20} {'view':<8} {'cold s':>7} {'warm s':>7}  target {TARGET_S:.0f} s")
    worst = 0.0
    for notebook, (mod, name) in TOPICS.items():
        fn = getattr(importlib.import_module(f"uschina.analysis.{mod}"), name)
        for view, as_of in (("today", None), ("report", "2021-11-16")):
            t = time.perf_counter()
            section(fn, as_of)
            cold = time.perf_counter() - t
            warm = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                section(fn, as_of)
                warm.append(time.perf_counter() - t)
            worst = max(worst, cold)
            flag = "" if cold < TARGET_S else "  OVER"
            print(f"{notebook:<20} {view:<8} {cold:7.2f} {min(warm):7.2f}{flag}")
    print(f"slowest cold section: {worst:.2f} s")


if __name__ == "__main__":
    main()
