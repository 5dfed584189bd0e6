"""The benchmark archive generator: deterministic, laid out like a real archive, varied and parseable."""

from __future__ import annotations

import datetime as dt
import random
import re
import statistics
from pathlib import Path

import pytest

from bench.generate import PAPERS, generate_archive, generate_page, main, paper_profile, papers_for
from reader.ingest.page import parse_page
from reader.ingest.pathhints import hints_from_path

CJK_SPACE_CJK = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.txt"))}


def pages_of(paper: str, count: int, *, page_no: int = 1, seed: int = 0) -> list[str]:
    out = []
    for i in range(count):
        rng = random.Random(f"{paper}:{page_no}:{seed}:{i}")  # no two papers share a random sequence
        out.append(generate_page(rng, paper, dt.date(2021, 3, 1) + dt.timedelta(days=i), page_no, 100 + i, 8))
    return out


def test_same_seed_same_bytes_and_other_seed_other_bytes(tmp_path: Path) -> None:
    a = generate_archive(tmp_path / "a", papers=2, pages=12, pages_per_issue=4, seed=7)
    b = generate_archive(tmp_path / "b", papers=2, pages=12, pages_per_issue=4, seed=7)
    c = generate_archive(tmp_path / "c", papers=2, pages=12, pages_per_issue=4, seed=8)
    assert a == b
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    other = tree(tmp_path / "c")
    assert other.keys() == tree(tmp_path / "a").keys()  # same layout ...
    assert all(other[k] != v for k, v in tree(tmp_path / "a").items())  # ... but different pages
    assert c.bytes != a.bytes


def test_generate_page_is_a_function_of_its_rng() -> None:
    day = dt.date(2020, 4, 8)
    one = generate_page(random.Random(3), "江川日报", day, 1, 9158, 8)
    two = generate_page(random.Random(3), "江川日报", day, 1, 9158, 8)
    three = generate_page(random.Random(4), "江川日报", day, 1, 9158, 8)
    assert one == two
    assert one != three


def test_a_bigger_archive_starts_with_the_smaller_one(tmp_path: Path) -> None:
    generate_archive(tmp_path / "small", papers=2, pages=6, pages_per_issue=4, seed=1)
    generate_archive(tmp_path / "big", papers=2, pages=10, pages_per_issue=4, seed=1)
    small, big = tree(tmp_path / "small"), tree(tmp_path / "big")
    assert small.items() <= big.items()


def test_layout_and_counts(tmp_path: Path) -> None:
    stats = generate_archive(tmp_path, papers=3, pages=30, pages_per_issue=4, start=dt.date(2015, 1, 30))
    files = sorted(tmp_path.rglob("*.txt"))
    # 3 papers x 4 pages a day: days 1 and 2 fill 24 pages, day 3 gives paper 1 four and paper 2 two.
    assert stats.pages == 30 == len(files)
    assert stats.issues == 8
    names = tree(tmp_path).keys()
    assert "江川日报/2015-01-30/01.txt" in names  # flat layout
    assert "江川日报/2015-02-01/04.txt" in names
    assert "临河晚报/2015/01/30/A01.txt" in names  # nested layout
    assert "临河晚报/2015/02/01/A02.txt" in names
    assert "临河晚报/2015/02/01/A03.txt" not in names  # the archive stopped at 30 pages
    assert not any(n.startswith("青州日报/2015-02-01") for n in names)
    assert {p.relative_to(tmp_path).parts[0] for p in files} == {"江川日报", "临河晚报", "青州日报"}
    assert stats.bytes == sum(p.stat().st_size for p in files)
    texts = [p.read_bytes().decode("utf-8").replace("\r\n", "\n") for p in files]
    assert stats.chars == sum(len(t) for t in texts)
    assert stats.articles >= 2 * stats.pages  # every page has articles, most several


def test_paths_tell_the_parser_paper_date_and_page(tmp_path: Path) -> None:
    generate_archive(tmp_path, papers=6, pages=6 * 3, pages_per_issue=3, start=dt.date(2019, 12, 31))
    for path in tmp_path.rglob("*.txt"):
        hints = hints_from_path(str(path))
        rel = path.relative_to(tmp_path).parts
        assert hints.paper == rel[0]
        assert hints.date == dt.date(2019, 12, 31)
        assert hints.page_label in {"1", "2", "3", "A1", "A2", "A3"}


def test_invented_papers_are_distinct_and_named_like_papers() -> None:
    profiles = papers_for(12)
    names = [p.name for p in profiles]
    assert len(set(names)) == 12
    assert names[: len(PAPERS)] == [p.name for p in PAPERS]
    assert all(n.endswith("报") for n in names)
    assert {p.nested for p in profiles} == {True, False}  # both folder layouts occur
    assert paper_profile("江川日报") is PAPERS[0]
    assert paper_profile("某某晚报").name == "某某晚报"  # an unknown name still gets a profile


