"""The claim registry in ``seeds/<seed>.yaml``: one file per source text (pydantic)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from ..errors import MetadataError
from ..meta import Bilingual
from ..paths import REPO_DIR

SEEDS_DIR = REPO_DIR / "seeds"
Op = Literal["≈", ">", ">=", "<", "<=", "between", "=="]


class Expect(BaseModel):
    """How the measured value is compared with the stated one."""

    model_config = ConfigDict(extra="forbid")
    op: Op = "≈"
    value: Any = None  # default: the claim's stated value
    tolerance: float = 0.0
    upper: float | None = None  # for "between": [value, upper]


class Check(BaseModel):
    model_config = ConfigDict(extra="allow")  # rule parameters
    rule: str
    expect: Expect = Field(default_factory=Expect)
    reason: str | None = None  # for not_checkable

    @model_validator(mode="after")
    def _reason(self) -> Check:
        if self.rule in ("not_checkable", "not_comparable") and not self.reason:
            raise ValueError(f"a {self.rule} claim needs a reason")
        return self

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class Claim(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")  # usable as a name in arithmetic rules
    line: int = Field(ge=1, description="line in the seed file where the number is stated")
    number: str = Field(description="the number as written in the seed line, e.g. '42.5'")
    text: Bilingual  # the claim in our own words
    value: Any  # stated value (number, or a list of names)
    unit: str
    period: str  # the date or period the claim is about

    @field_validator("period", mode="before")
    @classmethod
    def _period_text(cls, v):  # YAML reads 2021-11-15 as a date
        return v.isoformat() if isinstance(v, date) else str(v)
    check: Check
    chart: str | None = None  # notebook that shows it


class Document(BaseModel):
    model_config = ConfigDict(extra="forbid")
    seed_file: str
    publisher: str
    date: date
    date_note: str = ""
    language: str
    title: Bilingual
    description: Bilingual


class Registry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document: Document
    claims: list[Claim]

    @model_validator(mode="after")
    def _unique_ids(self) -> Registry:
        ids = [c.id for c in self.claims]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate claim ids: {dupes}")
        return self


def read(path: Path) -> Registry:
    """Read and validate one seed file: a document and the claims it makes.

    Parameters
    ----------
    path : Path
        A seed file (``seeds/*.yaml``).

    Returns
    -------
    Registry
        The document (``Registry.document``) and its claims (``Registry.claims``).

    Raises
    ------
    MetadataError
        The file is not valid YAML or not a valid claim registry (the message names the
        offending fields).

    Examples
    --------
    >>> reg = read(SEEDS_DIR / "000_941802ea72d19463.yaml")
    >>> reg.document.date, len(reg.claims)
    (datetime.date(2021, 11, 16), 58)
    """
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Registry.model_validate(raw)
    except yaml.YAMLError as exc:
        raise MetadataError(f"{path}: not valid YAML: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise MetadataError(f"{path}: invalid claim registry: {problems}") from None


def registries(seeds_dir: Path = SEEDS_DIR) -> list[Registry]:
    """Every seed file in ``seeds_dir``, read with :func:`read`, in file-name order.

    Parameters
    ----------
    seeds_dir : Path, optional
        The folder of the seed files, by default the repository's ``seeds/``.

    Returns
    -------
    list of Registry
        One per ``*.yaml`` file.

    Examples
    --------
    >>> [reg.document.seed_file for reg in registries()]
    ['000_941802ea72d19463.txt', '004_2b99488587da8757.txt']
    """
    return [read(p) for p in sorted(seeds_dir.glob("*.yaml"))]
