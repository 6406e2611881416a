"""Treasury Fiscal Data API: Debt to the Penny (JSON pages of ``data``, ``meta``, ``links``)."""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

import pandas as pd

from .errors import FormatError

BASE = "https://api.fiscaldata.treasury.gov/services/api/fiscal_service"
ENDPOINT = "v2/accounting/od/debt_to_penny"
# API field -> our column
FIELDS = {"record_date": "date", "tot_pub_debt_out_amt": "total",
          "debt_held_public_amt": "held_by_public", "intragov_hold_amt": "intragovernmental"}
PAGE_SIZE = 10000
_AMOUNT = re.compile(r"^-?\d+(\.\d+)?$")


def page_url(since: str, page: int, base: str = BASE) -> str:
    query = {"fields": ",".join(FIELDS), "filter": f"record_date:gte:{since}",
             "sort": "record_date", "page[size]": PAGE_SIZE, "page[number]": page}
    return f"{base}/{ENDPOINT}?{urlencode(query, safe=':,[]')}"


def parse_page(text: str, source: str = "Treasury Fiscal Data") -> tuple[pd.DataFrame, int]:
    """(rows as our columns, text values; None where the API says null), total pages."""
    try:
        raw = json.loads(text)
        data, meta = raw["data"], raw["meta"]
        pages = int(meta.get("total-pages", 1))
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise FormatError(f"{source}: expected Debt to the Penny JSON with 'data' and 'meta' "
                          f"({type(exc).__name__}: {exc})") from None
    rows = []
    for i, rec in enumerate(data):
        try:
            row = {ours: rec[api] for api, ours in FIELDS.items()}
        except (KeyError, TypeError):
            raise FormatError(f"{source}: record {i} lacks one of {list(FIELDS)}: "
                              f"{rec!r:.120}") from None
        for col, v in row.items():
            if col == "date":
                if not isinstance(v, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
                    raise FormatError(f"{source}: record {i}: record_date {v!r} is not a date")
            elif v in (None, "", "null"):
                row[col] = None
            elif not isinstance(v, str) or not _AMOUNT.match(v):
                raise FormatError(f"{source}: record {i} ({row['date']}): {col} {v!r} "
                                  "is not an amount")
        rows.append(row)
    return pd.DataFrame(rows, columns=list(FIELDS.values())), pages