def test_pages_are_utf8_with_masthead_on_front_page_only(tmp_path: Path) -> None:
    generate_archive(tmp_path, papers=4, pages=4 * 5, pages_per_issue=5)
    for path in tmp_path.rglob("*.txt"):
        text = path.read_bytes().decode("utf-8")  # strict: raises on invalid UTF-8
        front = path.stem in ("01", "A01")
        profile = paper_profile(path.relative_to(tmp_path).parts[0])
        assert ("今日5版" in text) == front, path
        assert ("国内统一" in text) == front, path
        assert (profile.latin in text) == front, path
        assert bool(re.search(r"第 ?\d+ ?期", text)) == front, path


def test_front_page_masthead_material() -> None:
    day = dt.date(2020, 4, 8)  # a Wednesday, lunar 庚子年三月十六
    text = generate_page(random.Random(1), "江川日报", day, 1, 9158, 8)
    head = text[:400]
    assert "JIANGCHUAN DAILY" in head
    assert "2020年4月8日" in head
    assert "星期三" in head
    assert "农历庚子年三月十六" in head
    assert re.search(r"第 ?9158 ?期", head)
    assert "今日8版" in head
    assert "CN53-0117" in head
    lunar_only = generate_page(random.Random(1), "北塘日报", day, 1, 9158, 8)[:400]
    assert "2020年4月8日" not in lunar_only
    assert "星期三 农历庚子年三月十六" in lunar_only


def test_page_furniture_appears_across_pages() -> None:
    fronts = "\n".join(pages_of("江川日报", 25))
    inner = "\n".join(pages_of("临河晚报", 25, page_no=3))
    both = fronts + inner
    assert "(下转第" in fronts
    assert "(上接A1版)" in inner
    assert "本报讯(记者" in both
    assert re.search(r"本报记者 \S+ 摄", both)
    assert "值班编审 " in fronts
    assert "咨询电话" in both  # adverts
    assert re.search(r"\n——", both)  # subtitles
    assert "(" in both and "," in both and "，" not in both  # OCR's ASCII punctuation
    assert "“" in inner and "“" not in fronts  # curly quotes in one paper, straight in the other
    assert len(CJK_SPACE_CJK.findall(fronts)) > 100  # column-wrap spaces in a paper that has them


def test_vocabulary_is_varied() -> None:
    pages = pages_of("江川日报", 25) + pages_of("青州日报", 25, page_no=2)
    paragraphs = [p.replace(" ", "") for page in pages for p in page.split("\n\n") if len(p) >= 40]
    assert len(paragraphs) > 1000
    duplicates = len(paragraphs) - len(set(paragraphs))
    assert duplicates / len(paragraphs) < 0.05
    text = "".join(pages)
    assert len(set(re.findall(r"[\u4e00-\u9fff]", text))) > 2500
    assert len(set(re.findall(r"\d+(?:\.\d+)?", text))) > 1000  # numbers are varied, not copied


def test_page_sizes_like_the_samples() -> None:
    sizes = [len(p.encode("utf-8")) for p in pages_of("临河晚报", 30, page_no=2)]
    assert 15_000 <= statistics.median(sizes) <= 23_000
    assert min(sizes) > 8_000 and max(sizes) < 35_000
    bigger = [len(p.encode("utf-8")) for p in pages_of("临河晚报", 10, page_no=2, seed=1)]
    four = [
        len(generate_page(random.Random(i), "临河晚报", dt.date(2021, 3, 1), 2, 1, 8, size_factor=4).encode())
        for i in range(10)
    ]
    assert 3 <= sum(four) / sum(bigger) <= 5


@pytest.mark.parametrize("name", [p.name for p in PAPERS])
def test_parser_reads_the_date_and_issue_the_generator_wrote(name: str) -> None:
    profile = paper_profile(name)
    for i, day in enumerate((dt.date(2016, 2, 29), dt.date(2020, 4, 8), dt.date(2023, 12, 31))):
        issue = 3000 + 1234 * i
        text = generate_page(random.Random(i), name, day, 1, issue, 8)
        # A source without hints, except the year a lunar-only masthead needs (as a year folder gives it).
        source = f"archive/{day.year}/scan.txt" if profile.lunar == "only" else "archive/scan.txt"
        meta = parse_page(text, source).meta
        assert meta.date == day, (name, day)
        assert meta.issue_number == issue, (name, day)


def test_cli_writes_an_archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path), "--pages", "5", "--papers", "1", "--seed", "2", "--json"]) == 0
    assert len(list(tmp_path.rglob("*.txt"))) == 5
    assert '"pages": 5' in capsys.readouterr().out
