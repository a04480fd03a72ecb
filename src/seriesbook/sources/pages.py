"""Saved or fetched post pages of the site → :class:`RawPost`.

A post page keeps its title in ``.Post .title-wrap h1``, its meta line in
``.Post .submitted`` ("By 苏剑林 | 2020-07-04 | 231682位读者 | 引用"), category and tags in
``.cat``, and its body in ``#PostContent``.  The body ends with site furniture (the reprint
notice, ``#content_tips``, ``#pay``, ``#how_to_cite``, ``div.clear``) which is removed; the
citation block is kept apart in :attr:`RawPost.citation`.

The kept body is the HTML of #PostContent's children with only those nodes removed: text and
TeX (entities included) are not touched, so the parser sees what the site served.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from ..errors import SourceError
from ..model import RawPost, SourcePos

#: Page ``<title>`` suffix the site adds after the post title.
TITLE_SUFFIX = re.compile(r"\s*[-–—|]\s*科学空间\s*\|\s*Scientific Spaces\s*$")
META = re.compile(
    r"By\s*(?P<author>[^|｜]+?)\s*[|｜]\s*(?P<date>\d{4}-\d{2}-\d{2})\s*[|｜]\s*"
    r"(?:(?P<readers>[\d,]+)\s*位读者)?")
#: Text that starts the reprint notice ("please include this address when reposting").
FURNITURE_TEXT = ("转载到请包括本文地址", "更详细的转载事宜请参考")
FURNITURE_IDS = ("content_tips", "pay", "how_to_cite")
_FURNITURE_STRING = re.compile("|".join(FURNITURE_TEXT))
ANTIBOT = re.compile(r"window\.location(?:\.href\s*=|\.replace\s*\(|\s*=)")


def is_antibot(html: str) -> bool:
    """True for the site's short anti-bot answer: a script that redirects, and no post body."""
    return len(html) < 20000 and "PostContent" not in html and bool(ANTIBOT.search(html))


def parse_page(html: str, path: str, url: str | None = None, *, meta: dict | None = None) -> RawPost:
    """Read one post page (a whole saved page, or a bare ``#PostContent`` div with ``meta``).

    ``meta`` (a snapshot.json ``metadata`` dict: title, author, date, source_url) fills what
    the page itself does not say.  Raises :class:`SourceError` when ``html`` is not a post.
    """
    from ..urls import archive_of, canonical_url

    pos = SourcePos(path, 1)
    if is_antibot(html):
        raise SourceError("this is the site's anti-bot redirect page, not a post", pos)
    soup = BeautifulSoup(html, "html.parser")
    content = soup.find(id="PostContent")
    if not isinstance(content, Tag):
        raise SourceError("not a post page of the site (no #PostContent)", pos)
    meta = meta or {}
    post = soup.select_one(".Post") or soup
    title, link = _title(soup, post)
    title = title or str(meta.get("title") or "").strip()
    if not title:
        raise SourceError("post page without a title (no .title-wrap h1 nor <title>)", pos)
    author, date, readers = _submitted(post)
    citation = _strip_furniture(content)
    _unrender_mathjax(content, pos)
    archive = archive_of(link or "") or archive_of(url or "") or archive_of(str(meta.get("source_url") or "")) \
        or archive_of(str(meta.get("id") or ""))
    # The body starts right after the opening tag of #PostContent, on that tag's line.
    body_line = content.sourceline or 1
    return RawPost(
        title=title,
        body=content.decode_contents(),
        format="html",
        pos=pos,
        body_line=body_line,
        date=date or meta.get("date") or None,
        author=author or meta.get("author") or None,
        url=canonical_url(archive) if archive else (url or meta.get("source_url") or None),
        archive=archive,
        readers=readers,
        fetched_at=meta.get("fetched_at") or None,
        citation=citation,
        tags=_tags(soup),
    )


def _title(soup: BeautifulSoup, post: Tag | BeautifulSoup) -> tuple[str, str | None]:
    """The post title and the link it carries (``h1 > a``), falling back on ``<title>``."""
    h1 = post.select_one(".title-wrap h1")
    if h1 is None and post is not soup:  # any h1 of the .Post, never the site's banner
        h1 = post.select_one("h1")
    text = " ".join(h1.get_text().split()) if h1 is not None else ""
    if text:
        a = h1.find("a")
        return text, (a.get("href") if isinstance(a, Tag) else None)
    if soup.title and soup.title.string:
        return TITLE_SUFFIX.sub("", soup.title.string).strip(), None
    return "", None


