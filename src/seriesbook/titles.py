"""The title grammar: which series a post belongs to and which part it is (pure).

The site names a part of a series in its title, in a dozen ways that grew over fifteen years.
Each way is one row of :data:`NUMBERED` — a pattern and the titles it was written for — and
:func:`parse` tries them in order.  Titles without a number can still belong to a series:
:data:`NAMED` says where such a title carries a series name, and :func:`group` forms the
series of a whole archive from both.  The examples of every row are tested, and the whole
grammar is tested against the site's real archive.

Full- and half-width punctuation are matched alike (the site writes ``（）：``, dumps often
``():``).  A part number must be a number: ``(Keras版)`` or a colon with prose after it is not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .model import IndexEntry, SeriesEntry, SiteSeries


@dataclass(frozen=True)
class TitleInfo:
    """What a title says about its series."""

    series: str
    """The series name as written in this title (``生成扩散模型漫谈``)."""
    part: int
    """The part number (``（三十一）`` → 31; ``（上）/（中）/（下）`` → 1/2/3)."""
    subpart: int | None = None
    """A ``（上）/（下）`` or ``(1)/(2)`` after the part number: orders chapters within a part."""
    half: bool = False
    """The part was written ``上/中/下`` (a series of halves is renumbered 1, 2 … when grouped)."""


@dataclass(frozen=True)
class Rule:
    """One way of writing a series name (and a part number) in a title."""

    pattern: re.Pattern
    """Matched at the start of the title; groups ``name`` and, for numbered rules, ``num``."""
    examples: tuple[tuple[str, tuple], ...]
    """Real titles and what they give: ``(series, part, subpart)``, or ``(series,)`` for names."""
    joins_only: bool = False
    """The name only joins a series formed by other titles, never starts one (a category tag
    like ``【备忘】`` or a whole title is not a series by itself)."""


_CN = "[零〇一二两三四五六七八九十百]+"
_NUM = rf"(?P<num>\d{{1,3}}|{_CN})"
_PART = rf"(?P<num>\d{{1,3}}|{_CN}|[上中下])篇?"
_O, _C = "[(（]", "[)）]"
#: After a numbered parenthesis: a colon, a dash, a space, a closing 》 or the end of the title.
_AFTER = r"(?=\s*(?:[:：]|——|—|-|\s|》|[?？!！]?$))"
_CJK = "[\u4e00-\u9fff]"


def _rule(pattern: str, *examples: tuple, joins_only: bool = False) -> Rule:
    return Rule(re.compile(pattern), tuple(examples), joins_only)


#: Numbered parts, tried in this order (the more specific first).
NUMBERED: tuple[Rule, ...] = (
    _rule(rf"^《(?P<name>[^《》]+?)\s*{_O}{_PART}{_C}》",
          ("《虚拟的实在(3)》——相对论动力学", ("虚拟的实在", 3, None))),
    _rule(r"^《(?P<name>[^《》]*[^\d\s《》])\s*(?P<num>\d{1,3})》",
          ("《新理解矩阵3》：行列式的点滴", ("新理解矩阵", 3, None))),
    _rule(rf"^《(?P<name>[^《》]+)》\s*系列\s*(?:[:：]|——|—)?\s*{_NUM}\s*[.．、](?!\d)",
          ("《自然极值》系列——8.极值分析", ("自然极值", 8, None)),
          ("《向量》系列——3.当天体力学遇到向量(1)", ("向量", 3, 1))),
    _rule(rf"^《(?P<name>[^《》]+)》\s*[:：].*{_O}{_NUM}{_C}\s*$",
          ("《方程与宇宙》:限制性三体的那些事儿(八)", ("方程与宇宙", 8, None))),
    _rule(rf"^【(?P<name>[^【】]+)】\s*{_NUM}\s*[.．、:：\s](?!\d)",
          ("【外微分浅谈】5. 几何意义", ("外微分浅谈", 5, None)),
          ("【不可思议的Word2Vec】 4.不一样的“相似”", ("不可思议的Word2Vec", 4, None))),
    _rule(rf"^【(?P<name>[^【】]+)】\s*[⋅·・•]?\s*{_O}{_PART}{_C}",
          ("【搜出来的文本】⋅（一）从文本生成到搜索采样", ("搜出来的文本", 1, None))),
    _rule(r"^【(?P<name>[^【】]*[^\d\s【】])(?P<num>\d{1,3})】",
          ("【龟猫记2】之“百合花开”", ("龟猫记", 2, None))),
    _rule(rf"^(?P<name>[^《》【】]+?)系列\s*[:：]?\s*{_NUM}\s*[.．、](?!\d)",
          ("路径积分系列：1.我的毕业论文", ("路径积分", 1, None))),
    _rule(rf"^(?P<name>[^:：]+?)\s*[:：]\s*{_NUM}\s*[、．.](?!\d)",
          ("Transformer升级之路：20、MLA好在哪里?（上）", ("Transformer升级之路", 20, 1)),
          ("流形上的最速下降：1. SGD + 超球面", ("流形上的最速下降", 1, None)),
          ("OCR技术浅探：3. 特征提取(2)", ("OCR技术浅探", 3, 2))),
    _rule(rf"^(?P<name>.+?)\s*{_O}{_PART}{_C}{_AFTER}",
          ("生成扩散模型漫谈（三十一）：预测数据而非噪声", ("生成扩散模型漫谈", 31, None)),
          ("生成扩散模型漫谈（二十六）：基于恒等式的蒸馏（下）", ("生成扩散模型漫谈", 26, 3)),
          ("更别致的词向量模型(六)：代码、分享与结语", ("更别致的词向量模型", 6, None)),
          ("AdamW的Weight RMS的渐近估计（上）", ("AdamW的Weight RMS的渐近估计", 1, None)),
          ("旋转的弹簧将如何伸长(2)？", ("旋转的弹簧将如何伸长", 2, None))),
    _rule(rf"^(?P<name>[^\d:：]*{_CJK})(?P<num>\d{{1,2}})\s*(?:[:：]|——)",
          ("素数之美2：Bertrand假设的证明", ("素数之美", 2, None))),
)

#: Where a title without a part number names its series, tried in this order.  A name given by
#: fewer than two titles starts no series.
NAMED: tuple[Rule, ...] = (
    _rule(r"^[“\"](?P<name>[^”\"]+)[”\"]\s*[:：]",
          ("“让Keras更酷一些！”：层与模型的重用技巧", ("让Keras更酷一些！",))),
    _rule(r"^《(?P<name>[^《》]+)》\s*[:：]",
          ("《教材如何写》:我们需要怎样的数学教育？", ("教材如何写",))),
    _rule(r"^【(?P<name>[^【】]+)】",
          ("【龟猫记】家里多了几只小动物", ("龟猫记",)), joins_only=True),
    _rule(r"^(?P<name>.+?)[\s?？!！。.]*$",
          ("精确自由落体运动定律的讨论", ("精确自由落体运动定律的讨论",)), joins_only=True),
    _rule(r"^(?P<name>[^:：“”《》【】]{2,}?)\s*[:：]",
          ("当概率遇上复变：随机游走基本公式", ("当概率遇上复变",))),
    _rule(r"^(?P<name>[^之:：“”《》【】\s]{2,}?)之",
          ("细水长flow之NICE：流模型的基本概念与实现", ("细水长flow",))),
)

#: Names before a colon that are the site's columns, not series: each post under them stands
#: alone (科学空间：2010年5月重要天象 — the monthly sky notes; reposts; puzzles; shared links).
NOT_SERIES = frozenset({"科学空间", "分享", "趣题", "百科翻译", "环球科学"})

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_HALVES = {"上": 1, "中": 2, "下": 3}
_SUB = re.compile(rf"{_O}(?P<sub>[上中下]|\d{{1,2}}|[一二三四五六七八九])篇?{_C}\s*$")
_TAG = re.compile(r"^\[[^\]]{1,12}\]\s*(?=\S)")  # "[春礼]《方程与宇宙》…": a leading tag
_STRIP = " \t-—:：·⋅"


def chinese_number(text: str) -> int | None:
    """``十九`` → 19, ``二十`` → 20, ``九十九`` → 99, ``一百零五`` → 105, ``19`` → 19."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in _DIGITS and c not in "十百" for c in text):
        return None
    total, current = 0, 0
    for c in text:
        if c in _DIGITS:
            current = current * 10 + _DIGITS[c] if current and c in "零〇" else _DIGITS[c]
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:  # 百
            total += (current or 1) * 100
            current = 0
    return total + current


