"""Benchmark of PDF pages and scans: reading + reconstruction speed, OCR seconds per page, reconstruction accuracy.

Run ``python -m bench.bench_pdf [--pages 40] [--ocr] [--ocr-full N] [--json]``.

- PDF pages with a text layer: laid-out newspaper pages (``tests/material/newspaper.py``, generated first and not
  timed) are read through ``reader.ingest.pipeline.parse_paths`` as an import reads them (pdfium characters,
  layout, articles, metadata); pages/s and ms per page.
- Accuracy on the same pages against their truth: headlines found as a title with their own body, and the share
  of each article's printed characters inside its regions.
- ``--ocr``: seconds per page of OCR + reconstruction, without the cache, on a small page (the test size,
  800 x 1040 px) and on a full page rendered at about 2000 x 2800 px (``--ocr-full N`` pages, default 1), both
  degraded like scans; with character recall and article scores.

- The import of the same PDFs into a new library as ``newsreader import`` does it (the writer's importer: read,
  reconstruct, store; then ``SearchService.sync``): pages/s from file to searchable, the target's measure.
Numbers depend on the machine and its load: the machine line is printed with them.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.machine import describe

log = logging.getLogger(__name__)


def _material(folder: Path, pages: int) -> list[tuple[Path, Any]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from tests.material.newspaper import default_specs, write_pages

    return write_pages(folder, default_specs(pages))


def bench_text_layer(folder: Path, pages: int) -> dict[str, Any]:
    from reader.ingest import pipeline
    from reader.ingest.model import ParsedPage
    from tests.material.evaluate import score_page

    t0 = time.perf_counter()
    written = _material(folder, pages)
    generated = time.perf_counter() - t0
    # Warm-up on one page (imports, the paper directory, pdfium), not timed.
    list(pipeline.parse_paths([written[0][0]], None))
    times: list[float] = []
    parsed: dict[str, ParsedPage] = {}
    last = time.perf_counter()
    start = last
    cpu_start = time.process_time()
    for item in pipeline.parse_paths([folder], None):
        now = time.perf_counter()
        times.append(now - last)
        last = now
        if isinstance(item, ParsedPage):
            parsed[item.source] = item
    total = time.perf_counter() - start
    cpu = time.process_time() - cpu_start  # this process's own CPU time: less sensitive to other load
    found = own = articles = 0
    coverages: list[float] = []
    for path, truth in written:
        page = parsed.get(str(path))
        if page is None:
            continue
        score = score_page(page, truth)
        for art in score.articles:
            articles += 1
            found += art.found is not None and art.title_ratio == 1.0
            own += art.found is not None and art.title_ratio == 1.0 and art.body_recall >= 0.95 \
                and art.body_precision >= 0.95
            coverages.append(art.coverage)
    return {
        "pages": len(parsed),
        "generated_s": round(generated, 2),
        "pages_per_s": round(len(parsed) / total, 1),
        "pages_per_cpu_s": round(len(parsed) / cpu, 1),
        "ms_per_page_median": round(1000 * statistics.median(times), 1),
        "ms_per_page_p95": round(1000 * sorted(times)[int(0.95 * (len(times) - 1))], 1),
        "articles": articles,
        "titles_found": found,
        "titles_with_own_body": own,
        "region_coverage_mean": round(statistics.mean(coverages), 4) if coverages else None,
        "region_coverage_min": round(min(coverages), 4) if coverages else None,
    }


def bench_import(folder: Path, lib_dir: Path) -> dict[str, Any]:
    """Import the PDFs under ``folder`` into a new library at ``lib_dir`` and index them, timed as a whole."""
    import threading

    from reader.jobs import INDEX_STEP, ImportPages
    from reader.library import Library
    from reader.writer import import_op

    stored = 0.0

    def progress(_done: int, _total: int, step: str) -> None:
        nonlocal stored
        if step == INDEX_STEP and not stored:  # the import is done; indexing starts
            stored = time.perf_counter()

    start = time.perf_counter()
    with Library(lib_dir) as library:  # what ``newsreader import`` and the window's writer run
        report = import_op(library, progress, threading.Event(), ImportPages((str(folder),)))
    total = time.perf_counter() - start
    return {
        "pages": report.added,
        "articles": report.articles,
        "skipped": len(report.skipped),
        "skipped_pdf": sum(1 for path, _ in report.skipped if not path.endswith(".json")),  # not the truth files
        "store_s": round(stored - start, 2),
        "index_s": round(total - (stored - start), 2),
        "indexed_pages": report.indexed,
        "pages_per_s": round(report.added / total, 1),
    }


def bench_ocr(folder: Path, full_pages: int) -> dict[str, Any]:
    from reader.ingest import ocr, pipeline
    from tests.material.evaluate import score_page
    from tests.material.newspaper import default_specs, render_scan, small_spec, write_pdf

    t0 = time.perf_counter()
    ocr._load()
    load = time.perf_counter() - t0
    cases = [("small", [small_spec()], 2.0)]
    if full_pages:
        specs = default_specs(full_pages)
        cases.append(("full", specs, 2800 / specs[0].size[1]))
    out: dict[str, Any] = {"engine_load_s": round(load, 2)}
    for name, specs, scale in cases:
        rows = []
        for n, spec in enumerate(specs):
            pdf = folder / f"ocr-{name}-{n}.pdf"
            (truth,) = write_pdf(pdf, [spec])
            scan = folder / f"ocr-{name}-{n}" / "scan.jpg"
            scan.parent.mkdir(exist_ok=True)
            render_scan(pdf, scan, scale=scale, seed=n)
            t, cpu = time.perf_counter(), time.process_time()
            (page,) = pipeline.collect_pages([scan], None).pages
            seconds = time.perf_counter() - t
            cpu = time.process_time() - cpu  # CPU seconds of all of onnxruntime's threads
            score = score_page(page, truth, scale=scale, tolerance=6)
            rows.append({
                "size_px": [round(v) for v in page.page_size or (0, 0)],
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
                "char_recall": round(score.char_recall, 4),
                "articles": len(score.articles),
                "titles_found": sum(a.found is not None and a.title_ratio >= 0.8 for a in score.articles),
                "own_body": sum(a.own_body for a in score.articles),
                "coverage_mean": round(statistics.mean(a.coverage for a in score.articles), 4),
            })
        out[name] = rows
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=40, help="laid-out PDF pages to read and import (default 40)")
    parser.add_argument("--ocr", action="store_true", help="also time OCR (a small page and a full page)")
    parser.add_argument("--ocr-full", type=int, default=1, help="full-size pages to OCR with --ocr (default 1)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    results: dict[str, Any] = {"machine": describe(), "load": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        results["text_layer"] = bench_text_layer(Path(tmp) / "pdf", args.pages)
        results["import"] = bench_import(Path(tmp) / "pdf", Path(tmp) / "lib")
        if args.ocr:
            results["ocr"] = bench_ocr(Path(tmp), args.ocr_full)
    results["load_after"] = os.getloadavg()[0]
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return 0
    t = results["text_layer"]
    print(results["machine"])
    print(f"load average (1 min) before / after: {results['load']:.2f} / {results['load_after']:.2f}")
    print(f"PDF pages with a text layer: {t['pages']} pages, {t['pages_per_s']} pages/s "
          f"(read + reconstruction + metadata; target >= 20 with indexing), "
          f"ms/page median {t['ms_per_page_median']}, p95 {t['ms_per_page_p95']}; "
          f"{t['pages_per_cpu_s']} pages per CPU second of this process")
    print(f"  accuracy: {t['titles_with_own_body']}/{t['articles']} headlines found as a title with their own body "
          f"({t['titles_found']} titles found); region coverage mean {t['region_coverage_mean']}, "
          f"min {t['region_coverage_min']} (target >= 0.95)")
    i = results["import"]
    print(f"  import into a new library, file to searchable: {i['pages']} pages, {i['articles']} articles, "
          f"{i['pages_per_s']} pages/s (store {i['store_s']} s, index {i['index_s']} s; target >= 20 pages/s); "
          f"{i['skipped_pdf']} PDF pages skipped ({i['skipped'] - i['skipped_pdf']} truth .json files beside them)")
    if "ocr" in results:
        o = results["ocr"]
        print(f"OCR engine load: {o['engine_load_s']} s")
        for name in ("small", "full"):
            for row in o.get(name, []):
                print(f"  OCR {name} page {row['size_px'][0]} x {row['size_px'][1]} px: {row['seconds']} s "
                      f"(OCR + reconstruction; {row['cpu_seconds']} CPU s), character recall {row['char_recall']}, "
                      f"{row['own_body']}/{row['articles']} articles with title and own body, "
                      f"region coverage mean {row['coverage_mean']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
