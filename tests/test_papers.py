"""The paper directory: loading, merging and identifying papers from masthead cues."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from reader.ingest.papers import BUNDLED_PAPERS, PaperDirectory, guess_name


@pytest.fixture(scope="module")
def papers() -> PaperDirectory:
    return PaperDirectory.default()


def test_bundled_file_is_valid_json_with_seed_papers() -> None:
    data = json.loads(BUNDLED_PAPERS.read_text(encoding="utf-8"))
    names = {p["name"] for p in data["papers"]}
    assert {"许昌日报", "衡水日报", "晶报"} <= names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("许昌日报", ("许昌日报", "name")),
        ("許昌日報", ("许昌日报", "name")),  # traditional folds to simplified
        ("许 昌 日 报", ("许昌日报", "name")),  # OCR spaces
        ("晶報", ("晶报", "name")),
        ("XUCHANG DAILY", ("许昌日报", "latin")),
        ("Xuchang  Daily", ("许昌日报", "latin")),
        ("XUCHANGRIBAO", ("许昌日报", "latin")),
        ("HENGSHUIRIBAO", ("衡水日报", "latin")),
        ("HENGSHUI DAILY", ("衡水日报", "latin")),
        ("国内统一连续出版物号:CN 41-0013", ("许昌日报", "serial")),
        ("国内统一刊号: CN41-0013", ("许昌日报", "serial")),
        ("CN41—0013/(F)", ("许昌日报", "serial")),
        ("网址: http://www.21xc.com", ("许昌日报", "domain")),
        ("衡水新闻网:www.hsrb.com.cn", ("衡水日报", "domain")),
        ("www. hsrb. com. cn", ("衡水日报", "domain")),
        ("中共许昌市委机关报", ("许昌日报", "organ")),
        ("中共衡水市委主办", ("衡水日报", "organ")),
    ],
)
def test_identify(papers: PaperDirectory, text: str, expected: tuple[str, str]) -> None:
    assert papers.identify(text) == expected


def test_priority_name_over_latin_over_serial(papers: PaperDirectory) -> None:
    text = "中共许昌市委机关报\nwww.21xc.com\nCN41-0013\nXUCHANG DAILY\n许昌日报"
    assert papers.identify(text) == ("许昌日报", "name")
    assert [cue for _, cue in papers.matches(text)] == ["name", "latin", "serial", "domain", "organ"]
    assert papers.identify("CN41-0013 HENGSHUIRIBAO")[1] == "latin"  # type: ignore[index]


@pytest.mark.parametrize(
    "text",
    ["", "结晶报告显示", "CN41-0014", "www.21xc.com.evil.org", "XUCHANG", "今天天气很好", "CN99-9999"],
)
def test_no_false_identification(papers: PaperDirectory, text: str) -> None:
    assert papers.identify(text) is None


def test_user_file_extends_and_merges(tmp_path: Path) -> None:
    user = tmp_path / "papers.json"
    user.write_text(
        json.dumps(
            {
                "papers": [
                    {"name": "申报", "aliases": ["申報"], "latin": ["SHUN PAO"]},
                    {"name": "許昌日報", "serials": ["CN41-9999"]},  # same paper, traditional spelling
                ]
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    directory = PaperDirectory.load([BUNDLED_PAPERS, user])
    assert directory.identify("申報") == ("申报", "name")
    assert directory.identify("THE SHUN PAO") == ("申报", "latin")
    assert directory.identify("CN41-9999") == ("许昌日报", "serial")
    assert directory.identify("CN41-0013") == ("许昌日报", "serial")
    assert len(directory) == len(PaperDirectory.default()) + 1


@pytest.mark.parametrize(
    "content",
    ["{not json", '{"papers": 5}', "[1, 2]", '{"papers": [{"aliases": ["x"]}]}', "\xff\xfe"],
)
def test_broken_user_file_is_logged_and_ignored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: str
) -> None:
    user = tmp_path / "papers.json"
    user.write_text(content, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="reader.ingest.papers"):
        directory = PaperDirectory.load([BUNDLED_PAPERS, user])
    assert directory.identify("XUCHANG DAILY") == ("许昌日报", "latin")
    assert caplog.records


def test_missing_user_file_is_fine(tmp_path: Path) -> None:
    directory = PaperDirectory.load([BUNDLED_PAPERS, tmp_path / "papers.json"])
    assert len(directory) == len(PaperDirectory.default())


def test_bad_entry_skipped_good_entry_kept(tmp_path: Path) -> None:
    user = tmp_path / "papers.json"
    user.write_text('[{"name": ""}, {"name": "大公报", "latin": 3}, {"name": "新民报"}]', encoding="utf-8")
    directory = PaperDirectory.load([user])
    assert [p.name for p in directory.papers] == ["新民报"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("许昌日报", "许昌日报"),
        ("\n  XUCHANG DAILY\n某某晚报\n", "某某晚报"),
        ("申報", "申報"),
        ("许 昌 日 报", "许昌日报"),
        ("许昌 日报", None),
        ("大公報", "大公報"),
        ("南方都市报", "南方都市报"),
        ("要闻简报", None),
        ("中共许昌市委机关报", None),
        ("喜报", None),
        ("日报", None),
        ("许昌日报社出版", None),
        ("本报讯 记者 王利辉 报", None),
        ("全市经济工作情况统计公报", None),
    ],
)
def test_guess_name(text: str, expected: str | None) -> None:
    assert guess_name(text) == expected
