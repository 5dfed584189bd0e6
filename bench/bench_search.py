"""Search benchmark: import throughput (parse + store + index), search latency and memory on a generated archive.

Run ``python -m bench.bench_search --pages 1000`` (or 30000, 100000). The archive is generated once and cached
under ``bench/out/``; every run imports it into a fresh library through the real import path
(the writer's importer then ``SearchService.sync``, as ``newsreader import`` does), runs a fixed query set,
times whole ``newsreader search`` processes (on this library and on the 5 bundled sample pages), then adds a
new 8-page issue twice: in this process (a writer that has jieba loaded, as the desktop's) and with
``newsreader import`` (a new process), from file to searchable. Progress goes to stderr, results to stdout
(and ``bench/out/search-<pages>.json``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import math
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.generate import generate_archive
from bench.machine import cpu_model
from reader.library import Library
from reader.paths import samples_dir
from reader.search import SearchService
from reader.writer import new_importer

ROOT = Path(__file__).resolve().parents[1]  # python -m reader runs the reader of this source tree
OUT = Path(__file__).resolve().parent / "out"
PAGES_PER_ISSUE = 8
START = dt.date(2015, 1, 1)

# (query, keyword arguments of search): 1- to 8-character strings, phrases, several words, OR/NOT, fields,
# filters and sorts. Fixed, so runs compare.
QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("的", {}),
    ("市", {}),
    ("鑫", {}),
    ("发展", {}),
    ("记者", {}),
    ("文明", {}),
    ("新时代", {}),
    ("开发区", {}),
    ("中国人民", {}),
    ("疫情防控", {}),
    ("乡村振兴", {}),
    ("高质量发展", {}),
    ("全面建成小康", {}),
    ("中国共产党团结带领", {}),
    ("不忘初心牢记使命", {}),
    ('"本报讯(记者"', {}),
    ('"www.hsrb.com.cn"', {}),
    ("发展 经济", {}),
    ("记者 乡村振兴 文明", {}),
    ("许昌 OR 江川", {}),
    ("发展 -记者", {}),
    ("发展 NOT 经济", {}),
    ("title:发展", {}),
    ("byline:王", {}),
    ("paper:江川 文明", {}),
    ("date:2016 发展", {}),
    ("date:2015-03..2015-06 疫情", {}),
    ("文明", {"paper": "临河晚报"}),
    ("发展", {"date_from": "2016-01-01", "date_to": "2016-06-30"}),
    ("发展", {"sort": "newest"}),
    ("的", {"sort": "oldest"}),
    ("记者", {"page": "2", "sort": "newest"}),
    ("", {"paper": "江川日报", "sort": "newest"}),
]
REPEAT = 3
# Blocks (adverts, captions, ...) and kind:, reported apart so that the set above compares across versions.
BLOCK_QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("摄", {"kind": "caption"}),
    ("kind:广告", {}),
    ("记者 kind:block", {}),
    ("发展 kind:article", {}),
]
CLI_QUERIES = ("疫情防控", "发展", "date:2016 文明", "许昌 OR 江川", "")
CLI_REPEAT = 3


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }


def archive(pages: int, papers: int, seed: int) -> tuple[Path, dict[str, Any]]:
    folder = OUT / f"archive-{pages}-p{papers}-s{seed}"
    marker = folder / "stats.json"
    if marker.is_file():
        return folder / "pages", json.loads(marker.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    _log(f"generating {pages} pages under {folder}")
    stats = generate_archive(folder / "pages", papers=papers, pages=pages, seed=seed, start=START)
    data = {"pages": stats.pages, "issues": stats.issues, "bytes": stats.bytes, "chars": stats.chars}
    marker.write_text(json.dumps(data))
    return folder / "pages", data


def extra_issue(lib_dir: Path, pages: int, papers: int, seed: int, tag: str = "") -> tuple[Path, dt.date]:
    """One new 8-page issue of the first paper, dated after the archive (and after earlier extra issues)."""
    days = math.ceil(pages / (papers * PAGES_PER_ISSUE)) + 7
    with Library(lib_dir) as library:
        names = [p.name for p in library.papers()]
        while any(library.find_issue(n, START + dt.timedelta(days=days)) for n in names):
            days += 1
    folder = OUT / f"extra{tag}-{pages}-p{papers}-s{seed}"
    shutil.rmtree(folder, ignore_errors=True)
    start = START + dt.timedelta(days=days)
    generate_archive(folder, papers=1, pages=PAGES_PER_ISSUE, seed=seed, start=start)
    return folder, start


def _command() -> list[str]:
    """``newsreader``, as ``python -m reader`` from the source tree this benchmark runs from."""
    return [sys.executable, "-m", "reader"]


def _timed_process(argv: list[str]) -> tuple[float, float, int, str]:
    """(wall seconds, peak RSS in MB, exit code, stdout) of one whole process.

    The peak RSS comes from GNU time when there is one: a child's own ``ru_maxrss`` would count the
    benchmark's memory it was forked from.
    """
    timer = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").is_file() else None)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        cmd = [timer, "-f", "%M", *argv] if timer else argv
        t = time.perf_counter()
        code = subprocess.run(cmd, stdout=out, stderr=err, cwd=ROOT).returncode
        wall = time.perf_counter() - t
        out.seek(0)
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    rss = int(lines[-1]) / 1024 if timer and lines and lines[-1].isdigit() else float("nan")
    return wall, rss, code, ""


def cli_searches(lib_dir: Path) -> dict[str, Any]:
    """Whole ``newsreader search Q`` processes (start-up, up-to-date check, search, output), p50 and max."""
    walls: list[float] = []
    peak = 0.0
    per_query = []
    for query in CLI_QUERIES:
        times = []
        for _ in range(CLI_REPEAT):
            wall, rss, code, _out = _timed_process([*_command(), "search", query, "--library", str(lib_dir)])
            if code not in (0, 2):  # 2: no hits
                raise SystemExit(f"newsreader search {query!r} failed with {code}")
            times.append(wall * 1000)
            peak = max(peak, rss)
        walls += times
        per_query.append({"query": query, "ms": [round(x) for x in times]})
    return {"p50_ms": round(_pct(walls, 0.5)), "max_ms": round(max(walls)), "peak_rss_mb": round(peak, 1),
            "per_query": per_query}  # fmt: skip


def small_library() -> Path:
    """The 5 bundled sample pages, imported (once) into bench/out/lib-samples."""
    lib = OUT / "lib-samples"
    if not (lib / "library.sqlite3").is_file():
        subprocess.run([*_command(), "import", str(samples_dir()), "--library", str(lib)], check=True,
                       capture_output=True, cwd=ROOT)  # fmt: skip
    return lib


def _rss_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its (finished) children, in MB (Linux: ru_maxrss in kB)."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def _size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6 if path.exists() else 0.0


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, math.ceil(q * len(values)) - 1))]


def run(pages: int, papers: int, seed: int, reuse: bool = False) -> dict[str, Any]:
    src, stats = archive(pages, papers, seed)
    lib_dir = OUT / f"lib-{pages}"
    result: dict[str, Any] = {"machine": machine(), "archive": stats}
    previous = OUT / f"search-{pages}.json"
    if reuse and previous.is_file() and (lib_dir / "search").is_dir():
        # Only the searches again, on the library a previous run imported (its import numbers are kept).
        result["import"] = json.loads(previous.read_text())["import"]
        service = SearchService(lib_dir)
        service.sync()
        return _searches_and_issue(result, service, lib_dir, pages, papers, seed)
    shutil.rmtree(lib_dir, ignore_errors=True)

    _log(f"importing {stats['pages']} pages into {lib_dir}")
    t0 = time.perf_counter()
    with Library(lib_dir) as library:
        report = new_importer(library).import_paths([src])
        t1 = time.perf_counter()
        _log(f"stored in {t1 - t0:.1f} s; indexing")
        service = SearchService(lib_dir)
        sync = service.sync(library)
        t2 = time.perf_counter()
    total = t2 - t0
    mb = stats["bytes"] / 1e6
    result["import"] = {
        "pages": report.pages,
        "articles": report.articles,
        "parse_store_s": round(t1 - t0, 1),
        "index_s": round(t2 - t1, 1),
        "total_s": round(total, 1),
        "pages_per_s": round(report.pages / total, 1),
        "mb_per_s": round(mb / total, 2),
        "library_mb": round(
            _size_mb(lib_dir / "library.sqlite3") + _size_mb(lib_dir / "library.sqlite3-wal"), 1
        ),
        "index_mb": round(_size_mb(lib_dir / "search"), 1),
        "indexed_articles": sync.articles,
        "indexed_blocks": sync.blocks,
        "index_prepare_s": round(sync.prepare_seconds, 1),
        "index_write_s": round(sync.write_seconds, 1),
    }
    me, kids = _rss_mb()
    result["import"]["peak_rss_mb"] = round(me, 1)
    result["import"]["peak_rss_worker_mb"] = round(kids, 1)
    _log(f"import: {result['import']}")
    return _searches_and_issue(result, service, lib_dir, pages, papers, seed)


def _searches_and_issue(
    result: dict[str, Any], service: SearchService, lib_dir: Path, pages: int, papers: int, seed: int
) -> dict[str, Any]:

    service.warm_up()  # as the reader's search process does when it starts
    service.search("发展")  # warm-up: jieba's dictionary, page cache
    page_ms: list[float] = []
    count_ms: list[float] = []
    full_ms: list[float] = []
    per_query = []
    for query, kwargs in QUERIES:
        times = {"page": [], "count": [], "full": []}
        total_hits = None
        for _ in range(REPEAT):
            t = time.perf_counter()
            r = service.search(query, limit=20, count=False, **kwargs)
            times["page"].append((time.perf_counter() - t) * 1000)
            if r.error:
                raise SystemExit(f"query {query!r} failed: {r.error}")
            t = time.perf_counter()
            c = service.count(query, **kwargs)
            times["count"].append((time.perf_counter() - t) * 1000)
            total_hits = c.total
            t = time.perf_counter()
            service.search(query, limit=20, **kwargs)
            times["full"].append((time.perf_counter() - t) * 1000)
        page_ms += times["page"]
        count_ms += times["count"]
        full_ms += times["full"]
        per_query.append(
            {
                "query": query,
                "args": kwargs,
                "total": total_hits,
                "page_ms": round(statistics.median(times["page"]), 1),
                "count_facets_ms": round(statistics.median(times["count"]), 1),
            }
        )
    result["search"] = {
        "queries": len(QUERIES),
        "repeat": REPEAT,
        "first_page_p50_ms": round(_pct(page_ms, 0.5), 1),
        "first_page_p95_ms": round(_pct(page_ms, 0.95), 1),
        "first_page_max_ms": round(max(page_ms), 1),
        "count_facets_p50_ms": round(_pct(count_ms, 0.5), 1),
        "count_facets_p95_ms": round(_pct(count_ms, 0.95), 1),
        "count_facets_max_ms": round(max(count_ms), 1),
        "page_count_facets_p95_ms": round(_pct(full_ms, 0.95), 1),
        "ranked_by": dict(service.paths),
        "per_query": per_query,
    }
    _log("search: " + json.dumps({k: v for k, v in result["search"].items() if k != "per_query"}))
    blocks = []
    for query, kwargs in BLOCK_QUERIES:
        times = []
        for _ in range(REPEAT):
            t = time.perf_counter()
            r = service.search(query, limit=20, **kwargs)
            times.append((time.perf_counter() - t) * 1000)
            if r.error:
                raise SystemExit(f"query {query!r} failed: {r.error}")
        blocks.append({"query": query, "args": kwargs, "total": r.total, "ms": round(statistics.median(times), 1),
                       "kinds": r.facets["kind"]})  # fmt: skip
    result["block_queries"] = blocks

    result["cli_search"] = cli_searches(lib_dir)
    result["cli_search_small"] = cli_searches(small_library())
    _log(f"cli: {result['cli_search']['p50_ms']} ms here, {result['cli_search_small']['p50_ms']} ms on 5 pages")

    extra, day = extra_issue(lib_dir, pages, papers, seed)
    t0 = time.perf_counter()
    with Library(lib_dir) as library:
        added = new_importer(library).import_paths([extra])
        t1 = time.perf_counter()
        sync = service.sync(library)
    t2 = time.perf_counter()
    found = service.search("", date_from=day.isoformat(), date_to=day.isoformat(), count=True).total
    result["add_issue"] = {
        "pages": added.added,
        "parse_store_s": round(t1 - t0, 2),
        "index_s": round(t2 - t1, 2),
        "index_check_s": round(sync.check_seconds, 3),
        "index_tokenise_s": round(sync.prepare_seconds, 3),
        "index_write_s": round(sync.write_seconds, 3),
        "total_s": round(t2 - t0, 2),
        "indexed_pages": sync.indexed_pages,
        "searchable_articles": found,
    }
    extra, day = extra_issue(lib_dir, pages, papers, seed, tag="-cli")
    wall, rss, code, _out = _timed_process([*_command(), "import", str(extra), "--library", str(lib_dir)])
    if code != 0:
        raise SystemExit(f"newsreader import failed with {code}")
    found = service.search("", date_from=day.isoformat(), date_to=day.isoformat()).total
    result["add_issue"]["cli_import_s"] = round(wall, 2)
    result["add_issue"]["cli_import_rss_mb"] = round(rss, 1)
    result["add_issue"]["cli_searchable_articles"] = found
    _log(f"add issue: {result['add_issue']}")
    me, kids = _rss_mb()
    result["peak_rss_mb"] = round(me, 1)
    result["peak_rss_worker_mb"] = round(kids, 1)
    service.close()
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.bench_search", description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--papers", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true", help="print the full result as JSON")
    ap.add_argument(
        "--reuse", action="store_true", help="skip the import: search the library of the last run"
    )
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    OUT.mkdir(parents=True, exist_ok=True)
    result = run(args.pages, args.papers, args.seed, args.reuse)
    (OUT / f"search-{args.pages}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        m, i, s, a = result["machine"], result["import"], result["search"], result["add_issue"]
        print(
            f"machine: {m['cpu']}, {m['cores']} cores, {m['system']}, Python {m['python']}, SQLite {m['sqlite']}"
        )
        print(f"archive: {result['archive']['pages']} pages, {result['archive']['bytes'] / 1e6:.1f} MB")
        print(
            f"import: {i['pages_per_s']} pages/s, {i['mb_per_s']} MB/s (parse+store {i['parse_store_s']} s,"
            f" index {i['index_s']} s); library {i['library_mb']} MB, index {i['index_mb']} MB;"
            f" peak RSS {i['peak_rss_mb']} MB (workers {i['peak_rss_worker_mb']} MB)"
        )
        print(
            f"search ({s['queries']} queries x {s['repeat']}): first page of 20 with snippets p50"
            f" {s['first_page_p50_ms']} ms, p95 {s['first_page_p95_ms']} ms, max {s['first_page_max_ms']} ms;"
            f" total+facets p50 {s['count_facets_p50_ms']} ms, p95 {s['count_facets_p95_ms']} ms,"
            f" max {s['count_facets_max_ms']} ms"
        )
        for q in s["per_query"]:
            print(f"  {q['query']!r:28} {q['args']!s:60} {q['total']:>7} hits  page {q['page_ms']:>7} ms"
                  f"  count {q['count_facets_ms']:>7} ms")  # fmt: skip
        print(f"ranked by: {s['ranked_by']}")
        for b in result["block_queries"]:
            print(f"  {b['query']!r:28} {b['args']!s:30} {b['total']:>7} hits  page {b['ms']:>7} ms  {b['kinds']}")
        for name in ("cli_search", "cli_search_small"):
            c = result[name]
            print(f"{name}: whole process p50 {c['p50_ms']} ms, max {c['max_ms']} ms,"
                  f" peak RSS {c['peak_rss_mb']} MB")  # fmt: skip
        print(f"add one {PAGES_PER_ISSUE}-page issue: {a['total_s']} s (parse+store {a['parse_store_s']} s,"
              f" index {a['index_s']} s: check {a['index_check_s']} s, tokenise {a['index_tokenise_s']} s,"
              f" write {a['index_write_s']} s); newsreader import as a process {a['cli_import_s']} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
