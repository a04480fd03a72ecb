"""Titles → (series, part); duplicates merged; series grouped; manifest appended to."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, strategies as st

from seriesbook.model import RawPost, SourcePos
from seriesbook.sources import discover as d
from seriesbook.commands.discover import add_series_to_manifest, discover
from seriesbook.sources.discover import excerpt_warnings, group_series, merge_duplicates
from seriesbook.titles import chinese_number, parse_title
from tests.support.paths import CASES as ALL_CASES

CASES = ALL_CASES / "sources"


@pytest.mark.parametrize("title, expected", [
    ("生成扩散模型漫谈（一）：DDPM = 拆楼 + 建楼", ("生成扩散模型漫谈", 1)),
    ("生成扩散模型漫谈(十九):作为扩散ODE的GAN", ("生成扩散模型漫谈", 19)),
    ("生成扩散模型漫谈（十九）：作为扩散ODE的GAN", ("生成扩散模型漫谈", 19)),
    ("【外微分浅谈】5. 几何意义", ("外微分浅谈", 5)),
    ("路径积分系列:1.我的毕业论文", ("路径积分", 1)),
    ("《虚拟的实在(3)》——相对论动力学", ("虚拟的实在", 3)),
    ("Transformer升级之路：2、博采众长的旋转式位置编码", ("Transformer升级之路", 2)),
    ("费曼积分法(7):欧拉数学的综合", ("费曼积分法", 7)),
    ("费曼积分法（五）：欧拉数学", ("费曼积分法", 5)),
    ("低秩近似之路(19):X", ("低秩近似之路", 19)),
    ("力学系统(上)", ("力学系统", 1)),
    ("力学系统（中）", ("力学系统", 2)),
    ("力学系统（下篇）", ("力学系统", 3)),
    ("【中文分词系列】 1. 基于AC自动机的快速分词", ("中文分词系列", 1)),
    ("Transformer升级之路：10、RoPE是一种β进制编码", ("Transformer升级之路", 10)),
    ("CoSENT（一）：比Sentence-BERT更有效的句向量方案", ("CoSENT", 1)),
    ("力学系统（下）：收尾", ("力学系统", 3)),
    ("某系列（九十九）：最后", ("某系列", 99)),
    ("某系列（二十）：中间", ("某系列", 20)),
    ("“闭门造车”之多模态思路浅谈(一):无损输入", ("“闭门造车”之多模态思路浅谈", 1)),
    ("【理解黎曼几何】1. 一条几何之路", ("理解黎曼几何", 1)),
    ("从动力学角度看优化算法(七):SGD ≈ SVM?", ("从动力学角度看优化算法", 7)),
])
def test_parse_title(title, expected):
    assert parse_title(title) == expected


@pytest.mark.parametrize("title", [
    "漫谈重参数:从正态分布到Gumbel Softmax",
    "变分自编码器 = 最小化先验分布 + 最大化互信息",
    "“让Keras更酷一些！”：随意的输出和灵活的归一化",
    "开源一版DGCNN阅读理解问答模型(Keras版)",
    "王骁威:勇敢的追梦者",
    "Python：3.6的新特性",
    "f(x)的性质",
    "ON-LSTM:用有序神经元表达层次结构",
    "【备忘】2019年的总结",
    "2019年，我们的（一）点小结",
    "f(2)=?",
    "梯度视角下的LoRA：简介、分析、猜测及推广",
    "",
])
def test_not_a_numbered_part(title):
    assert parse_title(title) is None


def test_chinese_numbers():
    expected = {"一": 1, "九": 9, "十": 10, "十一": 11, "十九": 19, "二十": 20, "二十一": 21,
                "五十五": 55, "九十九": 99, "一百": 100, "一百零五": 105, "两": 2, "7": 7}
    assert {k: chinese_number(k) for k in expected} == expected


_CN = "一二三四五六七八九"


def _cn(n: int) -> str:
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _CN[tens - 1]) + "十" if tens else "") + (_CN[ones - 1] if ones else "")


@given(st.integers(1, 99), st.booleans())
def test_every_part_up_to_ninety_nine(n, full_width):
    title = f"某某漫谈（{_cn(n)}）：正文" if full_width else f"某某漫谈({_cn(n)}):正文"
    assert parse_title(title) == ("某某漫谈", n)


def _raw(title, path="a.txt", line=1, **kw):
    return RawPost(title=title, body=kw.pop("body", "正文"), format=kw.pop("format", "text"),
                   pos=SourcePos(path, line), **kw)


def test_merge_by_title_folds_width_and_keeps_larger_reader_count():
    a = _raw("测试(一):标题", "a.txt", 1, readers=10, date="2020-01-01")
    b = _raw("测试（一）：标题", "b.txt", 5, readers=20)
    c = _raw("别的", "b.txt", 9)
    kept, warnings = merge_duplicates([a, b, c])
    assert [p.pos.path for p in kept] == ["b.txt", "b.txt"]
    assert kept[0].duplicates == (SourcePos("a.txt", 1),) and kept[0].date == "2020-01-01"
    assert [w.code for w in warnings] == ["source.duplicate"]
    assert "a.txt:1" in warnings[0].message and "b.txt:5" in warnings[0].message


@pytest.mark.parametrize("excerpt_first", [True, False])
def test_complete_beats_excerpt_even_with_fewer_readers(excerpt_first):
    excerpt = _raw("题", "list.txt", 3, excerpt=True, readers=900)
    full = _raw("题", "post.txt", 1, readers=5)
    kept, warnings = merge_duplicates([excerpt, full] if excerpt_first else [full, excerpt])
    assert len(kept) == 1 and not kept[0].excerpt and kept[0].duplicates == (SourcePos("list.txt", 3),)
    assert warnings[0].message.endswith("(the other is only an excerpt)")


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)])
def test_the_best_copy_is_kept_wherever_it_comes(order):
    """Not the first, not the last: the copy with the most readers (as the seeds need)."""
    copies = [_raw("题", "a.txt", 1, readers=10), _raw("题", "b.txt", 2, readers=30), _raw("题", "c.txt", 3)]
    kept, warnings = merge_duplicates([copies[i] for i in order])
    assert [p.pos for p in kept] == [SourcePos("b.txt", 2)] and len(warnings) == 2
    assert "30 readers against 10" in " ".join(w.message for w in warnings)


def test_a_page_beats_a_dump_with_the_same_readers():
    dump = _raw("题", "a.txt", 1, readers=10)
    page = _raw("题", "b.html", 1, readers=10, format="html")
    assert merge_duplicates([dump, page])[0][0].pos.path == "b.html"
    assert merge_duplicates([page, dump])[0][0].pos.path == "b.html"


def test_merge_by_archive_number_even_when_titles_differ():
    a = _raw("旧标题", "a.html", 1, archive=7, format="html")
    b = _raw("新标题", "b.html", 1, archive=7, format="html", readers=3)
    c = _raw("旧标题", "c.html", 1, archive=8, format="html")  # same title, another post
    kept, warnings = merge_duplicates([a, b, c])
    assert [p.title for p in kept] == ["新标题", "旧标题"] and len(warnings) == 1


def test_without_readers_a_copy_with_readers_wins_and_a_tie_keeps_the_first():
    bare = _raw("题", "a.txt", 1)
    counted = _raw("题", "b.txt", 2, readers=1)
    kept, (w,) = merge_duplicates([bare, counted])
    assert kept[0].pos.path == "b.txt" and w.message.endswith("(1 readers against None)")
    kept, (w,) = merge_duplicates([_raw("题", "a.txt", 1), _raw("题", "b.txt", 2)])
    assert kept[0].pos.path == "a.txt" and w.message.endswith("(found first)")
    assert (w.code, w.pos, w.post) == ("source.duplicate", SourcePos("a.txt", 1), "题")


def test_a_copy_with_a_body_beats_an_empty_one():
    kept, _ = merge_duplicates([_raw("题", "a.txt", 1, body=" "), _raw("题", "b.txt", 2, body="正文")])
    assert kept[0].pos.path == "b.txt"


@pytest.mark.parametrize("numbered_first", [True, False])
def test_a_copy_without_archive_number_joins_the_numbered_one(numbered_first):
    numbered = _raw("题", "a.html", 1, archive=7, format="html", date="2020-01-02")
    plain = _raw("题", "b.txt", 1)
    kept, warnings = merge_duplicates([numbered, plain] if numbered_first else [plain, numbered])
    assert len(kept) == 1 and kept[0].archive == 7 and len(warnings) == 1


def test_excerpt_warnings_name_the_post_and_its_place():
    posts = [_raw("甲", "list.txt", 4, excerpt=True), _raw("乙", "post.txt", 1)]
    (w,) = excerpt_warnings(posts)
    assert (w.code, w.pos, w.post) == ("source.excerpt", SourcePos("list.txt", 4), "甲")
    assert w.message == ("only an excerpt of “甲” is known (from a listing page); "
                         "fetch the post or save its page for the full text")


def test_group_series_orders_one_part_by_date_undated_first():
    posts = [_raw("甲(一):c", date="2021-01-01"), _raw("甲(一):b", date="2020-01-01"), _raw("甲(一):a"),
             _raw("甲(二):d")]
    assert [p.title for p in group_series(posts)["甲"]] == ["甲(一):a", "甲(一):b", "甲(一):c", "甲(二):d"]


def test_group_series_orders_by_part():
    posts = [_raw("甲(三):c"), _raw("无关"), _raw("甲（一）：a"), _raw("【乙】2. b"), _raw("甲(二):b")]
    groups = group_series(posts)
    assert list(groups) == ["甲", "乙"]
    assert [p.title for p in groups["甲"]] == ["甲（一）：a", "甲(二):b", "甲(三):c"]


def test_discover_on_own_fixtures():
    result = discover([CASES])
    titles = {p["title"]: p for p in result["posts"]}
    assert set(titles) == {
        "示例级数漫谈(一):从几何级数说起", "只有视频的一篇", "示例级数漫谈(二):调和级数的发散",
        "【示例外传】3. 一个插曲", "示例级数漫谈(三):交错级数", "示例级数漫谈（上）：预备知识",
        "示例级数漫谈（四）：幂级数"}
    harmonic = titles["示例级数漫谈(二):调和级数的发散"]
    assert harmonic["readers"] == 2345 and not harmonic["excerpt"] and len(harmonic["duplicates"]) == 2
    assert titles["示例级数漫谈(三):交错级数"]["date"] is None
    assert titles["示例级数漫谈（四）：幂级数"]["url"] == "https://spaces.ac.cn/archives/123"
    series = {s["name"]: s["posts"] for s in result["series"]}
    assert series["示例级数漫谈"] == [
        "示例级数漫谈（上）：预备知识", "示例级数漫谈(一):从几何级数说起", "示例级数漫谈(二):调和级数的发散",
        "示例级数漫谈(三):交错级数", "示例级数漫谈（四）：幂级数"]
    assert series["示例外传"] == ["【示例外传】3. 一个插曲"]
    codes = sorted(w["code"] for w in result["warnings"])
    assert codes == ["source.duplicate"] * 2 + ["source.untitled"] * 2
    for row in result["posts"]:
        assert set(row) >= {"title", "date", "readers", "series", "part", "url", "source", "line",
                            "excerpt", "duplicates"}


MANIFEST = """\
# my books
book:
  author: 苏剑林   # the author
