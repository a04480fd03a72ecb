"""Properties of the dump reader: what a dump writer puts in comes back out; nothing crashes."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from seriesbook.sources import parse_dump

_chars = st.characters(whitelist_categories=("Lo", "Nd", "Lu", "Ll"), max_codepoint=0x9FFF)
_line = st.text(_chars, min_size=1, max_size=30).filter(lambda s: not s.startswith("By"))
_post = st.tuples(
    _line,                                          # title
    st.dates().map(lambda d: d.isoformat() if d.year >= 1000 else "2000-01-01"),
    st.integers(0, 10**7),                          # readers
    st.lists(_line, max_size=5),                    # body lines (may be empty)
)


def _write(posts) -> str:
    """A dump the way the site's text looks: the body glued right after 引用."""
    out: list[str] = []
    for title, date, readers, body in posts:
        meta = f"By 某人 | {date} | {readers}位读者 | 引用"
        if out and out[-1].endswith("引用"):
            out[-1] += title  # the previous post had no body: its meta runs into this title
        else:
            out.append(title)
        out.append(meta + (body[0] if body else ""))
        out += body[1:]
    return "\n".join(out + ["最近评论", "某读者:好"])


@settings(max_examples=80, deadline=None)
@given(st.lists(_post, min_size=1, max_size=6))
def test_round_trip(posts):
    text = _write(posts)
    got, warnings = parse_dump(text, "x.txt")
    assert warnings == []
    assert [(p.title, p.date, p.readers, p.body) for p in got] == [
        (t.strip(), d, r, "\n".join(b)) for t, d, r, b in posts]
    lines = text.split("\n")
    for post in got:
        for i, line in enumerate(post.body.split("\n") if post.body else []):
            assert lines[post.body_line - 1 + i].endswith(line)


@settings(max_examples=120, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from(["", "By 甲 | 2020-01-01 | 3位读者 | 引用", "By 甲 | 2020-01-01 | 3位读者 | 引用乙",
                     "2 Dec", "点击阅读全文...", "最近评论", "标题(一):x"]),
    st.text(max_size=20)), max_size=30))
def test_never_crashes(lines):
    posts, warnings = parse_dump("\n".join(lines), "x.txt")
    for p in posts:
        assert p.title and p.pos.line >= 1 and p.body_line >= 1
    assert all(w.code == "source.untitled" for w in warnings)
