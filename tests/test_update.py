"""`uschina update`: parsers on real download formats, and updates served from 127.0.0.1.

No test touches the network: a local http.server in a thread answers with fixtures (excerpts of
real downloads, tests/fixtures/README.md) or with bodies written in the same formats.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest

from uschina import datasets
from uschina.cli import main
from uschina.update import (
    Endpoints,
    FetchError,
    FormatError,
    Session,
    UpdateError,
    commit,
    fiscal,
    fred,
    plan,
    prepare,
    tic,
    vintages,
)

FIX = Path(__file__).parent / "fixtures"


# ---------------------------------------------------------------- parsers


def test_fred_graph_csv_older_era_dot_is_missing():
    f = fred.parse_graph_csv((FIX / "fred/DEXCHUS_DATE_era.csv").read_text(), "DEXCHUS")
    assert f.loc[f["date"] == "2023-09-04", "value"].isna().all()  # Labor Day: "."
    assert f.set_index("date")["value"]["2023-09-15"] == "7.2744"  # SOURCES-3.md spot value
    assert len(f) == 15 and f["value"].isna().sum() == 1


def test_fred_graph_csv_current_era_empty_is_missing():
    f = fred.parse_graph_csv((FIX / "fred/CPIAUCSL_observation_date_era.csv").read_text(),
                             "CPIAUCSL").set_index("date")["value"]
    assert pd.isna(f["2025-10-01"])  # the shutdown month is an empty field
    assert (f["2025-12-01"], f["2026-06-01"]) == ("326.031", "332.568")
    old = fred.parse_graph_csv((FIX / "fred/CPIAUCNS_DATE_era.csv").read_text(), "CPIAUCNS")
    assert old["value"].notna().all() and old["date"].iloc[-1] == "2024-02-01"


@pytest.mark.parametrize(("text", "match"), [
    ("<html><body>Service unavailable</body></html>", "expected a header"),
    ("observation_date,DEXCHUS\n2026-09-21,about 6.7\n", "expected a number or '.'"),
    ("observation_date,DEXCHUS\n21/09/2026,6.7\n", "expected a date"),
    ("observation_date,CPIAUCNS\n2026-09-21,6.7\n", "not the series DEXCHUS"),
    ("observation_date,DEXCHUS\n2026-09-21,6.7\n2026-09-21,6.8\n", "appears twice"),
])
def test_fred_graph_csv_refuses_what_it_cannot_read(text, match):
    with pytest.raises(FormatError, match=match):
        fred.parse_graph_csv(text, "DEXCHUS")


def test_fred_api_json_values_are_strings_and_dot_is_missing():
    f = fred.parse_api_json((FIX / "fred/CPIAUCSL_api.json").read_text(), "CPIAUCSL")
    assert list(f.columns) == ["date", "value", "realtime_start", "realtime_end"]
    assert f.set_index("date").loc["2026-07-01", "value"] == "332.813"
    assert f.set_index("date")["value"].isna().sum() == 1  # "." on 2025-10-01
    assert set(f["realtime_start"]) == {"2026-08-12"}
    with pytest.raises(FormatError, match="observations"):
        fred.parse_api_json('{"error_code": 400}', "CPIAUCSL")


def test_tic_excerpt_parses_breaks_quotes_and_footnote_markers():
    table = tic.parse_mfh((FIX / "tic/mfhhis01_excerpt.txt").read_text())
    uk = tic.holder(table, "United Kingdom").set_index("date")  # "United Kingdom 2/" in 2010
    assert uk.loc["2025-12-01", "value"] == 866.0
    assert uk.loc["2010-06-01"].tolist() == [94.5, 363.6]  # new series, prior series
    china = tic.holder(table, "China, Mainland").set_index("date")  # quoted in the file
    assert china.loc["2010-06-01"].tolist() == [1112.1, 843.7]  # SOURCES.md
    assert china.loc["2025-01-01", "value"] == 760.8
    with pytest.raises(FormatError, match="not a TIC Major Foreign Holders file"):
        tic.parse_mfh("<html>moved</html>")
    with pytest.raises(FormatError, match="no row 'Atlantis'"):
        tic.holder(table, "Atlantis")


def test_fiscal_page_parses_amounts_and_null():
    page = _fiscal_page([("2026-08-20", "40033256786764.37", "32278964736853.40",
                          "7754292049910.97"), ("2026-08-21", "40040000000000.00", "null",
                                                "null")])
    frame, pages = fiscal.parse_page(page)
    assert pages == 1 and frame["total"].tolist() == ["40033256786764.37", "40040000000000.00"]
    assert frame["held_by_public"].isna().tolist() == [False, True]
    with pytest.raises(FormatError, match="'data' and 'meta'"):
        fiscal.parse_page("[]")


# ---------------------------------------------------------------- a local server


class Server:
    """Routes: path with query -> (status, body, delay in seconds)."""

    def __init__(self):
        self.routes: dict[str, tuple[int, str, float]] = {}
        self.hits: list[str] = []
        routes, hits = self.routes, self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                hits.append(self.path)
                status, body, delay = routes.get(self.path, (404, "not found", 0))
                time.sleep(delay)
                data = body.encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "text/plain; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the timeout test)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def fred(self, series: str, body: str, delay: float = 0.0, status: int = 200) -> None:
        self.routes[f"/graph/fredgraph.csv?id={series}"] = (status, body, delay)

    def endpoints(self) -> Endpoints:
        return Endpoints(fred=self.base, fred_api=self.base, fiscal=self.base,
                         tic=f"{self.base}/tic/mfhhis01.txt")


@pytest.fixture
def server():
    s = Server()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


def _graph_csv(series: str, rows, era: str = "new") -> str:
    """A fredgraph.csv body in one of FRED's two header eras (see the fixtures)."""
    head = "observation_date" if era == "new" else "DATE"
    miss = "" if era == "new" else "."
    lines = [f"{head},{series}"] + [f"{d},{miss if v is None else v}" for d, v in rows]
    return "\n".join(lines) + "\n"


