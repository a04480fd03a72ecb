"""Which posts make a series, and links between posts of one book."""

from seriesbook.manifest import SeriesSpec
from seriesbook.model import Link, Paragraph, Post, Quote, RawPost, SourcePos, Text
from seriesbook.select import post_key, resolve_links, select

P = SourcePos("t.txt", 1)


def raw(title, archive=None, date=None):
    return RawPost(title=title, body="", format="text", pos=P, archive=archive, date=date)


RAWS = [raw("生成扩散模型漫谈（十一）：统一扩散模型（应用篇）", 9271), raw("生成扩散模型漫谈(一):DDPM = 拆楼 + 建楼", 9119),
        raw("生成扩散模型漫谈（二）：DDPM = 自回归式VAE", 9152), raw("漫谈重参数：从正态分布到Gumbel Softmax", 6705),
        raw("生成扩散模型漫谈(上)", None, "2020-01-01")]


def test_match_orders_by_part_number_whatever_the_width():
    spec = SeriesSpec(name="d", pos=P, match="生成扩散模型漫谈")
    found, missing = select(spec, RAWS)
    # (上) is part 1 too; ties go by date (an unknown date first)
    assert [r.archive for r in found] == [9119, None, 9152, 9271] and missing == []


def test_posts_by_number_url_or_exact_title_keep_their_order():
    spec = SeriesSpec(name="d", pos=P, posts=("https://spaces.ac.cn/archives/9152", "漫谈重参数:从正态分布到Gumbel Softmax",
                                              "9119", "9999", "没有这篇"))
    found, missing = select(spec, RAWS)
    assert [r.archive for r in found] == [9152, 6705, 9119]
    assert missing == ["9999", "没有这篇"]


def test_keys_are_stable():
    assert post_key(raw("x", 9119)) == "p9119"
    assert post_key(raw("标题")) == post_key(raw("标题")) != post_key(raw("另一个"))


def test_links_to_posts_of_the_book_point_inside_it():
    def post(key, archive, url, href):
        link = Link(href, (Text("x", P),), P, archive=None)
        return Post(key=key, title=key, blocks=(Quote((Paragraph((link,), P),), P),), pos=P, archive=archive, url=url)

    posts = resolve_links([post("a", 1, "https://kexue.fm/archives/1", "https://spaces.ac.cn/archives/2#x"),
                           post("b", 2, "https://kexue.fm/archives/2", "https://example.org/c"),
                           post("c", None, "https://example.org/c", "https://example.org/elsewhere")])
    targets = [p.blocks[0].children[0].children[0].post for p in posts]
    assert targets == ["b", "c", None]
