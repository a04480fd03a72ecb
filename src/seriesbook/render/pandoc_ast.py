"""Pieces of pandoc's JSON AST and the ids the EPUB uses (pure helpers of :mod:`.epub`)."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from functools import cache

from .. import model as m
from . import epub_math

_NOATTR = ["", [], []]
_CJK = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_SPACE_RUN = re.compile(r"\s+")
_CJK_END = re.compile(f"[{_CJK}]$")
_CJK_START = re.compile(f"^[{_CJK}]")
_SAFE_COLOR = re.compile(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{1,30}")


@dataclass(frozen=True)
class MathImage:
    """A formula drawn by TeX as SVG; sizes in em of the surrounding text."""

    path: str
    width: float
    height: float
    depth: float


@cache
def pandoc_api_version() -> list[int]:
    """The ``pandoc-api-version`` of the bundled pandoc (asked once per process)."""
    import pypandoc

    return json.loads(pypandoc.convert_text("", "json", format="markdown"))["pandoc-api-version"]


def formula_key(math: m.Math) -> str:
    """A stable key of what a formula looks like in the EPUB (for caches and image maps)."""
    text = ("D" if math.display else "I") + (epub_math.formula(math) or math.tex)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _key(post_key: str) -> str:
    """A post key as it may appear in an id (keys are ``p9119`` or slugs; no spaces or quotes)."""
    return re.sub(r"[^\w-]+", "-", post_key)


def chap_id(post_key: str) -> str:
    """The anchor of a post's chapter: ``chap-<post>``."""
    return f"chap-{_key(post_key)}"


def eq_id(post_key: str, label: str) -> str:
    """The anchor of a labelled equation: ``eq-<post>-<label sanitised>``."""
    return f"eq-{_key(post_key)}-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", label).strip("-") or "x")


def eqno_id(post_key: str, number: str) -> str:
    """The anchor of an equation number: ``eq-<post>-n<number>``."""
    return f"eq-{_key(post_key)}-n" + re.sub(r"[^A-Za-z0-9_-]+", "-", number)


def book_identifier(meta: m.BookMeta) -> str:
    """A stable identifier per series: a UUID5 of the site and the series name."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{meta.site.rstrip('/')}/seriesbook/{meta.name}"))


# --------------------------------------------------------------------------- AST helpers


def _el(t: str, c=None) -> dict:
    return {"t": t} if c is None else {"t": t, "c": c}


def _attr(ident: str = "", classes=(), **kv: str) -> list:
    return [ident, list(classes), [[k, v] for k, v in kv.items()]]


def _str(text: str) -> list[dict]:
    """Plain text as Str/Space inlines; a line break between two CJK characters is dropped."""
    out: list[dict] = []
    words: list[str] = []   # pieces of the current Str (joined across dropped line breaks)
    pos = 0
    for match in _SPACE_RUN.finditer(text):
        words.append(text[pos:match.start()])
        joined = "\n" in match.group() and _CJK_END.search(text[:match.start()]) and _CJK_START.search(text[match.end():])
        if not joined:
            if "".join(words):
                out.append(_el("Str", "".join(words)))
            out.append(_el("Space"))
            words = []
        pos = match.end()
    words.append(text[pos:])
    if "".join(words):
        out.append(_el("Str", "".join(words)))
    return out


def _meta(value) -> dict:
    if isinstance(value, list):
        return _el("MetaList", [_meta(v) for v in value])
    return _el("MetaString", value)
