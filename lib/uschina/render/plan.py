"""The render plan: which notebooks, in which views and languages, with which parameters.

A plan file (default ``notebooks/render.yaml``) holds::

    notebooks: ["*.ipynb"]        # globs, relative to the plan file
    exclude: []                   # globs to leave out
    views:                        # every notebook is rendered in every view ...
      report:
        label: {zh: ..., en: ...}
        params: {as_of: "2021-11-16"}
        langs: [zh]               # ... once per language (the `lang` parameter)
      today: {params: {as_of: null}, langs: [zh, en]}
      monthly:                    # a sweep: one job per value (per language)
        sweep: {as_of: {from: "2021-01-01", to: "2021-06-01", every: month}}
        langs: [zh]               # every: day, week, month, quarter or year; or
                                  # sweep: {as_of: {values: ["2021-01-01", "2021-07-01"]}}
    overrides:                    # per notebook file name; all keys optional
      fig9_x.ipynb:
        params: {start: "2000-01-01"}   # added to every view of this notebook
        views: {...}                    # replaces the plan's views for this notebook
        extra_views: {...}              # adds views
        skip: true                      # leave the notebook out

A notebook can carry the same keys itself, in its metadata under ``uschina.render`` (so its
author need not edit the plan). Precedence, lowest first: the plan's views, the notebook's
metadata, the plan's ``overrides``, then ``-p`` on the command line. The renderer sets ``lang``
and ``fig_dir`` itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ParameterError
from . import parameters as P

RESERVED = ("fig_dir", "lang")
_OVERRIDE_KEYS = {"params", "views", "extra_views", "skip"}
_VIEW_KEYS = {"label", "params", "langs", "sweep"}
MAX_SWEEP = 2000  # values in one sweep: more is almost surely a typo (every: day over decades)
EVERY = ("day", "week", "month", "quarter", "year")


@dataclass(frozen=True)
class View:
    name: str
    params: dict
    langs: tuple[str, ...]
    label: dict = field(default_factory=dict)  # {"zh": ..., "en": ...}
    oneoff: bool = False  # made for ``-p`` values: its own slot, never a plan view's
    # one value of a swept view: (the sweep's view name, the parameter, its value, the index)
    sweep: tuple | None = None


@dataclass(frozen=True)
class Job:
    notebook: Path
    view: View
    lang: str
    params: dict  # everything but fig_dir, which depends on where the job renders

    @property
    def stem(self) -> str:
        return self.notebook.stem

    @property
    def slot(self) -> str:
        """The file stem of this job's outputs inside the notebook's site folder."""
        return f"{self.view.name}_{self.lang}"

    @property
    def id(self) -> str:
        return f"{self.stem}/{self.slot}"

    def params_json(self) -> str:
        return json.dumps(self.params, sort_keys=True, ensure_ascii=False, default=str)


class PlanError(ParameterError):
    """A render plan that cannot be used: the message names the file and the field."""


def load_plan(path: Path) -> dict:
    import yaml  # the C loader is quick; kept local so `uschina --help` does not pay for it

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PlanError(f"render plan {path}: cannot be read: {exc}") from None
    except yaml.YAMLError as exc:
        raise PlanError(f"render plan {path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise PlanError(f"render plan {path}: expected a mapping with 'notebooks' and 'views'")
    unknown = set(raw) - {"notebooks", "exclude", "views", "overrides"}
    if unknown:
        raise PlanError(f"render plan {path}: unknown field {sorted(unknown)[0]!r}; "
                        "allowed: notebooks, exclude, views, overrides")
    raw.setdefault("notebooks", ["*.ipynb"])
    raw.setdefault("exclude", [])
    raw.setdefault("overrides", {})
    for key in ("notebooks", "exclude"):
        if isinstance(raw[key], str):
            raw[key] = [raw[key]]
    if not isinstance(raw.get("views"), dict) or not raw["views"]:
        raise PlanError(f"render plan {path}: field 'views' must map view names to "
                        "{params, langs, label}")
    if not isinstance(raw["overrides"], dict):
        raise PlanError(f"render plan {path}: field 'overrides' must map notebook file names "
                        "to {params, views, extra_views, skip}")
    return raw


DATE_PARAMS = ("start", "end", "as_of")  # the notebooks' common date parameters


def _check_dates(values: dict) -> None:
    """``-p as_of=yesterday`` fails here, before any kernel starts, naming the parameter."""
    dates = {k: v for k, v in values.items() if k in DATE_PARAMS and isinstance(v, str)}
    if not dates:
        return
    from ..params import check_order, parse_date  # pandas: only when -p gives a date

    parsed = {k: parse_date(k, v) for k, v in dates.items()}
    check_order(parsed.get("start"), parsed.get("end"))


def one_off_view(base: View, params: dict) -> View:
    """The view of a ``-p`` render: named after its values, labelled with all of them.

    It never takes a plan view's slot, so a one-off render cannot overwrite the default site,
    and the same ``-p`` values render to the same place again (and are skipped when unchanged).
    """
    import hashlib

    values = json.dumps(params, sort_keys=True, ensure_ascii=False, default=str)
    name = "oneoff-" + hashlib.sha1(values.encode()).hexdigest()[:8]
    shown = ", ".join(f"{k}={'None' if v is None else v}" for k, v in sorted(params.items()))
    label = {"zh": f"一次性渲染（-p）：{shown}",
             "en": f"One-off render (-p): {shown}"}
    return View(name, dict(params), base.langs, label, oneoff=True)


def _views(spec: dict, where: str) -> list[View]:
    out = []
    for name, v in spec.items():
        v = v or {}
        if not isinstance(v, dict) or set(v) - _VIEW_KEYS:
            raise PlanError(f"{where}: view {name!r} must be a mapping with keys "
                            f"{sorted(_VIEW_KEYS)}, got {v!r}")
        if not str(name).replace("-", "").replace("_", "").isalnum():
            raise PlanError(f"{where}: view name {name!r} must be letters, digits, - or _")
        langs = v.get("langs", ["zh"])
        langs = [langs] if isinstance(langs, str) else langs
        params = v.get("params") or {}
        if not isinstance(params, dict):
            raise PlanError(f"{where}: view {name!r}: 'params' must be a mapping")
        bad = [k for k in params if k in RESERVED]
        if bad:
            raise PlanError(f"{where}: view {name!r}: {bad[0]!r} is set by the renderer "
                            "(use 'langs' for languages)")
        label = dict(v.get("label") or {})
        if v.get("sweep") is None:
            out.append(View(str(name), dict(params), tuple(langs), label))
            continue
        key, values = _sweep(v["sweep"], f"{where}: view {name!r}")
        if key in params or key in RESERVED:
            raise PlanError(f"{where}: view {name!r}: {key!r} is both swept and set in "
                            "'params' (or set by the renderer)")
        for i, value in enumerate(values):
            shown = "None" if value is None else str(value)
            step_label = {lang: f"{text} · {key}={shown}" for lang, text in label.items()}
            out.append(View(f"{name}-{_slug(value)}", {**params, key: value}, tuple(langs),
                            step_label or {"zh": f"{name} · {key}={shown}",
                                           "en": f"{name} · {key}={shown}"},
                            sweep=(str(name), key, value, i)))
    return out


def _slug(value) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9-]+", "_", "None" if value is None else str(value)).strip("_")


def _sweep(spec, where: str) -> tuple[str, list]:
    """``{as_of: {from, to, every}}`` or ``{as_of: {values: [...]}}`` -> ("as_of", values)."""
    if not isinstance(spec, dict) or len(spec) != 1:
        raise PlanError(f"{where}: 'sweep' must map ONE parameter to {{from, to, every}} or "
                        f"{{values: [...]}}, got {spec!r}")
    (key, rule), = spec.items()
    if isinstance(rule, dict) and set(rule) == {"values"} and isinstance(rule["values"], list):
        values = list(rule["values"])
    elif isinstance(rule, dict) and set(rule) == {"from", "to", "every"}:
        values = _date_steps(rule, f"{where}: sweep {key!r}")
    else:
        raise PlanError(f"{where}: sweep {key!r} must be {{from: DATE, to: DATE, every: "
                        f"{'|'.join(EVERY)}}} or {{values: [...]}}, got {rule!r}")
    if not values:
        raise PlanError(f"{where}: sweep {key!r} has no values")
    if len(values) > MAX_SWEEP:
        raise PlanError(f"{where}: sweep {key!r} has {len(values)} values; at most {MAX_SWEEP}")
    slugs = [_slug(v) for v in values]
    if len(set(slugs)) != len(slugs):
        raise PlanError(f"{where}: sweep {key!r} repeats a value: {values!r}")
    return str(key), values


def _date_steps(rule: dict, where: str) -> list[str]:
    from datetime import date, timedelta

    try:
        start, end = (date.fromisoformat(str(rule[k])) for k in ("from", "to"))
    except ValueError as exc:
        raise PlanError(f"{where}: 'from' and 'to' must be dates (YYYY-MM-DD): {exc}") from None
    every = rule["every"]
    if every not in EVERY:
        raise PlanError(f"{where}: 'every' must be one of {', '.join(EVERY)}, got {every!r}")
    if end < start:
        raise PlanError(f"{where}: 'to' ({end}) is before 'from' ({start})")
    months = {"month": 1, "quarter": 3, "year": 12}.get(every)
    out, i = [], 0
    while True:
        if months is None:
            d = start + timedelta(days=i * (7 if every == "week" else 1))
        else:  # the same day of the month, or the month's last day when it has fewer
            m = start.month - 1 + i * months
            y, m = start.year + m // 12, m % 12 + 1
            last = (date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)).day
            d = date(y, m, min(start.day, last))
        if d > end or len(out) > MAX_SWEEP:
            return out
        out.append(d.isoformat())
        i += 1


def _override(spec, where: str) -> dict:
    if spec is None:
        return {}
    if not isinstance(spec, dict) or set(spec) - _OVERRIDE_KEYS:
        raise PlanError(f"{where}: expected a mapping with keys {sorted(_OVERRIDE_KEYS)}, "
                        f"got {spec!r}")
    return spec


def select_notebooks(plan: dict, plan_path: Path, names: list[str]) -> list[Path]:
    """The plan's notebooks, or the ``names`` given on the command line (paths or stems)."""
    base = plan_path.parent
    if names:
        out = []
        for name in names:
            p = Path(name)
            for cand in (p, base / p, base / f"{name}.ipynb"):
                if cand.is_file() and cand.suffix == ".ipynb":
                    out.append(cand.resolve())
                    break
            else:
                raise PlanError(f"notebook {name!r}: no such .ipynb file "
                                f"(looked for {p} and in {base})")
        return list(dict.fromkeys(out))
    found: dict[Path, None] = {}
    for pattern in plan["notebooks"]:
        for p in sorted(base.glob(pattern)):
            if p.suffix == ".ipynb" and ".ipynb_checkpoints" not in p.parts:
                found[p.resolve()] = None
    excluded = {p.resolve() for pattern in plan["exclude"] for p in base.glob(pattern)}
    return [p for p in found if p not in excluded]


