"""Article reconstruction on pages written for these tests: other papers, traditional text, other OCR layouts."""

from __future__ import annotations

import datetime as dt

from reader.ingest.model import Article, BlockKind, Source
from reader.ingest.page import parse_page

REPUBLIC_PAGE = """晶報

中華民國貳拾捌年四月廿四日 星期一

第三千七百九十八號

前線戰況
我軍克復某城

（長沙廿三日電）我軍昨日向敵發動猛攻,經激戰後克復某城,敵軍向北潰退。

據報,此役斃敵甚眾,我軍士氣大振。（下轉第二版）

本公司新到各色綢緞 價格低廉
歡迎惠顧 電話二三四五 大酬賓
"""

INNER_PAGE = """第2版 要闻

(上接第一版)

会议要求,各地要认真落实各项部署,确保工作取得实效。

市场监管局开展食品安全检查

本报讯(记者 李明 通讯员 张华)11月5日,市市场监管局组织执法人员对城区 农贸市场开展食品安全专项检查。

检查中,执法人员重点查看了经营户的进货台账、索证索票情况。

图为执法人员在检查蔬菜摊位。 本报记者 王强 摄

责任编辑 刘洋 校对 陈静
"""

ONE_LINE_PER_PARAGRAPH = (
    "城市更新进入快车道\n"
    "本报记者 赵文\n"
    "今年以来，我市加快推进城市更新行动，老旧小区改造、背街小巷整治等项目全面开工，群众居住环境明显改善。\n"
    "在东城区，一批老旧小区完成了管网改造和外立面整治，居民们纷纷点赞，认为生活品质有了实实在在的提升。\n"
    "下一步，我市将继续统筹推进城市更新各项任务，确保年底前全面完成既定目标，让群众有更多获得感。\n"
    "市住建局相关负责人表示，将加强质量监管，严格落实安全生产责任，确保每一个项目都经得起检验。\n"
)


def only(articles: list[Article], **fields: object) -> Article:
    found = [a for a in articles if all(getattr(a, k) == v for k, v in fields.items())]
    assert len(found) == 1, [(a.kicker, a.title, a.byline) for a in articles]
    return found[0]


def test_republic_era_traditional_page() -> None:
    page = parse_page(REPUBLIC_PAGE, "archive/scan_0001.txt")
    m = page.meta
    assert m.paper == "晶报" and m.provenance["paper"] == Source.MASTHEAD
    assert m.date == dt.date(1939, 4, 24) and m.provenance["date"] == Source.MASTHEAD
    assert m.issue_number == 3798
    assert m.page == "1" and m.provenance["page"] == Source.INFERRED
    art = only(page.articles, title="我軍克復某城")
    assert art.kicker == "前線戰況"
    assert art.dateline == "（長沙廿三日電）" and art.byline is None  # a telegraph dateline is not an author
    assert art.paragraphs[0] == "我軍昨日向敵發動猛攻，經激戰後克復某城，敵軍向北潰退。"
    assert art.continued_to == "2"
    adverts = [b.text for b in page.blocks if b.kind == BlockKind.ADVERT]
    assert any("綢緞" in t for t in adverts)


def test_inner_page_with_header_jump_caption_and_footer() -> None:
    page = parse_page(INNER_PAGE, "江川日报/2019-03-05/02.txt")
    m = page.meta
    assert m.paper == "江川日报" and m.provenance["paper"] == Source.PATH
    assert m.date == dt.date(2019, 3, 5) and m.provenance["date"] == Source.PATH
    assert m.page == "2" and m.provenance["page"] in (Source.TEXT, Source.PATH)
    continued = only(page.articles, continued_from="1")
    assert continued.paragraphs == ["会议要求，各地要认真落实各项部署，确保工作取得实效。"]
    food = only(page.articles, title="市场监管局开展食品安全检查")
    assert food.byline == "本报讯（记者 李明 通讯员 张华）"
    assert food.paragraphs[0] == "11月5日，市市场监管局组织执法人员对城区农贸市场开展食品安全专项检查。"
    kinds = {b.kind for b in page.blocks}
    assert BlockKind.CAPTION in kinds and BlockKind.FOOTER in kinds
    assert not any("摄" in p for a in page.articles for p in a.paragraphs)


def test_engine_with_one_line_per_paragraph() -> None:
    page = parse_page(ONE_LINE_PER_PARAGRAPH, "page.txt")
    art = only(page.articles, title="城市更新进入快车道")
    assert art.byline == "本报记者 赵文"
    assert len(art.paragraphs) == 4
    assert art.paragraphs[-1].startswith("市住建局相关负责人表示")


def test_headline_lost_still_makes_an_article() -> None:
    text = "近日，市里召开会议，研究部署秋冬季大气污染防治工作。\n\n会议指出，要坚持精准治污、科学治污。"
    page = parse_page(text, "p.txt")
    assert len(page.articles) == 1
    art = page.articles[0]
    assert art.title is None and len(art.paragraphs) == 2


def test_teasers_without_bodies_are_an_index_and_stray_glyphs_are_noise() -> None:
    text = "\n\n".join([
        "本报讯（记者 甲乙）市里召开会议。会议强调，要抓好落实。",
        "今日导读",
        "我市启动冬季供暖工作",
        "全市秋粮收购进度过半",
        "图书馆推出夜间开放服务",
        "服",
    ])
    page = parse_page(text, "p.txt")
    index = [b for b in page.blocks if b.kind == BlockKind.INDEX]
    assert len(index) == 1 and "全市秋粮收购进度过半" in index[0].text
    assert [b.text for b in page.blocks if b.kind == BlockKind.NOISE] == ["服"]


def test_column_break_inside_a_sentence_is_joined() -> None:
    text = "\n\n".join([
        "河道治理见成效",
        "本报讯（记者 孙丽）今年以来，我县投入资金三千万元，对境内主要河道进行了全",
        "面治理，水质明显改善。",
    ])
    art = parse_page(text, "p.txt").articles[0]
    assert art.paragraphs == ["今年以来，我县投入资金三千万元，对境内主要河道进行了全面治理，水质明显改善。"]


def test_markup_in_page_text_is_kept_as_text() -> None:
    text = "标题<script>alert(1)</script>\n\n本报讯（记者 王五）正文<img src=x onerror=alert(1)>内容。"
    page = parse_page(text, "p.txt")
    joined = " ".join(str(a.to_json()) for a in page.articles)
    assert "<script>" in joined and "<img src=x" in joined  # escaping is the renderer's job, nothing is eaten