def parse(title: str) -> TitleInfo | None:
    """The series and part a title names (the first rule of :data:`NUMBERED` that fits), else None."""
    title = _TAG.sub("", title.strip())
    for rule in NUMBERED:
        m = rule.pattern.match(title)
        if not m:
            continue
        name, num = m["name"].strip(_STRIP), m["num"]
        part = _HALVES.get(num) or chinese_number(num)
        if name and part:
            sub = _SUB.search(title, m.end())
            subpart = (_HALVES.get(sub["sub"]) or chinese_number(sub["sub"])) if sub else None
            return TitleInfo(name, part, subpart, num in _HALVES)
    return None


def parse_title(title: str) -> tuple[str, int] | None:
    """(series name, part) when ``title`` names a numbered part of a series, else None."""
    info = parse(title)
    return (info.series, info.part) if info else None


def named(title: str, rule: Rule) -> str | None:
    """The series name ``rule`` finds in an unnumbered ``title``, if any."""
    m = rule.pattern.match(_TAG.sub("", title.strip()))
    name = m["name"].strip(_STRIP) if m else ""
    return name or None


def normalise(text: str) -> str:
    """A title or series name folded for matching: full/half width alike, no spaces, no case."""
    folded = unicodedata.normalize("NFKC", text)
    folded = folded.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    return re.sub(r"\s+", "", folded).casefold()