def _curated(key: str) -> list[tuple[str, str | None]]:
    raw = pd.read_csv(datasets.data_dir() / f"{key}.csv", dtype=str, keep_default_na=False)
    return [(d, v or None) for d, v in zip(raw["date"], raw["value"], strict=True)]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def _fiscal_page(rows, pages: int = 1) -> str:
    data = [{"record_date": d, "tot_pub_debt_out_amt": t, "debt_held_public_amt": p,
             "intragov_hold_amt": i} for d, t, p, i in rows]
    return json.dumps({"data": data, "meta": {"count": len(data), "total-count": len(data),
                                              "total-pages": pages}, "links": {}})


# ---------------------------------------------------------------- updates


def test_a_new_row_is_added_printed_and_kept_as_a_vintage(server, data_copy, capsys,
                                                           monkeypatch):
    rows = _curated("usd_cny") + [("2026-09-21", "6.6901"), ("2026-09-22", None)]
    server.fred("DEXCHUS", _graph_csv("DEXCHUS", rows, era="new"))
    for var, value in (("USCHINA_FRED_BASE", server.base),):
        monkeypatch.setenv(var, value)
    monkeypatch.delenv("FRED_API_KEY", raising=False)
    assert main(["update", "usd_cny"]) == 0
    out = capsys.readouterr().out
    assert "usd_cny: FRED DEXCHUS: 5191 rows fetched; 1 new, 0 revised" in out
    assert "+ 2026-09-21  value=6.6901" in out
    s = datasets.load("usd_cny")
    assert (s.index[-1], s.iloc[-1]) == (pd.Timestamp("2026-09-21"), 6.6901)
    assert pd.Timestamp("2026-09-22") not in s.index  # FRED's blank day stays absent
    # as of a day before this fetch, the row it added was not known (the lag alone would
    # have let it through)
    assert datasets.load("usd_cny", as_of="2026-10-01").index[-1] == pd.Timestamp("2026-09-18")
    # unchanged rows keep their text byte for byte
    text = (data_copy / "usd_cny.csv").read_text()
    assert text.startswith("date,value\n2006-01-03,") and "2026-09-18,6.6975\n" in text
    log = pd.read_csv(data_copy / "vintages/usd_cny/fetches.csv")
    assert log[["source", "rows", "new", "revised"]].values.tolist() == [
        ["FRED DEXCHUS", 5191, 1, 0]]
    assert log["url"].item() == f"{server.base}/graph/fredgraph.csv?id=DEXCHUS"
    # a second fetch with nothing new: logged, and the changes file does not grow
    changes = (data_copy / "vintages/usd_cny/changes.csv").read_text()
    assert main(["update", "usd_cny"]) == 0
    assert "0 new, 0 revised" in capsys.readouterr().out
    assert (data_copy / "vintages/usd_cny/changes.csv").read_text() == changes
    assert len(pd.read_csv(data_copy / "vintages/usd_cny/fetches.csv")) == 2


