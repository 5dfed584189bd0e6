"""Tests for reader.ingest.reflow: OCR paragraph clean-up into Chinese typography."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest.reflow import (
    cjk_ratio,
    clean_heading,
    is_cjk,
    reflow_paragraphs,
    reflow_text,
    should_join,
)
from tests.conftest import sample_text


def _paragraph_starting(prefix: str, sample: str) -> str:
    (para,) = [p for p in sample_text(sample).split("\n\n") if p.startswith(prefix)]
    return para


# --------------------------------------------------------------------------- whitespace


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("一 排排木质书架", "一排排木质书架"),
        ("市智慧养老服 务平台", "市智慧养老服务平台"),
        ("等19 个模块", "等19个模块"),
        ("社会救助基金会 12 家", "社会救助基金会12家"),
        ("兜底 保障更为有力", "兜底保障更为有力"),
        ("第 9785 期 今日8版", "第9785期今日8版"),
        ("达到3.38万 张", "达到3.38万张"),
        ("兜底\u3000保障\t更为", "兜底保障更为"),
        ("当前,是植树造林的最佳\n时期。", "当前，是植树造林的最佳时期。"),
        ("发送 XCSJB 到 10658300 进行订阅", "发送XCSJB到10658300进行订阅"),
        ("智慧养老 App", "智慧养老App"),
    ],
)
def test_wrap_spaces_in_chinese_are_removed(raw: str, expected: str) -> None:
    assert reflow_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ICBC Bank", "ICBC Bank"),
        ("App 1.0", "App 1.0"),
        ("智慧养老 App 1.0版", "智慧养老App 1.0版"),
        ("国内统一连续出版物号:CN 41-0013", "国内统一连续出版物号：CN 41-0013"),
        ("App   1.0", "App 1.0"),
        ("hello\nworld", "hello world"),
        ("infor-\nmation", "information"),
        ("CN41-\n0013", "CN41-0013"),
        ("  \n 中文 \t ", "中文"),
    ],
)
def test_latin_spaces_are_kept_and_collapsed(raw: str, expected: str) -> None:
    assert reflow_text(raw) == expected


# --------------------------------------------------------------------------- punctuation


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("此外, 在要素保障方面", "此外，在要素保障方面"),
        ("问题;整合现有", "问题；整合现有"),
        ("真的吗?太好了!", "真的吗？太好了！"),
        ("张洪涛表示:冀州区", "张洪涛表示：冀州区"),
        ("占比55%,65岁以上", "占比55%，65岁以上"),
        ("(以下简称《规划》),明确", "（以下简称《规划》），明确"),
        ("进行订阅 (3元/月)", "进行订阅（3元/月）"),
        ("本报讯 (记者李晨阔) 今年以", "本报讯（记者李晨阔）今年以"),
        ("使用(App)登录", "使用（App）登录"),
        ("A(中)B", "A（中）B"),
        ("县(市、区)要严格", "县（市、区）要严格"),
    ],
)
def test_ascii_punctuation_in_chinese_becomes_full_width(raw: str, expected: str) -> None:
    assert reflow_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("总量达到3.38万张", "总量达到3.38万张"),
        ("共1,000人", "共1,000人"),
        ("会议于12:30开始, 14:00结束", "会议于12:30开始，14:00结束"),
        ("时间:12:30", "时间：12:30"),
        ("网址:http://www.21xc.com", "网址：http://www.21xc.com"),
        ("e-mail:xcrbzbs@sina.com", "e-mail:xcrbzbs@sina.com"),
        ("投稿邮箱:xcrbzbs@sina.com,欢迎", "投稿邮箱：xcrbzbs@sina.com，欢迎"),
        ("访问http://x.cn/?q=1;谢谢", "访问http://x.cn/?q=1；谢谢"),
        ("详见www.hsrb.com.cn。", "详见www.hsrb.com.cn。"),
        ("see (fig. 2) below", "see (fig. 2) below"),
    ],
)
def test_numbers_urls_times_and_latin_punctuation_untouched(raw: str, expected: str) -> None:
    assert reflow_text(raw) == expected


def test_periods_are_never_converted() -> None:
    assert reflow_text("增长3.5%.下一步") == "增长3.5%.下一步"


def test_english_sentence_only_whitespace_changes() -> None:
    raw = 'The quick  brown fox, "jumps" over\nthe lazy dog\'s back: 3.5 km (approx.)! Really?'
    assert reflow_text(raw) == (
        'The quick brown fox, "jumps" over the lazy dog\'s back: 3.5 km (approx.)! Really?'
    )


def test_curly_english_quotes_stay_english() -> None:
    assert reflow_text("He said “hi, there” to me.") == "He said “hi, there” to me."


# --------------------------------------------------------------------------- quotes


def test_straight_quotes_alternate() -> None:
    raw = '体系和"智慧养老 App""机构养老服务""社区养老服务"等19 个模块'
    assert reflow_text(raw) == "体系和“智慧养老App”“机构养老服务”“社区养老服务”等19个模块"


def test_single_quotes_nested_in_double() -> None:
    raw = "\"我市科技项目'以赛代评'机制 源自承办中国创新挑战赛。\"李存友 介绍"
    assert reflow_text(raw) == "“我市科技项目‘以赛代评’机制源自承办中国创新挑战赛。”李存友介绍"


def test_single_quotes_around_digits() -> None:
    assert reflow_text("按照'1559' 工作计划") == "按照‘1559’工作计划"


def test_straight_quote_closes_existing_curly_quote() -> None:
    raw = '“没想到,办理完业务后这么快。"姜女士说'
    assert reflow_text(raw) == "“没想到，办理完业务后这么快。”姜女士说"


def test_existing_curly_quotes_stay() -> None:
    text = "“中国好人榜”上榜人物推荐"
    assert reflow_text(text) == text


def test_apostrophe_in_english_word_is_not_a_quote() -> None:
    assert reflow_text("他说 don't worry,好吗?") == "他说don't worry，好吗？"


def test_quote_after_sentence_end_spaces_removed() -> None:
    assert reflow_text('二十大胜利召开。 "双赢" 要提振发展信心。') == "二十大胜利召开。“双赢”要提振发展信心。"


def test_corner_brackets_and_full_width_punctuation_kept() -> None:
    assert reflow_text("他說「我們 走吧」『好』……") == "他說「我們走吧」『好』……"
    assert reflow_text("河北·衡水,——创新") == "河北·衡水，——创新"


def test_traditional_republic_era_text() -> None:
    raw = '（長沙廿三日電）國民政府昨(廿三)日明令, 褒揚"抗戰"將 士'
    assert reflow_text(raw) == "（長沙廿三日電）國民政府昨（廿三）日明令，褒揚“抗戰”將士"


# --------------------------------------------------------------------------- samples


def test_sample_000_first_paragraph() -> None:
    out = reflow_text(_paragraph_starting("许昌颐养中心", "000"))
    for piece in (
        "一排排木质书架",
        "几位老人围坐",
        "市智慧养老服务平台上，",
        "民政系统监管",
        "体系和“智慧养老App”“机构养老服务”“社区养老服务”等19个模块",
        "绝……如今，我市中心城区“15分钟养老服务圈”让老年人在家门口",
    ):
        assert piece in out
    assert not re.search(r"[ ,;:\"]", out)
    assert out.endswith("成为现实。")


def test_sample_000_planning_paragraph_keeps_decimals() -> None:
    out = reflow_text(_paragraph_starting("规划先行", "000"))
    assert "《许昌“十四五”养老服务体系和康养产业发展规划》（以下简称《规划》），" in out
    assert "达到3.38万张，" in out
    assert "占比55%，65岁以上" in out


def test_sample_000_footer_keeps_url_and_email() -> None:
    out = reflow_text(_paragraph_starting("值班编审", "000"))
    assert "E-mail:xcrbzbs@sina.com" in out
    assert "网址：http://www.21xc.com" in out
    assert out.endswith("进行订阅（3元/月）")


def test_sample_004_wrap_spaces() -> None:
    out = reflow_text(_paragraph_starting("巩固失能人员集中供养", "004"))
    assert out.startswith("巩固失能人员集中供养，兜底保障更为有力。市民政局以冀州区、景县")
    assert "社会救助基金会12家" in out
    assert "“物质救助”向“物质救助+身心救助”" in out


# --------------------------------------------------------------------------- headings


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("增进福祉 补齐短板", "增进福祉 补齐短板"),
        ("增进福祉   补齐短板", "增进福祉 补齐短板"),
        ("本报记者 胡晨 通讯员 郭高尚", "本报记者 胡晨 通讯员 郭高尚"),
        ("记者 武芳 通讯员 杨延 昭", "记者 武芳 通讯员 杨延 昭"),
        ("  刘涛在全市疫情防控工作\n视频调度会议上强调 ", "刘涛在全市疫情防控工作视频调度会议上强调"),
        ('襄城县:"联乡帮村"开新局 "乡村振兴"结硕果', "襄城县：“联乡帮村”开新局 “乡村振兴”结硕果"),
        ("本报讯(记者 王利辉)", "本报讯（记者 王利辉）"),
        ("增进福祉, 补齐短板", "增进福祉，补齐短板"),
        ("ICBC 中国工商银行 许昌分行", "ICBC 中国工商银行 许昌分行"),
        ("", ""),
    ],
)
def test_clean_heading(raw: str, expected: str) -> None:
    assert clean_heading(raw) == expected


# --------------------------------------------------------------------------- joining


@pytest.mark.parametrize(
    ("prev", "nxt", "expected"),
    [
        ("当前，是植树造林的最佳时", "期。各项目责任单位要抓紧。", True),
        ("当前，是植树造林的最佳时期。", "各项目责任单位要抓紧。", False),
        ("他说完了！", "大家笑了。", False),
        ("真的吗？", "是的。", False),
        ("坚持市、县、乡、社区", "“四级书记”抓养老", True),
        ("做好三件事，", "，其一", True),
        ("各地要", "、各部门要", True),
        ("全市已培训从业人员", "3.1万人次", True),
        ("the lazy", "dog sleeps.", True),
        ("发送", "XCSJB到10658300", True),
        ("The end", "Another story", False),
        ("他表示：", "“我们将继续努力。”", True),
        ("主要措施如下：", "一是加强领导。", False),
        ("他说“好”", "然后离开", False),
        ("结果如下（见表）", "说明", False),
        ("如今", "……", True),
        ("企业做大做强，", "（下转A2版）", False),
        ("企业做大做强，", "（二）强化保障", False),
        ("企业做大做强，", "一、强化保障", False),
        ("企业做大做强，", "——创新机制强考核", False),
        ("企业做大做强，", "●要闻", False),
        ("", "期。", False),
        ("最佳时", "", False),
    ],
)
def test_should_join(prev: str, nxt: str, expected: bool) -> None:
    assert should_join(prev, nxt) is expected


def test_reflow_paragraphs_joins_column_split() -> None:
    raws = ["当前,是植树造林的最佳时", "", "期。各项目责任单位要抓紧。"]
    assert reflow_paragraphs(raws) == ["当前，是植树造林的最佳时期。各项目责任单位要抓紧。"]


def test_reflow_paragraphs_quote_state_crosses_the_break() -> None:
    raws = ['各级各部门要以"时时放心不', '下"的责任感,确保疫情不反弹。']
    assert reflow_paragraphs(raws) == ["各级各部门要以“时时放心不下”的责任感，确保疫情不反弹。"]


def test_reflow_paragraphs_latin_break_gets_a_space() -> None:
    assert reflow_paragraphs(["The quick brown", "fox jumps."]) == ["The quick brown fox jumps."]


def test_reflow_paragraphs_drops_duplicates_and_empties() -> None:
    raws = ["第一段。", "  \n ", "第二 段。", "第一 段。", "第二段。", "第三段。"]
    assert reflow_paragraphs(raws) == ["第一段。", "第二段。", "第三段。"]


def test_reflow_paragraphs_keeps_order_and_separate_paragraphs() -> None:
    raws = ["甲说了话。", "乙也说了。"]
    assert reflow_paragraphs(raws) == ["甲说了话。", "乙也说了。"]
    assert reflow_paragraphs([]) == []


# --------------------------------------------------------------------------- helpers


def test_is_cjk() -> None:
    assert is_cjk("中")
    assert is_cjk("國")
    assert is_cjk("〇")
    assert is_cjk("\u3400")  # Ext A
    assert is_cjk("\uf900")  # compatibility ideograph
    assert is_cjk("\U00020000")  # Ext B
    for ch in ("a", "1", "，", "。", "あ", "", "中文"):
        assert not is_cjk(ch)


def test_cjk_ratio() -> None:
    assert cjk_ratio("") == 0.0
    assert cjk_ratio("   ") == 0.0
    assert cjk_ratio("中文") == 1.0
    assert cjk_ratio("中文 ab") == 0.5
    assert cjk_ratio("中，") == 0.5


# --------------------------------------------------------------------------- properties

_ALPHABET = "中文国人一的〇國ab XYZ019,:;?!()\"'.-%/@\n\t\u3000，。、：；（）“”‘’《》—…·「」"
_TOKENS = [*_ALPHABET, "http://", "www.", "a.com", "12:30", "1,000", "don't", "infor-\n", "App 1.0"]
_mixed_text = st.one_of(
    st.text(alphabet=_ALPHABET, max_size=60),
    st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join),
)
_PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_PROPS
@given(_mixed_text)
def test_reflow_is_idempotent(s: str) -> None:
    once = reflow_text(s)
    assert reflow_text(once) == once


@_PROPS
@given(_mixed_text)
def test_clean_heading_is_idempotent(s: str) -> None:
    once = clean_heading(s)
    assert clean_heading(once) == once


@_PROPS
@given(_mixed_text)
def test_reflow_loses_no_letters_and_leaves_no_wrap_spaces(s: str) -> None:
    out = reflow_text(s)
    assert "\n" not in out
    assert out == out.strip()
    assert re.findall(r"[\u4e00-\u9fff〇]", out) == re.findall(r"[\u4e00-\u9fff〇]", s)
    assert sorted(re.findall(r"[A-Za-z0-9]", out)) == sorted(re.findall(r"[A-Za-z0-9]", s))
    assert not re.search(r"[\u4e00-\u9fff] |[ \u3000][\u4e00-\u9fff]", out)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises(s: str) -> None:
    assert isinstance(reflow_text(s), str)
    assert isinstance(clean_heading(s), str)
    assert isinstance(should_join(s, s), bool)
    assert isinstance(reflow_paragraphs([s, s[:3], s]), list)
    assert 0.0 <= cjk_ratio(s) <= 1.0


def test_long_single_line_completes() -> None:
    n = 20_000
    raw = "中 文,a (c) " * n  # 200,000 characters with a gap every few characters
    assert len(raw) == 200_000
    # ")" touches 中 on its right, so the pair is Chinese; the last pair has only Latin around it
    assert reflow_text(raw) == "中文，a（c）" * (n - 1) + "中文，a (c)"
    nested = "(" * 100_000 + "中" + ")" * 100_000
    assert reflow_text(nested) == "（" * 100_000 + "中" + "）" * 100_000