def group(entries: list[IndexEntry]) -> list[SiteSeries]:
    """Every series of at least two posts among ``entries``, each in reading order, the series
    sorted by their latest post (newest first).

    Numbered titles form series first.  A series renamed midway (``费曼积分法——积分符号内取微分(1)``
    then ``费曼积分法(5)``) is one series when the parts do not collide.  Then each rule of
    :data:`NAMED` in turn gives the titles left a name: one that names a series joins it,
    and two or more titles with the same new name form one, ordered by date.
    """
    members: dict[str, list[tuple[IndexEntry, TitleInfo | None]]] = {}
    spelling: dict[str, list[str]] = {}
    rest: list[IndexEntry] = []
    for e in entries:
        info = parse(e.title)
        if info is None:
            rest.append(e)
            continue
        key = normalise(info.series)
        members.setdefault(key, []).append((e, info))
        spelling.setdefault(key, []).append(info.series)
    _join_renamed(members, spelling)
    for rule in NAMED:
        by_name: dict[str, list[tuple[IndexEntry, str]]] = {}
        for e in rest:
            name = named(e.title, rule)
            if name and name not in NOT_SERIES:
                by_name.setdefault(normalise(name), []).append((e, name))
        taken = set()
        for key, found in by_name.items():
            if key in members or (not rule.joins_only and len(found) >= 2):
                members.setdefault(key, []).extend((e, None) for e, _ in found)
                spelling.setdefault(key, []).extend(n for _, n in found)
                taken.update(e.number for e, _ in found)
        rest = [e for e in rest if e.number not in taken]
    series = [_series(_spelling(spelling[k]), v) for k, v in members.items() if len(v) >= 2]
    return sorted(series, key=lambda s: (max(p.date or "" for p in s.posts), s.name), reverse=True)


def _join_renamed(members: dict, spelling: dict) -> None:
    """Fold ``A——B`` / ``A：B`` series into series ``A`` when A exists and no part collides."""
    for key in list(members):
        for sep in ("——", "—", ":"):
            head = normalise(spelling[key][0].split(sep)[0]) if sep in spelling[key][0] else None
            if head and head != key and head in members:
                parts = {i.part for _, i in members[head]}
                if not parts & {i.part for _, i in members[key]}:
                    members[head] += members.pop(key)
                    spelling.pop(key)
                break


def _spelling(names: list[str]) -> str:
    """The most frequent spelling of a series name (the latest one on a tie)."""
    return max(reversed(names), key=names.count)


def _series(name: str, found: list[tuple[IndexEntry, TitleInfo | None]]) -> SiteSeries:
    """One series in reading order: numbered posts by (part, subpart, date); a post without a
    number after the last numbered one published before it (by date alone if none is numbered)."""
    numbered = sorted((x for x in found if x[1]), key=lambda x: (x[1].part, x[1].subpart or 0,
                                                                   x[0].date or "", x[0].number))
    loose = sorted((x[0] for x in found if not x[1]), key=lambda e: (e.date or "", e.number))
    halves = bool(numbered) and all(i.half for _, i in numbered)
    order: list[tuple[IndexEntry, int | None]] = [
        (e, rank if halves else i.part) for rank, (e, i) in enumerate(numbered, 1)]
    for e in loose:
        at = max((k + 1 for k, (n, _) in enumerate(order) if (n.date or "") <= (e.date or "")
                  and n.number != e.number), default=0)
        order.insert(at, (e, None))
    return SiteSeries(name=name, posts=tuple(SeriesEntry(e.number, e.title, e.date, part) for e, part in order))