def expand(plan: dict, plan_path: Path, notebooks: list[Path],
           cli_params: dict[str, str], honour_skip: bool = True) -> list[Job]:
    """One job per notebook, view (each value of a swept view) and language, with typed,
    checked parameters.

    ``honour_skip=False`` (notebooks named on the command line) renders even a notebook that
    the plan or its metadata marks ``skip``.
    """
    jobs = []
    default_views = _views(plan["views"], f"render plan {plan_path}")
    for nb_path in notebooks:
        nb = P.read_notebook_json(nb_path)
        decl = P.declared(nb_path, nb)
        meta = _override(nb.get("metadata", {}).get("uschina", {}).get("render"),
                         f"{nb_path.name}: metadata uschina.render")
        over = _override(plan["overrides"].get(nb_path.name),
                         f"render plan {plan_path}: overrides.{nb_path.name}")
        if honour_skip and over.get("skip", meta.get("skip", False)):
            continue
        views = default_views
        for layer, where in ((meta, f"{nb_path.name} metadata"), (over, f"{plan_path}")):
            if "views" in layer:
                views = _views(layer["views"], where)
            if "extra_views" in layer:
                extra = _views(layer["extra_views"], where)
                views = [v for v in views if v.name not in {e.name for e in extra}] + extra
        fixed = {**(meta.get("params") or {}), **(over.get("params") or {})}
        if any(k in RESERVED for k in fixed):
            raise PlanError(f"{nb_path.name}: 'fig_dir' and 'lang' are set by the renderer")
        if "lang" not in decl:
            raise PlanError(f"{nb_path.name}: its parameters cell declares no 'lang' "
                            "(the renderer sets lang for each view)")
        if any(k in RESERVED for k in cli_params):
            raise ParameterError("-p fig_dir/-p lang: the renderer sets these for each job "
                                 "(languages come from the plan's views)")
        P.check_known(cli_params, decl, nb_path, "given with -p")
        typed = {k: P.coerce(decl[k], v, nb_path) for k, v in cli_params.items()}
        _check_dates(typed)
        for view in views:
            params = {**view.params, **fixed, **typed}
            P.check_known(params, decl, nb_path, f"view {view.name!r} of the render plan")
            if typed:
                view = one_off_view(view, params)  # noqa: PLW2901
            for lang in view.langs:
                jobs.append(Job(nb_path, view, lang, {**params, "lang": lang}))
    if cli_params:  # two plan views may come to the same values: render them once
        jobs = list({j.id: j for j in jobs}.values())
    seen: set[str] = set()
    dupes = {j.id for j in jobs if j.id in seen or seen.add(j.id)}  # one pass: linear
    if dupes:
        raise PlanError(f"two jobs would write the same outputs: {sorted(dupes)[0]} "
                        "(notebook file names must be unique)")
    return jobs