series:
  - name: 生成扩散模型漫谈
    posts: [9119, 9152]   # keep this

  # a comment after the list
sources:
  - seeds/
"""


def test_add_series_to_manifest_appends_and_keeps_everything():
    out = add_series_to_manifest(MANIFEST, {"生成扩散模型漫谈": ["x"], "低秩近似之路": ["a", "b"],
                                            "“闭门造车”之多模态: 浅谈": ["c"]})
    assert out.startswith(MANIFEST.split("\n  # a comment")[0])
    for line in MANIFEST.split("\n"):
        assert line in out.split("\n")
    data = yaml.safe_load(out)
    assert [s["name"] for s in data["series"]] == ["生成扩散模型漫谈", "低秩近似之路", "“闭门造车”之多模态: 浅谈"]
    assert data["series"][1] == {"name": "低秩近似之路", "match": "低秩近似之路"}
    assert data["sources"] == ["seeds/"]
    assert add_series_to_manifest(out, {"低秩近似之路": []}) == out  # already there


def test_add_series_to_manifest_without_a_series_key():
    out = add_series_to_manifest("book:\n  paper: a5\n", {"甲": []})
    assert yaml.safe_load(out) == {"book": {"paper": "a5"}, "series": [{"name": "甲", "match": "甲"}]}
    out = add_series_to_manifest("series: []\n", {"甲": []})
    assert yaml.safe_load(out) == {"series": [{"name": "甲", "match": "甲"}]}


def test_excerpt_warnings():
    posts = [_raw("甲", excerpt=True), _raw("乙")]
    warnings = d.excerpt_warnings(posts)
    assert [(w.code, w.post) for w in warnings] == [("source.excerpt", "甲")]


def test_add_series_to_an_inline_list_is_a_located_error():
    from seriesbook.errors import ManifestError
    with pytest.raises(ManifestError) as e:
        add_series_to_manifest("book: {}\nseries: [{name: a}]\n", {"甲": []}, path="m.yaml")
    assert e.value.pos.path == "m.yaml" and e.value.pos.line == 2
