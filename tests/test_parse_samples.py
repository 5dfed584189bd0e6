"""The five bundled sample pages, with expectations a careful human reader wrote down by hand."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from reader.ingest.model import Article, BlockKind, ParsedPage, Source
from reader.ingest.page import parse_page
from tests.conftest import SAMPLES

CJK_SPACE_CJK = re.compile(r"[\u4e00-\u9fff][ \t\u3000\n]+[\u4e00-\u9fff]")


def parse(prefix: str) -> ParsedPage:
    (path,) = SAMPLES.glob(f"{prefix}_*.txt")
    return parse_page(path.read_text(encoding="utf-8"), str(path))


def by_title(page: ParsedPage, title: str) -> Article:
    found = [a for a in page.articles if a.title == title]
    assert found, f"no article titled {title!r}; titles: {[a.title for a in page.articles]}"
    return found[0]


def containing(page: ParsedPage, needle: str) -> list[Article]:
    return [a for a in page.articles if any(needle in p for p in a.paragraphs)]


def block_texts(page: ParsedPage, kind: BlockKind) -> list[str]:
    return [b.text for b in page.blocks if b.kind == kind]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_chinese_internal_spaces_in_body(prefix: str) -> None:
    for art in parse(prefix).articles:
        for k, para in enumerate(art.paragraphs):
            if k not in art.subheads:  # interior subheadings keep their deck spaces, like titles
                assert not CJK_SPACE_CJK.search(para), para


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_ascii_comma_or_parenthesis_left_in_chinese_body(prefix: str) -> None:
    for art in parse(prefix).articles:
        for para in art.paragraphs:
            assert not re.search(r"[\u4e00-\u9fff][,:(]|[,:)][\u4e00-\u9fff]", para), para
            assert '"' not in para, para


def test_lunar_only_front_page_000() -> None:
    page = parse("000")
    m = page.meta
    assert m.paper == "许昌日报" and m.provenance["paper"] == Source.MASTHEAD
    assert m.date == dt.date(2022, 10, 11) and m.provenance["date"] == Source.LUNAR
    assert m.issue_number == 9785
    assert m.page_count == 8
    assert m.page == "1" and m.provenance["page"] == Source.INFERRED


def test_articles_of_000() -> None:
    page = parse("000")
    first = page.articles[0]
    assert first.title is None  # the headline was an image the OCR lost
    assert first.paragraphs[0].startswith("许昌颐养中心阅读书画室宽敞明亮，一排排木质书架上")
    assert "市智慧养老服务平台上" in first.paragraphs[0]

    covid = by_title(page, "坚持问题导向 科学精准施策 真正守好许昌防线确保许昌平安")
    assert covid.kicker == "刘涛在全市疫情防控工作视频调度会议上强调"
    assert covid.byline == "本报讯（记者 王利辉）"
    assert covid.paragraphs[0].startswith("10月10日，在收听收看全省新冠肺炎疫情防控工作电视电话会议后")

    brief = by_title(page, "刘涛会见航天宏图公司董事长王宇翔")
    assert brief.section == "要闻简报"
    assert brief.byline == "本报讯（记者王利辉）"

    wang = by_title(page, "全力抓好项目建设等重点工作 以优异成绩迎接党的二十大胜利召开")
    assert wang.kicker == "王堃在建安区开展“万人助企联乡帮村”活动时指出"
    # The column break after "瑞贝卡耐高温" split a sentence: it is one paragraph again.
    assert any("瑞贝卡耐高温纤维发丝生产基地" in p for p in wang.paragraphs)

    liu = [a for a in page.articles if a.kicker == "刘保新在鄢陵县调研“万人助企”工作时强调"]
    assert len(liu) == 1 and liu[0].byline == "本报讯（记者付家宝）"

    xiang = by_title(page, "襄城县：“联乡帮村”开新局 “乡村振兴”结硕果")
    assert xiang.byline == "本报讯（记者 武芳 通讯员 杨延 昭 曹伟）"
    assert xiang.continued_to == "2"
    assert xiang.paragraphs[-1].endswith("提升“执行力”。")

    index = block_texts(page, BlockKind.INDEX)
    assert any("黄旭东到国家许昌经济技术开发区" in t and "卢希望主持召开" in t for t in index)
    assert any("值班编审" in t for t in block_texts(page, BlockKind.FOOTER))
    assert any("新闻热线" in t for t in block_texts(page, BlockKind.FOOTER))
    assert {"服", "X"} <= set(block_texts(page, BlockKind.NOISE))
    assert any("CN 41-0013" in t for t in block_texts(page, BlockKind.MASTHEAD))


def test_front_page_001() -> None:
    page = parse("001")
    m = page.meta
    assert (m.paper, m.date, m.issue_number, m.page) == ("许昌日报", dt.date(2020, 4, 8), 9158, "1")
    assert m.page_count is None and m.provenance["page_count"] == Source.UNKNOWN
    adverts = block_texts(page, BlockKind.ADVERT)
    assert any("ICBC" in t for t in adverts) and any("让幸福来的早一点" in t for t in adverts)
    assert not containing(page, "工银信用卡")

    poverty = by_title(page, "长葛市『两网』键通『精准定位拔穷根』")
    assert poverty.section == "决战决胜脱贫攻坚"
    assert poverty.kicker == "织『民情信息网』建『帮扶资源网』"
    assert poverty.byline == "本报讯（左瑞君 李晓艺 李全林）"
    assert poverty.paragraphs[0].startswith("清明前后，种瓜点豆。")

    meeting = by_title(page, "坚决克服麻痹松懈思想 一以贯之抓实疫情防控")
    assert meeting.kicker == "史根治在市疫情防控指挥部第74次日例会上强调"

    trees = by_title(page, "春季造林正当时 共为城市披绿装")
    assert trees.byline == "本报记者 胡晨 通讯员 郭高尚"
    assert trees.continued_to == "8"
    assert any(p.startswith("当前，是植树造林的最佳时期。各项目责任单位") for p in trees.paragraphs)


def test_inner_page_002() -> None:
    page = parse("002")
    m = page.meta
    assert (m.paper, m.date, m.issue_number, m.page) == (None, None, None, None)
    assert all(v == Source.UNKNOWN for v in m.provenance.values())

    weekly = by_title(page, "中心城区第三十五次城建重点项目周例会召开")
    assert weekly.subtitle == "卢希望出席并讲话"
    assert weekly.byline == "本报讯（记者 胡晨）"
    assert any(p.startswith("听取市自然资源和规划部门关于土地出让管理工作的有关情况汇报后，卢希望指出")
               for p in weekly.paragraphs)

    continued = [a for a in page.articles if a.continued_from == "1"]
    assert len(continued) == 2
    assert by_title(page, "许昌市政协关于学习贯彻中国共产党许昌市第八次代表大会精神的决议").continued_from == "1"
    # OCR printed one paragraph twice, once as debris in the previous article: it is shown once.
    assert len(containing(page, "围绕产业链部署创新链，围绕创新链布局产业链。")) == 1

    tang = by_title(page, "真情培育千树茂 一片丹心育后人")
    assert tang.subtitle == "——记“全国关心下一代工作先进工作者”唐聚圈"
    assert tang.byline == "本报讯（张文哲）"

    digital = by_title(page, "我市9月份数字化城市管理绩效考核成绩出炉")
    assert digital.subtitle is not None and digital.subtitle.startswith("东城区、市城乡一体化示范区成绩优秀")
    tables = block_texts(page, BlockKind.TABLE)
    assert any("襄城县(99.07分 优秀等次)" in t and "绩效考核得分情况" in t for t in tables)


def test_front_page_003() -> None:
    page = parse("003")
    m = page.meta
    assert (m.paper, m.date, m.issue_number, m.page) == ("许昌日报", dt.date(2020, 7, 15), 9226, "1")

    review = by_title(page, "根到深处 枝叶繁")
    assert review.subtitle == "——我市持续完善创文工作机制综述"
    assert review.byline == "本报记者 朱庆安"
    assert "健全机制 凝聚合力" in [review.paragraphs[i] for i in review.subheads]
    assert review.continued_to == "8"

    ma = by_title(page, "扛稳政治责任 提升帮扶实效 助力浙川县脱贫攻坚如期全面收官")
    assert ma.kicker == "马正兰在浙川调研结对帮扶脱贫攻坚工作时强调"

    note = by_title(page, "“文明牌”更需打出“民心味”")
    assert note.section == "记者手记"
    assert note.byline == "许廷合"
    assert note.continued_to == "8"

    yu = by_title(page, "打好健康扶贫“组合拳” 织密贫困人口医疗保障网")
    assert yu.byline == "本报讯（吴辉 苗朝帅）"
    assert yu.continued_to == "8"
    assert len(containing(page, "建立贫困人口实时参保及资助机制")) == 1

    assert any("乔利峰 摄" in t for t in block_texts(page, BlockKind.CAPTION))
    assert any("方婷到长葛市督导文明城市创建和脱贫攻坚工作" in t for t in block_texts(page, BlockKind.INDEX))


def test_front_page_004_hengshui() -> None:
    page = parse("004")
    m = page.meta
    assert (m.paper, m.date, m.page) == ("衡水日报", dt.date(2021, 12, 3), "1")
    assert m.provenance["paper"] == Source.MASTHEAD
    assert m.issue_number is None

    xinhua = page.articles[0]
    # A wire dateline names place, day and agency, not an author (issue 16): it is the dateline, not the byline.
    assert xinhua.dateline == "新华社北京12月2日电" and xinhua.byline is None
    assert xinhua.paragraphs[0].startswith("12月2日，国家主席习近平在北京向2021年“读懂中国”国际会议（广州）开幕式")

    welfare = by_title(page, "我市筑牢民生保障体系绘就幸福底色")
    assert welfare.kicker == "增进福祉 补齐短板"
    assert welfare.byline == "本报讯（记者冯丽娜）"
    assert welfare.section is not None and welfare.section.startswith("习近平新时代中国特色社会主义思想")

    vaccine = [a for a in page.articles if a.section == "衡水新闻发布"]
    assert len(vaccine) == 1 and vaccine[0].title is not None and vaccine[0].title.startswith("景县全力以赴")

    interview = by_title(page, "谱写富美冀州生态湖城建设新篇章")
    assert interview.subtitle == "访冀州区委书记张洪涛"
    assert interview.byline == "本报记者 王斌"
    assert interview.continued_to == "A2"

    assert any("陈康 摄" in t for t in block_texts(page, BlockKind.CAPTION))
    assert "县市区党政主要负责人访谈" in block_texts(page, BlockKind.SECTION)
