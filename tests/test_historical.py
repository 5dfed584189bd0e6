"""Republic-era dailies and tabloids (issue 16): datelines, pen names, serials, verse, briefs, adverts, dates.

Every page here was written for these tests in the style of 1930s papers; none is a transcription.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from reader.ingest import dense
from reader.ingest.issues import resolve_issues
from reader.ingest.model import Article, BlockKind, ParsedPage, Source
from reader.ingest.page import parse_page
from reader.search.fold import fold


def only(page: ParsedPage, **fields: object) -> Article:
    found = [a for a in page.articles if all(getattr(a, k) == v for k, v in fields.items())]
    assert len(found) == 1, [(a.title, a.byline, a.dateline) for a in page.articles]
    return found[0]


def text_of(page: ParsedPage) -> str:
    return "".join(p for a in page.articles for p in a.paragraphs)


WIRE_COLUMN = """中央全會昨日閉幕
通過重要議案十餘件
（南京二日中央社電）中央執行委員會第二次全體會議、二日上午舉行閉幕典禮、到中委一百餘人。
又電 全會通過之議案、計有整理財政案、充實國防案等十餘件、均交中央政治委員會分別辦理。
平津學生請願
（北平二日專電）平津各校學生代表三十餘人、今晨齊集懷仁堂、向當局請願、當局允予轉呈中央核辦。
日閣議決增兵華北
（東京二日路透電）日本內閣今日舉行臨時閣議、決定增派陸軍一師團赴華北、此舉已引起各國之注意。
中央社漢口三日電 長江水位續漲、漢口海關水標已達四十二尺、防汛委員會已令各段加緊防護。
（本報特訊）本市公安局昨在日租界附近破獲販□機關一處、拘獲男女犯六名、均已解送法院訊辦。
"""


def test_each_dateline_starts_an_item_and_is_a_dateline_not_an_author() -> None:
    page = parse_page(WIRE_COLUMN, "p.txt")
    assert [a.dateline for a in page.articles] == [
        "（南京二日中央社電）", "（北平二日專電）", "（東京二日路透電）", "中央社漢口三日電", "（本報特訊）",
    ]
    assert all(a.byline is None for a in page.articles)
    plenum = only(page, title="中央全會昨日閉幕")
    assert plenum.subtitle == "通過重要議案十餘件"  # Republic papers print the main line first
    assert any(p.startswith("又電") for p in plenum.paragraphs)  # a second telegram goes on, no new item
    assert only(page, title="日閣議決增兵華北").paragraphs[0].startswith("日本內閣今日舉行臨時閣議")
    assert not any(a.title and a.title.startswith("（") for a in page.articles)


def test_modern_reporter_datelines_stay_bylines() -> None:
    page = parse_page("河道治理见成效\n\n本报讯（记者 孙丽）今年以来，我县对境内主要河道进行了全面治理。", "p.txt")
    art = only(page, title="河道治理见成效")
    assert art.byline == "本报讯（记者 孙丽）" and art.dateline is None


PEN_NAMES = """論新劇之前途（半農）
新劇之在吾國、發軔於清末、迄今不過三十年、其間盛衰起伏、屢有變遷、論者每謂新劇已至末路、余獨以為不然。
跑馬廳之一瞥
（阿木）
星期六之跑馬、觀者如堵、中外仕女、衣香鬢影、極一時之盛、頭彩為某洋行職員所得、亦云幸矣。
某要人之公館
◎天虛我生
某要人新在滬西購地建屋、佔地二十餘畝、內有花園池沼、費款數十萬元、亦近來滬上之盛事也。
某舞星之新歡 阿龍
某舞星近與某洋行買辦過從甚密、每晚必同赴某飯店跳舞、舞罷則驅車同歸、人皆豔羨之。
"""


def test_a_name_in_parentheses_or_after_a_mark_is_the_byline_never_the_title() -> None:
    page = parse_page(PEN_NAMES, "p.txt")
    got = [(a.title, a.byline) for a in page.articles]
    assert got == [("論新劇之前途", "半農"), ("跑馬廳之一瞥", "阿木"), ("某要人之公館", "天虛我生"),
                   ("某舞星之新歡", "阿龍")]
    assert page.articles[1].paragraphs[0].startswith("星期六之跑馬")


def test_a_spaced_last_deck_of_a_modern_headline_is_not_an_author() -> None:
    text = "根到深处 枝叶繁\n\n本报记者 朱庆安\n\n建全国文明城市的号角。经过不懈努力，我市首次荣获称号。"
    art = parse_page(text, "p.txt").articles[0]
    assert art.title == "根到深处 枝叶繁" and art.byline == "本报记者 朱庆安"


SERIAL = """滬聲副刊 第一百零二期