def _submitted(post: Tag | BeautifulSoup) -> tuple[str | None, str | None, int | None]:
    """Author, date and reader count from the ``.submitted`` meta line."""
    node = post.select_one(".submitted")
    m = META.search(node.get_text(" ", strip=True)) if node else None
    if not m:
        return None, None, None
    readers = int(m["readers"].replace(",", "")) if m["readers"] else None
    return m["author"].strip(), m["date"], readers


def _tags(soup: BeautifulSoup) -> tuple[str, ...]:
    """Category and tags from ``.cat`` (links inside it), outside the body."""
    node = soup.select_one(".cat")
    if node is None:
        return ()
    names = [a.get_text(strip=True) for a in node.find_all("a")]
    return tuple(n for n in names if n)


def _is_furniture(node: Tag) -> bool:
    if node.get("id") in FURNITURE_IDS:
        return True
    if node.name == "div" and "clear" in (node.get("class") or []):
        return True
    if node.name in ("p", "div", "blockquote", "em", "span", "strong", "b"):
        text = node.get_text(strip=True)
        return text.startswith(FURNITURE_TEXT)
    return False


def _strip_furniture(content: Tag) -> str | None:
    """Remove the site furniture from ``content`` in place; return the citation text."""
    cite = content.find(id="how_to_cite")
    citation = _citation(cite) if isinstance(cite, Tag) else None
    for node in _furniture_candidates(content):
        if node.decomposed or not _is_furniture(node):
            continue
        # Climb to the outermost ancestor made only of furniture (a malformed <blockquote>
        # around #how_to_cite, or a <p> holding just the reprint notice).
        while node.parent is not content and node.parent is not None and _only_furniture(node.parent):
            node = node.parent
        node.decompose()
    return citation


def _furniture_candidates(content: Tag) -> list[Tag]:
    """Nodes that may be furniture, outermost first (cheap: no get_text on every node)."""
    found = [t for t in content.find_all(id=FURNITURE_IDS)]
    found += content.find_all("div", class_="clear")
    for text in content.find_all(string=_FURNITURE_STRING):
        node = text.parent
        while isinstance(node, Tag) and node is not content and node.parent is not content \
                and _is_furniture(node.parent):
            node = node.parent
        if isinstance(node, Tag) and node is not content:
            found.append(node)
    return found


def _only_furniture(node: Tag) -> bool:
    """True when every child of ``node`` is furniture or blank text."""
    for child in node.children:
        if isinstance(child, NavigableString):
            if child.strip():
                return False
        elif isinstance(child, Tag) and not _is_furniture(child) and not _only_furniture(child):
            return False
    return True


def _citation(cite: Tag) -> str | None:
    """The APA line and BibTeX entry of ``#how_to_cite``, as plain text lines."""
    for br in cite.find_all("br"):
        br.replace_with("\n")
    paras = [p.get_text() for p in cite.find_all("p")] or [cite.get_text()]
    lines = []
    for text in paras:
        text = "\n".join(line.rstrip() for line in text.strip().splitlines())
        if text and not text.startswith("如果您需要引用本文"):
            lines.append(text)
    return "\n\n".join(lines) or None


#: What MathJax 2 adds around each formula when it renders a page (kept by "save page as").
MATHJAX_CLASSES = ("MathJax_Preview", "MathJax", "MathJax_Display", "MathJax_SVG", "MathJax_SVG_Display",
                   "MathJax_CHTML", "MJX_Assistive_MathML")


def _unrender_mathjax(content: Tag, pos: SourcePos) -> None:
    """Put the TeX back in a page saved *after* MathJax 2 ran in the browser.

    MathJax 2 moves each formula into ``<script type="math/tex">`` (``; mode=display`` for
    display math) next to its rendering; the TeX is restored as ``$…$`` / ``$$…$$`` (or bare
    for an environment, as the site writes it) and the renderings are removed.  MathJax 3
    keeps no TeX, so such a page cannot be read faithfully: SourceError.
    """
    if content.find("mjx-container") is not None:
        raise SourceError("this page was saved after MathJax 3 rendered it, which loses the TeX; "
                          "save it as \"HTML only\" (or fetch the post) instead", pos)
    scripts = content.find_all("script", type=re.compile(r"^math/tex"))
    if not scripts:
        return
    for node in content.find_all(class_=MATHJAX_CLASSES):
        if not node.decomposed:
            node.decompose()
    for script in scripts:
        tex = script.string or ""
        if "mode=display" not in script.get("type", ""):
            script.replace_with(NavigableString(f"${tex}$"))
        elif re.match(r"\s*\\begin\{", tex):
            script.replace_with(NavigableString(tex))
        else:
            script.replace_with(NavigableString(f"$${tex}$$"))
