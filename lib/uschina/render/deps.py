"""The library code a notebook depends on: the modules it imports, followed through the package.

A job's key holds one hash over the files of those modules (and of the packages above them),
not over the whole package: editing ``charts/cpi.py`` re-renders the notebooks that import it,
not every notebook. Imports are read with :mod:`ast` from the notebook's code cells and each
module's source (imports inside functions too: a lazy import is still a dependency), and cached
per file content, so a run with nothing changed parses nothing.

Imports the parser cannot see (``importlib.import_module(name)``, ``%run``) are not followed.
"""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path

PACKAGE = "uschina"


class Deps:
    def __init__(self, root: Path, hasher, cache: dict | None = None, package: str = PACKAGE):
        self.root, self.hasher, self.package = Path(root), hasher, package
        self.cache: dict[str, list[str]] = dict(cache or {})  # file digest -> imported names
        self.used: set[str] = set()
        self._files: dict[str, Path | None] = {}

    def _file(self, module: str) -> Path | None:
        """``uschina.charts.cpi`` -> ``<root>/charts/cpi.py`` (or a package's __init__.py)."""
        if module not in self._files:
            parts = module.split(".")[1:]
            base = self.root.joinpath(*parts)
            found = None
            for cand in (base.with_suffix(".py") if parts else None, base / "__init__.py"):
                if cand is not None and cand.is_file():
                    found = cand
                    break
            self._files[module] = found
        return self._files[module]

    def _imports_of(self, path: Path, module: str, is_package: bool) -> list[str]:
        digest = self.hasher.file(path) or ""
        self.used.add(digest)
        if digest not in self.cache:
            try:
                source = path.read_text(encoding="utf-8")
            except OSError:
                source = ""
            pkg = module if is_package else module.rpartition(".")[0]
            self.cache[digest] = imported_names(source, pkg)
        return self.cache[digest]

    def closure(self, names: list[str]) -> list[Path]:
        """The package's files that importing ``names`` executes."""
        seen: dict[str, Path] = {}
        todo = list(names)
        while todo:
            name = todo.pop()
            if not (name == self.package or name.startswith(self.package + ".")):
                continue
            parts = name.split(".")
            for i in range(1, len(parts) + 1):  # the packages above it run first
                mod = ".".join(parts[:i])
                if mod in seen:
                    continue
                path = self._file(mod)
                if path is None:
                    continue
                seen[mod] = path
                todo.extend(self._imports_of(path, mod, path.name == "__init__.py"))
        return sorted(seen.values())

    def notebook_hash(self, notebook: Path, extra: list[Path] = ()) -> str:
        """:meth:`code_hash` of a notebook file, its imports cached by its content."""
        digest = self.hasher.file(notebook) or ""
        key = "nb:" + digest
        self.used.add(key)
        if key not in self.cache:
            try:
                nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                nb = {}
            names: list[str] = []
            for source in notebook_code_cells(nb):
                names += imported_names(_python_only(source), "")
            self.cache[key] = sorted(set(names))
        h = hashlib.sha1()
        for path in [*self.closure(self.cache[key]), *extra]:
            h.update(str(path).encode())
            h.update((self.hasher.file(path) or "-").encode())
        return h.hexdigest()

    def pruned(self) -> dict:
        return {k: v for k, v in self.cache.items() if k in self.used}


def _python_only(source: str) -> str:
    """A cell's source without IPython's ``%magic`` and ``!shell`` lines."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                     for line in source.splitlines())


def imported_names(source: str, package: str) -> list[str]:
    """Absolute names of the modules ``source`` imports (``from a import b``: ``a`` and
    ``a.b``, since ``b`` may be a module); relative imports resolved against ``package``."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    out: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)] if node.level > 1 else base
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            out.append(mod)
            out += [f"{mod}.{a.name}" for a in node.names if a.name != "*"]
    return sorted(set(out))


def notebook_code_cells(nb: dict) -> list[str]:
    cells = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            src = cell.get("source", "")
            cells.append("".join(src) if isinstance(src, list) else src)
    return cells