長篇小說
春申舊夢（四十一）
碧梧
第十二回 訪舊侶重遊愚園路 話前塵淚灑黃浦江

前文提要 柳君自北平南下、寄居友人家中、一日偶遇舊識陳小姐、約往愚園路某宅一敘。

那天柳君到了愚園路、只見那宅子依舊是白牆紅瓦、門前兩株梧桐、比從前高了許多、他站在門口、心裏一陣酸楚、

想起當年在這裏讀書的光景、彷彿還是昨天的事情。

（未完）

秋夜雜詠（三） 寄鶴
獨坐寒窗聽雨聲
孤燈一盞伴書生
十年湖海飄零客
夢裏家山分外明
"""


def test_a_serial_instalment_is_an_article_with_its_series_and_a_numbered_poem_is_not() -> None:
    page = parse_page(SERIAL, "p.txt")
    assert not any(b.kind == BlockKind.INDEX for b in page.blocks)
    novel = only(page, title="春申舊夢")
    assert novel.byline == "碧梧"
    assert novel.series is not None
    assert (novel.series.title, novel.series.number) == ("春申舊夢", 41)
    assert novel.series.chapter == "第十二回 訪舊侶重遊愚園路 話前塵淚灑黃浦江"
    assert novel.paragraphs[0].startswith("前文提要")
    assert any("想起當年在這裏讀書的光景" in p for p in novel.paragraphs)  # the column break is joined
    assert novel.to_json()["series"] == {"title": "春申舊夢", "number": 41,
                                         "chapter": "第十二回 訪舊侶重遊愚園路 話前塵淚灑黃浦江"}
    poem = only(page, title="秋夜雜詠（三）")
    assert poem.series is None and poem.byline == "寄鶴"
    assert poem.verse and poem.paragraphs == ["獨坐寒窗聽雨聲", "孤燈一盞伴書生", "十年湖海飄零客", "夢裏家山分外明"]


def test_a_one_line_serial_heading_and_continuation_marks() -> None:
    text = ("長篇小說 春申舊夢（四十二） 碧梧\n第十二回 訪舊侶重遊愚園路 話前塵淚灑黃浦江（續）\n"
            "（續昨）兩人進了客廳、分賓主坐下、女僕送上茶來、陳小姐問起柳君這幾年的行蹤、（未完）\n"
            "江湖異聞（十五） 劍廬\n（續昨）話說那漢子一刀劈來、李三急忙閃過、順手抄起板凳、迎面打去、（未完）\n")
    page = parse_page(text, "p.txt")
    novel = only(page, title="春申舊夢")
    assert novel.series is not None and novel.series.number == 42 and novel.byline == "碧梧"
    assert novel.series.chapter == "第十二回 訪舊侶重遊愚園路 話前塵淚灑黃浦江"  # "（續）" is not the chapter
    other = only(page, title="江湖異聞")
    assert other.series is not None and other.series.number == 15 and other.byline == "劍廬"


def test_verse_printed_two_lines_to_a_row_or_joined_by_circles_keeps_its_lines() -> None:
    text = ("什剎海竹枝詞 綠萼\n十里荷花映水紅 遊人來往畫橋東\n夕陽影裏歸舟晚 一曲清歌蕩晚風\n\n"
            "題畫（石隱）\n遠山如黛水如煙○漁舟唱晚泊江邊○誰家茅屋斜陽裏○一樹梅花照客船○\n")
    page = parse_page(text, "p.txt")
    bamboo = only(page, title="什剎海竹枝詞")
    assert bamboo.verse and len(bamboo.paragraphs) == 4 and bamboo.paragraphs[0] == "十里荷花映水紅"
    painting = only(page, title="題畫")
    assert painting.verse and painting.byline == "石隱" and len(painting.paragraphs) == 4


def test_prose_punctuated_with_circles_is_not_verse() -> None:
    text = "談國貨\n◎天虛我生\n吾國自通商以來○洋貨充斥○國貨日見衰落○年來提倡國貨之聲○雖甚囂塵上○而收效甚微也○\n"
    art = parse_page(text, "p.txt").articles[0]
    assert art.title == "談國貨" and art.byline == "天虛我生" and not art.verse


def test_a_news_brief_column_is_one_article_with_subheads_not_noise() -> None:
    runin = ("商業簡報\n○米市 昨日本埠米市、到貨稀少、價略見漲、\n○紗花 紗市昨趨疲軟、較前日跌一元、\n"
             "○標金 標金昨開盤一千一百二十元、收盤一千一百十五元、\n【匯兌】 英匯一先令二便士半、美匯三十元。\n")
    page = parse_page(runin, "p.txt")
    assert not page.blocks
    brief = only(page, title="商業簡報")
    assert [brief.paragraphs[i] for i in brief.subheads] == ["米市", "紗花", "標金", "匯兌"]
    assert brief.paragraphs[brief.subheads[0] + 1].startswith("昨日本埠米市")
    own_lines = ("市況簡報\n\n米市\n\n昨日京市米市、到貨約三千石、價格略跌。\n\n"
                 "麵粉\n\n兵船牌麵粉每袋三元一角、較前日跌二分半。\n")
    page = parse_page(own_lines, "p.txt")
    assert not any(b.kind == BlockKind.NOISE for b in page.blocks)
    brief = only(page, title="市況簡報")
    assert [brief.paragraphs[i] for i in brief.subheads] == ["米市", "麵粉"]


ADVERTS = """五洲大藥房
人造自來血
專治血虧氣弱 面黃肌瘦
每瓶大洋一元二角
總發行所 上海四馬路五洲大藥房
電話九一二三四

