"""The title grammar: every row's examples, and the series it forms from the site's whole
archive (``../shared/site/archive.tsv``, read at test time): golden series and invariants."""

from __future__ import annotations

import unicodedata

import pytest

from seriesbook import titles
from seriesbook.model import IndexEntry
from tests.support.archive_site import read_archive_tsv
from tests.support.paths import SHARED
from tests.support.prereq import need_path

ARCHIVE_TSV = "site/archive.tsv"


@pytest.mark.parametrize("rule", titles.NUMBERED, ids=lambda r: r.examples[0][0])
def test_every_numbered_rule_gives_its_examples(rule):
    for title, (series, part, subpart) in rule.examples:
        info = titles.parse(title)
        assert (info.series, info.part, info.subpart) == (series, part, subpart), title


@pytest.mark.parametrize("rule", titles.NAMED, ids=lambda r: r.examples[0][0])
def test_every_name_rule_gives_its_examples(rule):
    for title, (series,) in rule.examples:
        assert titles.named(title, rule) == series, title


def _entries(*titles_and_dates):
    return [IndexEntry(i, t, d) for i, (t, d) in enumerate(titles_and_dates, 1)]


def test_a_single_post_is_not_a_series():
    assert titles.group(_entries(("甲（一）：a", "2020-01-01"), ("“乙”：b", "2020-01-02"), ("丙之c", None))) == []


def test_halves_are_renumbered_and_unnumbered_members_follow_by_date():
    groups = titles.group(_entries(("某运动（下）", "2020-02-01"), ("某运动（上）", "2020-01-01"),
                                   ("讨论", "2019-01-01"), ("讨论(二)", "2019-02-01")))
    assert [(s.name, [(p.title, p.part) for p in s.posts]) for s in groups] == [
        ("某运动", [("某运动（上）", 1), ("某运动（下）", 2)]),
        ("讨论", [("讨论", None), ("讨论(二)", 2)])]


def test_a_series_renamed_midway_is_one_series_unless_parts_collide():
    renamed = titles.group(_entries(("积分法——符号内取微分(1)", "2012-01-01"), ("积分法——符号内取微分(2)", "2012-01-02"),
                                    ("积分法(3)：综合", "2013-01-01"), ("积分法(4)：高斯", "2013-01-02")))
    assert [(s.name, len(s.posts)) for s in renamed] == [("积分法", 4)]
    clash = titles.group(_entries(("甲——乙(1)", "2012"), ("甲——乙(2)", "2012"), ("甲(1)：x", "2013"), ("甲(2)：y", "2013")))
    assert sorted(s.name for s in clash) == ["甲", "甲——乙"]


def test_category_names_form_no_series():
    assert titles.group(_entries(("科学空间：2010年5月重要天象", "2010-05-01"), ("科学空间：2010年6月重要天象", "2010-06-01"),
                                 ("【备忘】a", "2010"), ("【备忘】b", "2010"))) == []


# ---------------------------------------------------------------- the site's real archive

@pytest.fixture(scope="module")
def archive():
    entries = read_archive_tsv(need_path(SHARED / ARCHIVE_TSV))
    return entries, {s.name: s for s in titles.group(entries)}


#: Every series the grammar forms from archive.tsv, with its number of posts.
GOLDEN = {
    "让炼丹更科学一些": 7, "MoE环游记": 9, "流形上的最速下降": 6, "MuP之上": 4, "基于流式幂迭代的Muon实现": 5,
    "生成扩散模型漫谈": 31, "AdamW的Weight RMS的渐近估计": 2, "重新思考学习率与Batch Size": 4,
    "Cool Papers更新": 2, "Transformer升级之路": 21, "通过msign来计算奇异值裁剪mclip": 2,
    "msign算子的Newton-Schulz迭代": 2, "智能家居": 3, "细水长flow": 5, "低秩近似之路": 5,
    "“闭门造车”之多模态思路浅谈": 3, "对齐全量微调！这是我看过最精彩的LoRA改进": 2, "重温SSM": 4, "CoSENT": 3,
    "GPLinker": 2, "多任务学习漫谈": 3, "变分自编码器": 8, "bert4keras在手，baseline我有": 2,
    "让人惊叹的Johnson-Lindenstrauss引理": 2, "搜出来的文本": 4, "从动力学角度看优化算法": 7, "最小熵原理": 6,
    "让Keras更酷一些！": 7, "能量视角下的GAN模型": 3, "更别致的词向量模型": 6, "不可思议的Word2Vec": 6,
    "通用爬虫探索": 3, "文本情感分类": 4, "中文分词系列": 8, "SVD分解": 3, "外微分浅谈": 7, "理解黎曼几何": 8,
    "OCR技术浅探": 10, "路径积分": 5, "“熵”不起：从熵、最大熵原理到最大熵模型": 3, "高斯型积分的微扰展开": 3,
    "当概率遇上复变": 4, "从费马大定理谈起": 12, "素数之美": 2, "新理解矩阵": 6, "一本对称闯物理：相对论力学": 2,
    "一维弹簧的运动": 2, "求解微分方程的李对称方法": 2, "力学系统及其对偶性": 3, "数学基本技艺之23、24": 2,
    "虚拟的实在": 4, "纠缠的时空": 3, "费曼积分法": 8, "轻微的扰动——摄动法简介": 3, "费曼路径积分思想的发展": 4,
    "算子与线性常微分方程": 2, "电偶极子浅探": 2, "教材如何写": 3, "方程与宇宙": 9, "自然极值": 8, "向量": 5,
    "旋转的弹簧将如何伸长": 2, "龟猫记": 2, "精确自由落体运动定律的讨论": 2, "微积分学习": 2,
}