def test_a_revised_value_is_reported_and_the_derived_key_follows(server, data_copy):
    rows = [(d, "336.000" if d == "2026-07-01" else v) for d, v in _curated("us_cpi_index")]
    server.fred("CPIAUCNS", _graph_csv("CPIAUCNS", rows, era="old"))  # DATE, "." era
    session = Session(endpoints=server.endpoints(), api_key=None, today="2026-08-20")
    changes = prepare(plan(["us_cpi_index"]), session)
    assert [c.key for c in changes] == ["us_cpi_index", "us_cpi_yoy"]
    index, yoy = changes
    assert index.revised.values.tolist() == [["2026-07-01", "value", "333.918", "336.000"]]
    assert yoy.revised.values.tolist() == [["2026-07-01", "value", "3.4", "4.0"]]
    assert len(index.new) == 0 and len(index.removed) == 0
    commit(changes, session)
    assert datasets.load("us_cpi_index")["2026-07-01"] == 336.0
    assert datasets.load("us_cpi_yoy")["2026-07-01"] == 4.0
    assert pd.isna(datasets.load("us_cpi_yoy")["2025-10-01"])  # the declared gap survives
    # the curated file keeps its own text where FRED writes the same number differently
    assert "2026-04-01,333.02\n" in (data_copy / "us_cpi_index.csv").read_text()


def test_as_of_uses_the_vintage_current_on_that_date(server, data_copy):
    rows = _curated("us_cpi_index")
    server.fred("CPIAUCNS", _graph_csv("CPIAUCNS", rows))
    commit(prepare(["us_cpi_index"], Session(endpoints=server.endpoints(), api_key=None,
                                             today="2026-08-20")), Session(today="2026-08-20"))
    assert not (data_copy / "vintages/us_cpi_index/changes.csv").exists()  # nothing new
    assert (data_copy / "vintages/us_cpi_index/fetches.csv").exists()  # but the fetch is logged
    later = [(d, "334.000" if d == "2026-07-01" else v) for d, v in rows]
    later.append(("2026-08-01", "334.500"))
    server.fred("CPIAUCNS", _graph_csv("CPIAUCNS", later))
    s2 = Session(endpoints=server.endpoints(), api_key=None, today="2026-09-15")
    commit(prepare(["us_cpi_index"], s2), s2)
    now = datasets.load("us_cpi_index")
    assert (now["2026-07-01"], now.index[-1]) == (334.0, pd.Timestamp("2026-08-01"))
    then = datasets.load("us_cpi_index", as_of="2026-09-01")  # between the two fetches
    assert then["2026-07-01"] == 333.918 and then.index[-1] == pd.Timestamp("2026-07-01")
    assert datasets.load("us_cpi_index", as_of="2026-09-15").index[-1] == pd.Timestamp(
        "2026-08-01")
    # before the first kept vintage only the release-lag rule applies, as before
    assert datasets.load("us_cpi_index", as_of="2021-11-16").index[-1] == pd.Timestamp(
        "2021-10-01")
    changes = pd.read_csv(data_copy / "vintages/us_cpi_index/changes.csv", dtype=str)
    assert changes[changes["vintage"] == "2026-09-15"][["date", "value"]].values.tolist() == [
        ["2026-07-01", "334.000"], ["2026-08-01", "334.500"]]
    # the value the first revision replaced, filed under the baseline vintage
    assert changes[changes["vintage"] == "0001-01-01"].values.tolist() == [
        ["0001-01-01", "2026-07-01", "333.918"]]


