"""Check every registered claim against the curated data and give an honest verdict."""

from __future__ import annotations

import pickle
from collections import OrderedDict
from datetime import date
from pathlib import Path

import pandas as pd

from .. import cache
from ..calendars import DATES_FILE
from ..errors import NotPublishedError, UschinaError
from ..params import parse_date
from ..paths import data_dir
from .registry import SEEDS_DIR, Claim, Expect, registries
from .rules import RULES, Context, Measured, NotCheckable, NotPublished

CONSISTENT, INCONSISTENT, NOT_CHECKABLE = "consistent", "inconsistent", "not checkable"
NOT_PUBLISHED = "not yet published"  # at as_of: the data that settle it came out later
# the data measure something else, or another period, than the text: shown, not judged
NOT_COMPARABLE = "not comparable"
VERDICTS = (CONSISTENT, INCONSISTENT, NOT_COMPARABLE, NOT_CHECKABLE, NOT_PUBLISHED)
# check() results in this process, pickled (a caller mutating a result cannot reach the cache)
_RESULTS: OrderedDict[tuple, bytes] = OrderedDict()
_RESULTS_ITEMS = 32
stats = {"hits": 0, "misses": 0}
cache.on_clear(_RESULTS.clear)  # uschina.cache.clear() empties it too
COLUMNS = ["document", "id", "line", "claim_zh", "claim_en", "stated", "unit", "period",
           "measured", "verdict", "detail", "rule", "chart"]


def compare(measured, expect: Expect, stated) -> bool:
    """Whether a measured value meets a claim's expectation.

    Parameters
    ----------
    measured : object
        What the rule measured (a number, an ISO date string or a list of names).
    expect : Expect
        The comparison: ``op`` (≈, >, >=, <, <=, between, ==), ``value`` (default: the
        stated value), ``tolerance`` (for ≈, >= and <=) and ``upper`` (for between).
    stated : object
        The claim's stated value, compared with when ``expect.value`` is None.

    Returns
    -------
    bool
        True if the measured value is consistent with the expectation.

    Examples
    --------
    >>> compare(6.2, Expect(tolerance=0.05), 6.24)
    True
    >>> compare(30.9, Expect(op=">="), 30)
    True
    """
    want = stated if expect.value is None else expect.value
    if expect.op == "==":
        if isinstance(want, date):  # YAML reads 2025-10-21 as a date; rules give ISO strings
            want = want.isoformat()
        return measured == want
    m, w, tol = float(measured), float(want), expect.tolerance
    return {
        "≈": lambda: abs(m - w) <= tol + 1e-9,
        ">": lambda: m > w,
        ">=": lambda: m >= w - tol,
        "<": lambda: m < w,
        "<=": lambda: m <= w + tol,
        "between": lambda: w <= m <= float(expect.upper),
    }[expect.op]()


def _expectation(expect: Expect, stated) -> str:
    want = stated if expect.value is None else expect.value
    if expect.op == "between":
        return f"expected between {want} and {expect.upper}"
    tol = f" ± {expect.tolerance:g}" if expect.op == "≈" and expect.tolerance else ""
    return f"expected {expect.op} {want}{tol}"


def _not_comparable(claim: Claim, ctx: Context) -> dict:
    """The reason, and what the data do measure (``show``: a rule and its parameters)."""
    show = claim.check.params.get("show")
    out = {"verdict": NOT_COMPARABLE, "detail": claim.check.reason}
    if show:
        params = {k: v for k, v in show.items() if k != "rule"}
        try:
            m = RULES[show["rule"]](params, ctx)
        except (NotPublished, NotPublishedError) as exc:
            # not comparable whatever the date; the figure shown just came out later
            return out | {"detail": f"{claim.check.reason}. The data shown were not yet "
                                    f"published at as_of: {exc}"}
        except NotCheckable as exc:
            return out | {"detail": f"{claim.check.reason}; {exc}"}
        out |= {"measured": m.value, "detail": f"{claim.check.reason}. The data: {m.detail}"}
    return out