def test_the_archive_forms_exactly_the_golden_series(archive):
    _, series = archive
    assert {name: len(s.posts) for name, s in series.items()} == GOLDEN


def test_generative_diffusion_has_its_31_parts_in_order(archive):
    _, series = archive
    posts = series["生成扩散模型漫谈"].posts
    assert [p.part for p in posts] == list(range(1, 32))
    assert posts[0].title == "生成扩散模型漫谈（一）：DDPM = 拆楼 + 建楼"
    assert posts[-1].title.startswith("生成扩散模型漫谈（三十一）") and posts[-1].date == "2025-11-24"


def test_halves_after_a_part_number_order_within_the_part(archive):
    _, series = archive
    transformer = series["Transformer升级之路"].posts
    assert [p.part for p in transformer] == list(range(1, 22))
    assert [titles.parse(p.title).subpart for p in transformer[19:]] == [1, 3]  # 20、…（上）, 21、…（下）
    ocr = [(p.part, titles.parse(p.title).subpart) for p in series["OCR技术浅探"].posts]
    assert ocr[:4] == [(1, None), (2, None), (3, 1), (3, 2)]


@pytest.mark.parametrize("name, first, last", [
    ("MoE环游记", "MoE环游记：1、从几何意义出发", "MoE环游记：9、门控归一化之争"),
    ("让炼丹更科学一些", "让炼丹更科学一些（一）：SGD的平均损失收敛", "让炼丹更科学一些（七）：步长调度与权重平均"),
    ("低秩近似之路", "低秩近似之路（一）：伪逆", "低秩近似之路（五）：CUR"),
    ("流形上的最速下降", "流形上的最速下降：1. SGD + 超球面", "流形上的最速下降：6. Muon + 双旋转"),
    ("基于流式幂迭代的Muon实现", "基于流式幂迭代的Muon实现：1. 初识", "基于流式幂迭代的Muon实现：5. 延伸"),
    ("MuP之上", "MuP之上：1. 好模型的三个特征", "MuP之上：4. 坚守参数的稳定性"),
    ("细水长flow", "细水长flow之NICE：流模型的基本概念与实现", "细水长flow之TARFLOW：流模型满血归来？"),
    ("自然极值", "《自然极值》系列——1.前言", "《自然极值》系列——8.极值分析"),
    ("让Keras更酷一些！", "“让Keras更酷一些！”：精巧的层与花式的回调", "“让Keras更酷一些！”：层与模型的重用技巧"),
    ("搜出来的文本", "【搜出来的文本】⋅（一）从文本生成到搜索采样", "【搜出来的文本】⋅（四）通过增、删、改来用词造句"),
    ("新理解矩阵", "《新理解矩阵1》：矩阵是什么？", "《新理解矩阵6》：为什么只有方阵有行列式？"),
    ("OCR技术浅探", "OCR技术浅探：1. 全文简述", "OCR技术浅探：9. 代码共享(完)"),
    ("外微分浅谈", "【外微分浅谈】1. 绪论与启发", "【外微分浅谈】7. 有力的计算"),
    ("费曼积分法", "费曼积分法——积分符号内取微分(1)", "费曼积分法(8)：求高斯积分"),
    ("方程与宇宙", "《方程与宇宙》:二体问题的来来去去(一)", "《方程与宇宙》:一种有趣的三体问题坐标"),
])
def test_real_series_run_from_first_to_last(archive, name, first, last):
    _, series = archive
    posts = series[name].posts
    assert (posts[0].title, posts[-1].title) == (first, last)


@pytest.mark.parametrize("title", [
    "【NASA每日一图】Messier 88",               # a column of translated pictures: a category tag
    "【备忘】谈谈dropout",
    "科学空间：2010年5月重要天象",               # the monthly sky notes
    "《量子力学与路径积分》习题解答V0.5",          # versions of one document
    "变分自编码器 = 最小化先验分布 + 最大化互信息",  # shares words with a series, is not a part of it
    "我们可以无损放大一个Transformer模型吗（一）",  # a first part that stayed alone
    "收谷问题(1)",
    "太阳帆技术的粗浅分析（补充）",
    "[欧拉数学]素数倒数之和",
])
def test_titles_left_alone(archive, title):
    entries, series = archive
    assert any(e.title == title for e in entries)
    assert all(p.title != title for s in series.values() for p in s.posts)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def test_invariants_of_every_series(archive):
    entries, series = archive
    seen: set[int] = set()
    for name, s in series.items():
        assert len(s.posts) >= 2, name
        for p in s.posts:
            assert _fold(name) in _fold(p.title), (name, p.title)  # every member shares the name
            assert p.number not in seen, p.title                   # in one series at most
            seen.add(p.number)
        ranks = [(p.part, titles.parse(p.title).subpart or 0) for p in s.posts if p.part is not None]
        assert ranks == sorted(set(ranks)), name                    # parts strictly ordered
    latest = [max(p.date for p in s.posts) for s in series.values()]
    assert latest == sorted(latest, reverse=True)                   # newest series first
