"""Query words without jieba: the dictionary table cuts strings exactly as ``jieba.lcut(s, HMM=False)``, and a
search process never imports jieba."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.search import words
from reader.search.analysis import count_word, segment_words
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def segmenter(tmp_path_factory: pytest.TempPathFactory) -> words.QuerySegmenter:
    path = words.build_table(tmp_path_factory.mktemp("cache"))
    assert path is not None and path.is_file()
    seg = words.QuerySegmenter(path)
    yield seg
    seg.close()


def _corpus() -> str:
    pages = sorted((ROOT / "resources" / "samples").glob("*.txt"))
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in pages)


def test_same_words_as_jieba_on_page_text(segmenter: words.QuerySegmenter) -> None:
    text = _corpus()
    rng = random.Random(5)
    for _ in range(3000):
        start = rng.randrange(len(text))
        s = text[start : start + rng.randint(1, 40)]
        assert segmenter.cut(s) == jieba.lcut(s, HMM=False), s


@pytest.mark.parametrize(
    "s",
    ["的", "发展", "疫情防控", "中国共产党团结带领", "new York Times 2020年4月", "12.5%的人", "CN41-0013",
     "a-b_c", "  空格  测试\r\n换行", "長沙前線戰況", "龘龘", "本报讯(记者 王利辉)", "", " ", "\n", "ＡＢＣ１２３"],
)
def test_same_words_as_jieba_on_odd_strings(segmenter: words.QuerySegmenter, s: str) -> None:
    assert segmenter.cut(s) == jieba.lcut(s, HMM=False)


_COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地"
    "于出就分对成会可主发年动同工也能下过子说产种面而方后多定"
    "行学法所民得经十三之进着等部度家电力里如水化高自二理起小"
    "物现实加量都两体制机当使点从业本去把性好应开它合还因由"
)
_ALPHABET = st.sampled_from(list(_COMMON + " ,.5A-"))


@settings(max_examples=300, deadline=None)
@given(s=st.text(alphabet=_ALPHABET, min_size=1, max_size=30))
def test_same_words_as_jieba_on_generated_strings(segmenter: words.QuerySegmenter, s: str) -> None:
    assert segmenter.cut(s) == jieba.lcut(s, HMM=False)


def test_same_words_as_jieba_on_whole_pages(segmenter: words.QuerySegmenter) -> None:
    """The index segments documents with the table too: whole pages, as jieba.lcut cuts them."""
    for path in sorted((ROOT / "resources" / "samples").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        assert segmenter.cut(text) == jieba.lcut(text, HMM=False), path.name


def test_word_counts_from_the_stored_word_starts() -> None:
    text = _corpus()[:3000]
    found, starts = segment_words(text)
    for w in {w for w in found if len(w) > 1} | {"的", "在", "发展", "许昌市"}:
        assert count_word(text, starts, w) == found.count(w), w


def test_a_search_process_does_not_load_jieba(tmp_path: Path, samples_dir: Path) -> None:
    lib = tmp_path / "lib"
    code = (
        "import sys; from reader.cli import main\n"
        f"assert main(['import', {str(samples_dir)!r}, '--library', {str(lib)!r}]) == 0\n"
        "assert 'jieba' not in sys.modules  # the import indexed with the dictionary table\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True)
    code = (
        "import sys; from reader.cli import main\n"
        f"assert main(['search', '疫情防控 许昌', '--library', {str(lib)!r}]) == 0\n"
        "assert 'jieba' not in sys.modules, 'jieba loaded'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "疫情防控" in done.stdout
