"""Finding series in a pile of posts: title parsing, duplicate merging, grouping.

``parse_title`` knows the ways the site numbers the parts of a series::

    生成扩散模型漫谈（一）：DDPM = 拆楼 + 建楼     → (生成扩散模型漫谈, 1)
    费曼积分法(7):欧拉数学的综合                  → (费曼积分法, 7)
    【外微分浅谈】5. 几何意义                      → (外微分浅谈, 5)
    路径积分系列:1.我的毕业论文                   → (路径积分, 1)
    《虚拟的实在(3)》——相对论动力学              → (虚拟的实在, 3)
    Transformer升级之路：2、博采众长的旋转式位置编码 → (Transformer升级之路, 2)
    X（上） / X（中） / X（下）                    → (X, 1 / 2 / 3)

Full- and half-width punctuation are matched alike (the site writes ``（）：``, dumps often
``():``).  A part number must be a number: ``(Keras版)`` or a colon with prose after it is not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from ..diagnostics import Diagnostic
from ..model import RawPost

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_HALVES = {"上": 1, "中": 2, "下": 3}
_CN = "[零〇一二两三四五六七八九十百]+"
_NUM = rf"(?P<num>\d{{1,3}}|{_CN})"
_PART = rf"(?P<num>\d{{1,3}}|{_CN}|[上中下])篇?"
#: After a numbered parenthesis: a colon, a dash, a space, a closing 》 or the end.
_AFTER = r"(?=\s*(?:[:：]|——|—|-|\s|》|$))"
_PATTERNS = [
    re.compile(rf"^《(?P<name>[^《》]+?)\s*[(（]{_PART}[)）]》"),                    # 《X(3)》——Y
    re.compile(rf"^【(?P<name>[^【】]+)】\s*{_NUM}\s*[.．、:：\s](?!\d)"),              # 【X】5. Y
    re.compile(rf"^【(?P<name>[^【】]+)】\s*[(（]{_PART}[)）]"),                      # 【X】(五)
    re.compile(rf"^(?P<name>.+?)系列\s*[:：]?\s*{_NUM}\s*[.．、](?!\d)"),              # X系列:1.Y
    re.compile(rf"^(?P<name>.+?)\s*[(（]{_PART}[)）]{_AFTER}"),                      # X(五):Y, X(上)
    re.compile(rf"^(?P<name>[^:：]+?)\s*[:：]\s*{_NUM}\s*[、．.](?!\d)"),              # X：2、Y
]


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


def parse_title(title: str) -> tuple[str, int] | None:
    """(series name, part) when ``title`` names a numbered part of a series, else None."""
    title = title.strip()
    for pattern in _PATTERNS:
        m = pattern.match(title)
        if not m:
            continue
        name = m["name"].strip(" \t-—:：")
        num = m["num"]
        part = _HALVES.get(num) or chinese_number(num)
        if name and part:
            return name, part
    return None


def normalise(text: str) -> str:
    """A title or series name folded for matching: full/half width alike, no spaces, no case."""
    folded = unicodedata.normalize("NFKC", text)
    folded = folded.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    return re.sub(r"\s+", "", folded).casefold()


def _rank(post: RawPost) -> tuple:
    """Which copy of a post to keep: complete beats excerpt, then the larger reader count,
    then a fetched/saved page over a dump (it carries links, images and formatting)."""
    return (not post.excerpt, post.readers or -1, post.format == "html", bool(post.body.strip()))


def merge_duplicates(posts: list[RawPost]) -> tuple[list[RawPost], list[Diagnostic]]:
    """One RawPost per post: copies match by archive number, else by normalised title.

    The kept copy (see ``_rank``) lists the others in ``duplicates`` and borrows metadata it
    lacks (date, url, archive …) from them; a ``source.duplicate`` warning names both places.
    """
    groups: list[list[RawPost]] = []
    by_archive: dict[int, int] = {}
    by_title: dict[str, int] = {}
    for post in posts:
        key = normalise(post.title)
        index = by_archive.get(post.archive) if post.archive else None
        if index is None and key in by_title:
            other = groups[by_title[key]][0]
            if not (post.archive and other.archive and post.archive != other.archive):
                index = by_title[key]
        if index is None:
            index = len(groups)
            groups.append([])
        groups[index].append(post)
        if post.archive:
            by_archive.setdefault(post.archive, index)
        by_title.setdefault(key, index)
    kept, warnings = [], []
    for group in groups:
        best = max(group, key=_rank)  # max() keeps the first of equals: file order decides
        others = [p for p in group if p is not best]
        for other in others:
            warnings.append(Diagnostic(
                "source.duplicate",
                f"“{best.title}” is also at {other.pos}; kept the copy at {best.pos} ({_why(best, other)})",
                best.pos, best.title))
        kept.append(_absorb(best, others))
    return kept, warnings


def _why(best: RawPost, other: RawPost) -> str:
    if other.excerpt and not best.excerpt:
        return "the other is only an excerpt"
    if (best.readers or -1) > (other.readers or -1):
        return f"{best.readers} readers against {other.readers}"
    return "found first"


def _absorb(best: RawPost, others: list[RawPost]) -> RawPost:
    """``best`` with the others' positions recorded and its missing metadata filled in."""
    if not others:
        return best
    fields = {}
    for name in ("date", "author", "url", "archive", "fetched_at", "citation"):
        if getattr(best, name) is None:
            fields[name] = next((getattr(o, name) for o in others if getattr(o, name) is not None), None)
    dups = list(best.duplicates)
    for other in others:
        dups += [other.pos, *other.duplicates]
    return replace(best, duplicates=tuple(dups), **fields)


def excerpt_warnings(posts: list[RawPost]) -> list[Diagnostic]:
    """A ``source.excerpt`` warning for each post known only from a listing-page excerpt
    (call it after :func:`merge_duplicates`, on the posts that go into a book)."""
    return [Diagnostic("source.excerpt", f"only an excerpt of “{p.title}” is known (from a listing page); "
                    "fetch the post or save its page for the full text", p.pos, p.title)
            for p in posts if p.excerpt]


def group_series(posts: list[RawPost]) -> dict[str, list[RawPost]]:
    """Series name → its posts ordered by part (then date), for every series with a numbered
    post.  Names are matched after :func:`normalise`; the first spelling seen is kept."""
    names: dict[str, str] = {}
    members: dict[str, list[tuple[int, str, int, RawPost]]] = {}
    for order, post in enumerate(posts):
        parsed = parse_title(post.title)
        if parsed is None:
            continue
        name, part = parsed
        key = normalise(name)
        names.setdefault(key, name)
        members.setdefault(key, []).append((part, post.date or "", order, post))
    return {names[k]: [m[3] for m in sorted(v, key=lambda m: m[:3])] for k, v in members.items()}
