"""A notebook's declared parameters (its ``parameters`` cell) and typed ``-p KEY=VALUE`` values.

The cell is parsed with :mod:`ast` (cheap; no kernel, no papermill import). A parameter's type
is its annotation if it has one (``x: int = 3``, ``as_of: str | None = None``), else the type of
its default value. A command-line value takes that type, so ``-p code=001`` stays the string
``"001"`` for a ``str`` parameter, unlike papermill's own ``-p``, which would make it 1.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import ParameterError

NONE_WORDS = ("None", "none", "null", "~")
_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


@dataclass(frozen=True)
class Declared:
    name: str
    type: str  # "int", "float", "bool", "str", "list", "dict" or "any" (default None, no hint)
    default: object
    nullable: bool  # the default is None or the annotation allows None


class NotebookFileError(ParameterError):
    """A notebook that cannot be read or has no usable parameters cell."""


def read_notebook_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NotebookFileError(f"{path}: cannot be read as a notebook: {exc}") from None


def declared(path: Path, nb: dict | None = None) -> dict[str, Declared]:
    """The parameters a notebook declares, in the order of its ``parameters`` cell."""
    nb = nb if nb is not None else read_notebook_json(path)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get(
            "tags", []
        ):
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            return _parse_cell(path, source)
    return {}


def _parse_cell(path: Path, source: str) -> dict[str, Declared]:
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise NotebookFileError(
            f"{path}: the parameters cell is not valid Python: {exc.msg} (line {exc.lineno})"
        ) from None
    out: dict[str, Declared] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, hint, value = node.targets[0], None, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, hint, value = node.target, node.annotation, node.value
        else:
            continue
        if not isinstance(target, ast.Name):
            continue
        try:
            default = ast.literal_eval(value)
        except ValueError:
            default = None  # an expression: its type cannot be known here
        kind, nullable = _hint_type(hint) if hint is not None else (_value_type(default), False)
        out[target.id] = Declared(target.id, kind, default, nullable or default is None)
    return out


def _value_type(value) -> str:
    for kind, cls in (("bool", bool), ("int", int), ("float", float), ("str", str),
                      ("list", (list, tuple)), ("dict", dict)):
        if isinstance(value, cls):
            return kind
    return "any"


def _hint_type(hint: ast.expr) -> tuple[str, bool]:
    """``int`` -> ("int", False); ``str | None`` / ``Optional[str]`` -> ("str", True)."""
    names = [n.id for n in ast.walk(hint) if isinstance(n, ast.Name)]
    names += [n.value for n in ast.walk(hint) if isinstance(n, ast.Constant)
              and isinstance(n.value, str)]  # string annotations: "int"
    nullable = "None" in names or "Optional" in names or any(
        isinstance(n, ast.Constant) and n.value is None for n in ast.walk(hint)
    )
    for kind in ("bool", "int", "float", "str", "list", "dict"):
        if kind in names:
            return kind, nullable
    return "any", nullable


def coerce(decl: Declared, raw: str, notebook: Path):
    """The command-line string ``raw`` converted to the type ``decl`` declares."""
    if raw in NONE_WORDS:
        return None
    where = f"in {notebook.name}"
    try:
        if decl.type == "int":
            return int(raw.replace("_", ""), 10)
        if decl.type == "float":
            return float(raw)
        if decl.type == "bool":
            low = raw.lower()
            if low in _TRUE or low in _FALSE:
                return low in _TRUE
            raise ValueError(raw)
        if decl.type in ("list", "dict"):
            import yaml  # only when a list or dict parameter is given

            value = yaml.safe_load(raw)
            want = list if decl.type == "list" else dict
            if not isinstance(value, want):
                raise ValueError(raw)
            return value
    except ValueError:
        expected = {
            "int": "a whole number such as 5",
            "float": "a number such as 2.5",
            "bool": "true or false",
            "list": "a list such as [a, b]",
            "dict": "a mapping such as {a: 1}",
        }[decl.type]
        none = " or None" if decl.nullable else ""
        raise ParameterError(
            f"parameter {decl.name!r} {where} is declared {decl.type} "
            f"(default {decl.default!r}); expected {expected}{none}, got {raw!r}"
        ) from None
    return raw  # str and untyped (default None) parameters: the text as given


def parse_assignments(items: list[str]) -> dict[str, str]:
    """``["a=1", "b=x=y"]`` -> ``{"a": "1", "b": "x=y"}``, with a clear error for a bad item."""
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ParameterError(f"-p expects KEY=VALUE (for example -p lang=en), got {item!r}")
        out[key.strip()] = value
    return out


def check_known(names, decl: dict[str, Declared], notebook: Path, origin: str) -> None:
    unknown = [n for n in names if n not in decl]
    if unknown:
        known = ", ".join(decl) or "(none: the notebook has no parameters cell)"
        raise ParameterError(
            f"unknown parameter {unknown[0]!r} for {notebook.name} ({origin}); "
            f"its parameters cell declares: {known}"
        )