def check_claim(claim: Claim, ctx: Context) -> dict:
    """Judge one claim: run its rule and compare what it measured with the stated value.

    Parameters
    ----------
    claim : Claim
        A claim from a seed file (:func:`uschina.claims.registry.read`).
    ctx : Context
        ``as_of``, the stated values of the claim's document by id, and its stated value.

    Returns
    -------
    dict
        The row of :func:`check` without ``document``: the claim's fields, ``measured``,
        ``verdict`` (one of :data:`VERDICTS`) and ``detail``.

    Raises
    ------
    UschinaError
        The claim names a rule that does not exist.

    Examples
    --------
    >>> from uschina.claims.registry import read
    >>> reg = read(SEEDS_DIR / "000_941802ea72d19463.yaml")
    >>> claim = next(c for c in reg.claims if c.id == "cpi_oct_2021_6_2")
    >>> check_claim(claim, Context(as_of=None, stated={}, value=claim.value))["verdict"]
    'consistent'
    """
    c = claim.check
    row = {"id": claim.id, "line": claim.line, "claim_zh": claim.text.zh,
           "claim_en": claim.text.en, "stated": claim.value, "unit": claim.unit,
           "period": claim.period, "rule": c.rule, "chart": claim.chart, "measured": None}
    if c.rule == "not_checkable":
        return row | {"verdict": NOT_CHECKABLE, "detail": c.reason}
    if c.rule == "not_comparable":
        return row | _not_comparable(claim, ctx)
    if c.rule not in RULES:
        raise UschinaError(f"claim {claim.id}: unknown rule {c.rule!r}; known: {sorted(RULES)}")
    try:
        m: Measured = RULES[c.rule](c.params, ctx)
    except NotPublished as exc:
        return row | {"verdict": NOT_PUBLISHED, "detail": f"not yet published at as_of: {exc}"}
    except NotPublishedError as exc:
        return row | {"verdict": NOT_PUBLISHED, "detail": f"not yet published at as_of: {exc}"}
    except NotCheckable as exc:
        return row | {"verdict": NOT_CHECKABLE, "detail": str(exc)}
    ok = compare(m.value, c.expect, claim.value)
    detail = f"{m.detail} ({_expectation(c.expect, claim.value)})"
    return row | {"measured": m.value, "verdict": CONSISTENT if ok else INCONSISTENT,
                  "detail": detail}


def check(as_of=None, seeds_dir=SEEDS_DIR, written_by_as_of: bool = False) -> pd.DataFrame:
    """One row per registered claim: stated and measured values, verdict and detail.

    Parameters
    ----------
    as_of : date-like, optional
        Use only the data published by that date (None: all data); a claim whose data came
        out after it gets the verdict ``not yet published``.
    seeds_dir : Path, optional
        The folder of the seed files (``*.yaml``), by default the repository's ``seeds/``.
    written_by_as_of : bool, default False
        Also leave out the documents written after ``as_of`` (a view of 2021 shows no
        claims of a 2026 text).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`, in the seed files' order.

    Notes
    -----
    Results are kept for the process, keyed on the arguments and on the paths, modification
    times and sizes of the seed files, the data files and the claims code: a second call with
    unchanged inputs is served from memory, an edited data or seed file is picked up. Each
    call returns a fresh copy. ``USCHINA_CACHE=0`` turns this off.

    Examples
    --------
    >>> table = check()
    >>> table.loc[table["id"] == "cpi_oct_2021_6_2", "verdict"].iloc[0]
    'consistent'
    >>> check("2021-11-16", written_by_as_of=True)["document"].unique().tolist()
    ['000_941802ea72d19463.txt']
    """
    as_of = parse_date("as_of", as_of)
    if not cache.enabled():
        return _check(as_of, seeds_dir, written_by_as_of)
    key = (as_of, written_by_as_of, _inputs(Path(seeds_dir)))
    blob = _RESULTS.get(key)
    if blob is None:
        stats["misses"] += 1
        blob = pickle.dumps(_check(as_of, seeds_dir, written_by_as_of),
                            protocol=pickle.HIGHEST_PROTOCOL)
        _RESULTS[key] = blob
        while len(_RESULTS) > _RESULTS_ITEMS:
            _RESULTS.popitem(last=False)
    else:
        stats["hits"] += 1
        _RESULTS.move_to_end(key)
    return pickle.loads(blob)


def _stamp(paths) -> tuple[tuple[str, int, int], ...]:
    out = []
    for p in sorted(paths):
        try:
            st = p.stat()
        except OSError:  # deleted meanwhile: the next call sees the folder without it
            continue
        out.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(out)


def _inputs(seeds_dir: Path) -> tuple:
    """What a check reads besides its arguments, by path, modification time and size: the
    seed files, every file under the data folder (sidecars, CSVs, vintages), the release
    calendar, and the code of ``uschina.claims`` and of ``uschina``'s own modules (an edited
    rule or loader, also via ``%autoreload``)."""
    folder = data_dir()
    return (str(seeds_dir.resolve()), _stamp(seeds_dir.glob("*.yaml")), str(folder),
            _stamp(p for p in folder.rglob("*") if p.is_file()), _stamp([DATES_FILE]),
            cache.code_version(__file__), cache.code_version(cache.__file__))


def _check(as_of, seeds_dir, written_by_as_of: bool) -> pd.DataFrame:
    rows = []
    for reg in registries(seeds_dir):
        if written_by_as_of and as_of is not None and pd.Timestamp(reg.document.date) > as_of:
            continue
        stated = {c.id: c.value for c in reg.claims}
        for claim in reg.claims:
            ctx = Context(as_of=as_of, stated=stated, value=claim.value)
            rows.append({"document": reg.document.seed_file} | check_claim(claim, ctx))
    return pd.DataFrame(rows, columns=COLUMNS)