def test_a_malformed_response_changes_nothing(server, data_copy, capsys, monkeypatch):
    server.fred("DEXCHUS", "<!DOCTYPE html><html><body>Maintenance</body></html>")
    monkeypatch.setenv("USCHINA_FRED_BASE", server.base)
    monkeypatch.delenv("FRED_API_KEY", raising=False)
    before = _snapshot(data_copy)
    assert main(["update", "usd_cny"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "FRED: DEXCHUS: expected a header" in err[0]
    assert err[0].endswith("nothing was changed")
    assert _snapshot(data_copy) == before


def test_data_that_break_the_schema_are_refused(server, data_copy):
    rows = [r for r in _curated("us_vehicle_sales") if r[0] != "2021-09-01"]  # a month lost
    server.fred("TOTALSA", _graph_csv("TOTALSA", rows))
    before = _snapshot(data_copy)
    session = Session(endpoints=server.endpoints(), api_key=None)
    with pytest.raises(UpdateError, match=r"us_vehicle_sales: the fetched data fail the "
                                          r"schema.*2021-10-01"):
        prepare(["us_vehicle_sales"], session)
    assert _snapshot(data_copy) == before


def test_a_timeout_fails_in_seconds_and_changes_nothing(server, data_copy):
    server.fred("DEXCHUS", _graph_csv("DEXCHUS", _curated("usd_cny")), delay=3.0)
    before = _snapshot(data_copy)
    session = Session(endpoints=server.endpoints(), api_key=None, timeout=0.5)
    t0 = time.monotonic()
    with pytest.raises(FetchError, match=r"cannot reach FRED \(127\.0\.0\.1:\d+\): no answer "
                                         r"within 0\.5 s"):
        prepare(["usd_cny"], session)
    assert time.monotonic() - t0 < 2.5
    assert _snapshot(data_copy) == before


def test_an_http_error_is_named(server, data_copy):
    server.fred("DEXCHUS", "Bad Request", status=400)
    with pytest.raises(FetchError, match=r"FRED \(127\.0\.0\.1:\d+\) answered HTTP 400"):
        prepare(["usd_cny"], Session(endpoints=server.endpoints(), api_key=None))


def test_no_network_one_line_naming_the_source(data_copy, capsys, monkeypatch):
    with socket.socket() as s:  # a port nobody listens on: refused at once
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    for var in ("USCHINA_FRED_BASE", "USCHINA_FISCAL_BASE"):
        monkeypatch.setenv(var, f"http://127.0.0.1:{port}")
    monkeypatch.setenv("USCHINA_TIC_URL", f"http://127.0.0.1:{port}/mfhhis01.txt")
    monkeypatch.delenv("FRED_API_KEY", raising=False)
    before = _snapshot(data_copy)
    t0 = time.monotonic()
    assert main(["update"]) == 1
    assert time.monotonic() - t0 < 5
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.strip().splitlines()
    assert line.startswith(f"uschina update: cannot reach Treasury TIC (127.0.0.1:{port}):")
    assert _snapshot(data_copy) == before


def test_tic_update_reads_treasury_file_and_keeps_later_months(server, data_copy):
    text = (FIX / "tic/mfhhis01_excerpt.txt").read_text()
    block_2025 = text[: text.index("\tDec\tNov\tOct\tSep\tAug\tJul\tJun\tJun")]
    server.routes["/tic/mfhhis01.txt"] = (200, block_2025.replace("683.5", "684.4"), 0)
    session = Session(endpoints=server.endpoints(), api_key=None, today="2026-03-20")
    changes = {c.key: c for c in prepare(plan(["china_ust_holdings", "uk_ust_holdings"]),
                                          session)}
    china = changes["china_ust_holdings"]
    assert china.revised.values.tolist() == [["2025-12-01", "value", "683.5", "684.4"]]
    assert changes["uk_ust_holdings"].changed is False
    assert server.hits.count("/tic/mfhhis01.txt") == 1  # one download serves both keys
    commit(list(changes.values()), session)
    c = datasets.load("china_ust_holdings")
    assert c.loc["2025-12-01", "value"] == 684.4
    assert c.index[-1] == pd.Timestamp("2026-07-01")  # months after Treasury's file are kept


def test_debt_to_the_penny_pages_are_followed(server, data_copy):
    last = pd.read_csv(data_copy / "us_public_debt.csv", dtype=str).tail(2)
    rows = [tuple(r) for r in last.itertuples(index=False)]
    since = (pd.Timestamp(last["date"].iloc[-1]) - pd.Timedelta(days=31)).strftime("%Y-%m-%d")
    page1 = fiscal.page_url(since, 1, server.base).removeprefix(server.base)
    page2 = fiscal.page_url(since, 2, server.base).removeprefix(server.base)
    server.routes[page1] = (200, _fiscal_page(rows, pages=2), 0)
    server.routes[page2] = (200, _fiscal_page([("2026-08-21", "40041000000000.12",
                                                "32280000000000.00", "7761000000000.12")],
                                              pages=2), 0)
    [c] = prepare(["us_public_debt"], Session(endpoints=server.endpoints(), api_key=None))
    assert c.new.values.tolist() == [["2026-08-21", "40041000000000.12", "32280000000000.00",
                                      "7761000000000.12"]]
    assert len(c.revised) == 0


def test_alfred_vintages_when_an_api_key_is_set(server, data_copy):
    obs = [{"realtime_start": rs, "realtime_end": re_, "date": d, "value": v} for rs, re_, d, v in [
        ("2026-08-12", "2026-09-10", "2026-07-01", "333.918"),
        ("2026-09-11", "9999-12-31", "2026-07-01", "333.950"),
        ("2026-09-11", "9999-12-31", "2026-08-01", "334.200"),
    ]]
    body = json.dumps({"realtime_start": "1776-07-04", "realtime_end": "9999-12-31",
                       "observations": obs})
    query = fred.api_url("CPIAUCNS", "SECRETKEY", server.base, vintages=True)
    server.routes[query.removeprefix(server.base)] = (200, body, 0)
    session = Session(endpoints=server.endpoints(), api_key="SECRETKEY", today="2026-09-20")
    changes = prepare(["us_cpi_index"], session)
    commit(changes, session)
    assert datasets.load("us_cpi_index", as_of="2026-09-01")["2026-07-01"] == 333.918
    assert datasets.load("us_cpi_index", as_of="2026-09-12")["2026-07-01"] == 333.95
    log = (data_copy / "vintages/us_cpi_index/fetches.csv").read_text()
    assert "SECRETKEY" not in log and "api_key=***" in log


def test_list_names_every_key_and_what_cannot_be_updated(capsys):
    assert main(["update", "--list"]) == 0
    out = capsys.readouterr().out
    table = {line.split()[0]: line for line in out.splitlines()[2:] if line.strip()
             and not line.startswith("With")}
    assert set(datasets.keys()) <= set(table)
    for key in ("presidential_approval_polls", "trump2_approval_gallup", "biden_approval_538",
                "trump2_approval_nyt", "us_china_exchanges", "phase_one_purchases",
                "us_covid_new_cases"):
        assert table[key].split()[1] == "no", key
    assert "FRED DEXCHUS" in table["usd_cny"] and table["usd_cny"].split()[1] == "yes"
    assert "Treasury Fiscal Data" in table["us_public_debt"]
    assert "Treasury TIC United Kingdom" in table["uk_ust_holdings"]


def test_a_key_that_cannot_be_updated_is_refused_by_name(capsys):
    assert main(["update", "trump2_approval_gallup"]) == 1
    err = capsys.readouterr().err
    assert "trump2_approval_gallup cannot be updated automatically" in err
    assert "Gallup" in err


def test_vintage_state_and_sameness():
    ch = pd.DataFrame({"vintage": ["2026-01-01", "2026-01-01", "2026-02-01"],
                       "date": ["2025-11-01", "2025-12-01", "2025-12-01"],
                       "value": ["1.0", "2.0", "2.5"]})
    assert vintages.state(ch, "2026-01-15")["value"].tolist() == ["1.0", "2.0"]
    assert vintages.state(ch)["value"].tolist() == ["1.0", "2.5"]
    a = pd.Series(["1.00", "2.5", None, "x"])
    b = pd.Series(["1.0", "2.4", None, "x"])
    assert vintages.same(a, b).tolist() == [True, False, True, True]  # numbers as numbers


def test_dry_run_shows_the_changes_and_writes_nothing(server, data_copy, capsys, monkeypatch):
    rows = _curated("usd_broad_index")
    rows[-1] = (rows[-1][0], "121.0000")  # a revised last day
    server.fred("DTWEXBGS", _graph_csv("DTWEXBGS", rows))
    monkeypatch.setenv("USCHINA_FRED_BASE", server.base)
    monkeypatch.delenv("FRED_API_KEY", raising=False)
    before = _snapshot(data_copy)
    assert main(["update", "--dry-run", "usd_broad_index"]) == 0
    out = capsys.readouterr().out
    assert "usd_broad_index: FRED DTWEXBGS: 5169 rows fetched; 0 new, 1 revised" in out
    assert "~ 2026-08-14  value: " in out and "-> 121.0000" in out
    assert out.rstrip().endswith("dry run: nothing written")
    assert _snapshot(data_copy) == before


def test_the_current_era_fixture_of_the_broad_index_parses():
    f = fred.parse_graph_csv((FIX / "fred/DTWEXBGS_observation_date_era.csv").read_text(),
                             "DTWEXBGS").set_index("date")["value"]
    assert f["2026-04-10"] == "118.8552"  # SOURCES-3.md spot value
    assert f.index.is_monotonic_increasing and f.notna().all()


def test_timeout_must_be_positive(capsys):
    assert main(["update", "--timeout", "0", "usd_cny"]) == 2
    assert "--timeout must be more than 0" in capsys.readouterr().err