老九章綢緞局
新到各色綢緞 花樣翻新 價目克己
地址南京路一百號 電話一二三四五

南京路汽車撞傷行人
（本報訊）昨日下午四時、南京路浙江路口、有汽車一輛將行人某甲撞倒、當由巡捕電話叫救護車送往醫院救治。
"""


def test_adverts_with_prices_addresses_and_phone_numbers_are_advert_blocks() -> None:
    page = parse_page(ADVERTS, "p.txt")
    adverts = [b.text for b in page.blocks if b.kind == BlockKind.ADVERT]
    assert any("五洲大藥房" in t and "電話九一二三四" in t for t in adverts)
    assert any("老九章綢緞局" in t for t in adverts)
    news = only(page, title="南京路汽車撞傷行人")  # prose that names a street and a telephone stays news
    assert news.dateline == "（本報訊）"
    assert all(any(p.strip() for p in a.paragraphs) for a in page.articles)  # no empty article


MASTHEAD = """大江日報 中華民國二十四年十月十三日 星期日 第三千三百十九號 本日出版兩大張

本報館設南京太平路一百號 電話二三四五六

蔣委員長抵漢
（漢口十二日中央社電）蔣委員長十二日午乘專輪由京抵漢、各機關團體代表數千人在江岸歡迎。
"""


def test_republic_masthead_with_the_name_first_on_the_line() -> None:
    page = parse_page(MASTHEAD, "scan/0001.txt")
    m = page.meta
    assert (m.paper, m.date, m.issue_number, m.page) == ("大江日報", dt.date(1935, 10, 13), 3319, "1")
    assert m.provenance["date"] == Source.MASTHEAD
    assert not page.warnings
    assert [b.kind for b in page.blocks] == [BlockKind.MASTHEAD, BlockKind.MASTHEAD]


def test_page_header_after_the_paper_name_gives_the_page_and_a_supplement_number_is_no_issue_number() -> None:
    page = parse_page("北辰報 第二版 國際要聞\n\n（上接第一版）\n我國代表當即起立聲明、謂中國政府完全接受。", "x.txt")
    assert page.meta.page == "2" and page.meta.paper == "北辰報"
    page = parse_page("滬聲副刊 第一百零二期\n\n春日郊行\n◎聽濤\n出郭春風暖\n沿堤柳色新\n野花隨處發\n啼鳥不知人\n",
                      "x.txt")
    assert page.meta.issue_number is None and page.meta.page is None
    assert only(page, title="春日郊行").verse


def test_a_weekday_that_does_not_fall_on_the_printed_date_is_flagged() -> None:
    page = parse_page("滬聲報\n\n中華民國二十五年五月三日 星期一\n\n第二千一百零五號", "x.txt")
    assert page.meta.date == dt.date(1936, 5, 3)  # a Sunday: the date is kept, the disagreement shown
    assert "weekday_conflict" in page.meta.flags
    assert any("星期一" in w for w in page.warnings)


def _front(day: str, number: str) -> str:
    return (f"滬聲報\n\n中華民國二十五年五月{day}日\n\n第{number}號\n\n"
            "中央全會閉幕\n（南京二日中央社電）中委一百餘人到會。")


def _inner(day: str, label: str) -> str:
    return (f"滬聲報 中華民國二十五年五月{day}日 {label}\n\n"
            "京市籌辦平民住宅\n（南京二日中央社電）京市府決在城北建築平民住宅。")


def test_a_page_whose_printed_date_disagrees_with_its_siblings_is_flagged_and_filed_with_them() -> None:
    pages = [parse_page(_front("三", "二千一百零五"), "issue/1.txt"), parse_page(_inner("三", "第三版"), "issue/3.txt"),
             parse_page(_inner("四", "第二版"), "issue/2.txt")]
    resolve_issues(pages)
    odd = pages[2]
    assert odd.meta.date == dt.date(1936, 5, 3) and odd.meta.provenance["date"] == Source.SIBLING
    assert odd.meta.issue_number == 2105  # it joined the issue, so it learns the issue number too
    flag = odd.meta.flags["date_conflict"]
    assert flag["printed"] == "1936-05-04" and flag["issue"] == "1936-05-03" and flag["filed"] is True
    assert any("1936-05-04" in w for w in odd.warnings)
    assert odd.to_json()["flags"]["date_conflict"]["printed"] == "1936-05-04"  # what parse --json prints
    assert not pages[0].meta.flags and not pages[1].meta.flags


def test_a_disagreeing_page_with_another_issue_number_stays_apart_but_is_flagged() -> None:
    pages = [parse_page(_front("三", "二千一百零五"), "f/1.txt"), parse_page(_inner("三", "第三版"), "f/3.txt"),
             parse_page(_front("四", "二千一百零六"), "f/9.txt")]
    resolve_issues(pages)
    assert pages[2].meta.date == dt.date(1936, 5, 4)
    assert pages[2].meta.flags["date_conflict"]["filed"] is False


def test_a_folder_of_different_days_is_not_flagged() -> None:
    pages = [parse_page(_front(day, "二千一百零五"), f"month/{n}.txt") for n, day in enumerate(("三", "四", "五"))]
    resolve_issues(pages)
    assert [p.meta.date for p in pages] == [dt.date(1936, 5, d) for d in (3, 4, 5)]
    assert not any(p.meta.flags for p in pages)


def test_traditional_variants_and_unreadable_marks_are_kept_as_printed_and_folded_for_search() -> None:
    text = "劇評\n（本報訊）某伶旣歸、囘滬以後、爲某舞台所聘、〓□未詳、擧座皆驚。"
    body = text_of(parse_page(text, "p.txt"))
    for ch in "旣囘爲〓□擧":
        assert ch in body
    assert fold("囘滬") == fold("回沪") and fold("爲") == fold("为") and fold("旣") == fold("既")
    assert fold("擧座") == fold("舉座") == fold("举座")


def test_modern_pages_are_read_as_before() -> None:
    text = ("城市更新进入快车道\n\n本报记者 赵文\n\n今年以来，我市加快推进城市更新行动，老旧小区改造全面开工。\n\n"
            "健全机制 凝聚合力\n\n下一步，我市将继续统筹推进城市更新各项任务。")
    art = parse_page(text, "p.txt").articles[0]
    assert art.byline == "本报记者 赵文" and [art.paragraphs[i] for i in art.subheads] == ["健全机制 凝聚合力"]
    assert not art.verse and art.series is None and art.dateline is None


@pytest.mark.parametrize("line, kind", [
    ("（南京五日中央社電）行政院今日", dense.DATELINE),
    ("（又電）某師長親赴前線督戰", dense.BODY),
    ("（半農）", dense.NAME),
    ("論新劇之前途（半農）", dense.TITLE_NAME),
    ("春申舊夢（四十一）", dense.NUMBERED),
    ("第十二回 訪舊侶重遊愚園路", dense.CHAPTER),
    ("（未完）", dense.END),
    ("○米市 昨日本埠米市", dense.BRIEF),
    ("長篇小說", dense.GENRE),
])
def test_line_kinds(line: str, kind: str) -> None:
    assert dense.line_kind(line, traditional=True) == kind


def test_parse_json_carries_the_new_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reader import cli

    (tmp_path / "p.txt").write_text(SERIAL + "\n" + WIRE_COLUMN, encoding="utf-8")
    assert cli.main(["parse", "--json", str(tmp_path / "p.txt")]) == 0
    page = json.loads(capsys.readouterr().out)["pages"][0]
    assert page["flags"] == {}
    novel = next(a for a in page["articles"] if a["title"] == "春申舊夢")
    assert novel["series"]["number"] == 41 and novel["verse"] is False and novel["dateline"] is None
    assert any(a["verse"] for a in page["articles"])
    assert any(a["dateline"] == "（北平二日專電）" for a in page["articles"])


def test_a_price_table_is_a_table_and_a_paid_notice_is_an_advert() -> None:
    text = ("匯兌行市（昨日）\n英匯 一先令三便士\n美匯 三十一元二角\n日匯 一百零六元\n法匯 四百七十法郎\n\n"
            "結婚啟事\n我倆承雙方家長同意 於本月十日在新新酒樓舉行結婚典禮 恐親友未及周知 特此登報\n"
            "張志明 李淑貞同啟\n\n"
            "南市自來水加價\n（本報訊）南市自來水公司、以煤價飛漲、呈准市府、每千加侖水價增加二角。\n")
    page = parse_page(text, "p.txt")
    assert [b.kind for b in page.blocks] == [BlockKind.TABLE, BlockKind.ADVERT]
    assert "法匯" in page.blocks[0].text and "同啟" in page.blocks[1].text
    assert [a.title for a in page.articles] == ["南市自來水加價"]


def test_a_folder_named_by_date_outvotes_a_misprinted_page() -> None:
    folder = "滬聲報/1936-05-03"
    pages = [parse_page(_inner("四", "第二版"), f"{folder}/02.txt"),
             parse_page("副刊\n\n春日郊行\n◎聽濤\n出郭春風暖\n沿堤柳色新\n野花隨處發\n啼鳥不知人\n",
                        f"{folder}/09.txt"),
             parse_page("本埠新聞\n\n市府舉行紀念週\n（本報訊）市長親臨主席。", f"{folder}/03.txt")]
    assert pages[0].meta.date == dt.date(1936, 5, 4) and pages[1].meta.provenance["date"] == Source.PATH
    resolve_issues(pages)
    assert pages[0].meta.date == dt.date(1936, 5, 3)
    assert pages[0].meta.flags["date_conflict"]["printed"] == "1936-05-04"
    assert not pages[1].meta.flags and not pages[2].meta.flags
