"""The fast paths of the math passes and of the tree walk give what the plain definitions give.

Each oracle below is the straightforward definition the faster code replaced.
"""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from seriesbook.math import normalize_math
from seriesbook.math.tokens import balanced, env_name, is_word, join, split_top, tokenize
from seriesbook.model import InlineMath, Math, Paragraph, SourcePos, Text
from seriesbook.model_math import MathRow
from seriesbook.walk import iter_nodes, map_nodes, replace
from tests.support.math_cases import latex_of

POS = SourcePos("t.md", 1)
TOKENS = st.lists(st.sampled_from(
    ["\\alpha", "\\a", "\\", "\\\\", "\\,", "\\ ", "a", "b", "@", "1", "_", "^", "中", "²", "", " ", "{", "}",
     "&", "\\text", "\\begin", "\\end", "\\left", "\\right", "x\\beta", "\\é", "\x00", "\\alpha_{2}", "\n"]),
    max_size=12)


def join_oracle(tokens):
    out, prev = [], ""
    for tok in tokens:
        if not tok:
            continue
        if is_word(prev) and (tok[0].isalpha() or tok[0] == "@"):
            out.append(" ")
        out.append(tok)
        prev = tok
    return "".join(out)


def split_top_oracle(tokens, sep):
    parts, depth = [[]], 0
    for t in tokens:
        if t in ("{", "\\begin"):
            depth += 1
        elif t in ("}", "\\end"):
            depth -= 1
        if t == sep and depth == 0:
            parts.append([])
        else:
            parts[-1].append(t)
    return parts


def balanced_oracle(tokens):
    stack, i = [], 0
    while i < len(tokens):
        t = tokens[i]
        if t in ("{", "\\left"):
            stack.append(t)
        elif t == "}":
            if not stack or stack[-1] != "{":
                return "a '}' has no '{'" if "{" in stack or not stack else "\\left has no \\right"
            stack.pop()
        elif t == "\\right":
            if not stack or stack[-1] != "\\left":
                return "\\right has no \\left"
            stack.pop()
        elif t in ("\\begin", "\\end"):
            name, j = env_name(tokens, i + 1)
            if t == "\\begin":
                stack.append(name)
            elif not stack or stack[-1] != name:
                return f"\\end{{{name}}} does not close " + (f"{stack[-1]}" if stack else "anything")
            else:
                stack.pop()
            i = j
            continue
        i += 1
    if stack:
        top = stack[-1]
        return {"{": "a '{' is never closed", "\\left": "\\left has no \\right"}.get(top, f"\\begin{{{top}}} is never closed")
    return None


@settings(max_examples=400, deadline=None)
@given(TOKENS)
def test_token_helpers_match_their_definitions(tokens):
    assert join(tokens) == join_oracle(tokens)
    assert balanced(tokens) == balanced_oracle(tokens)
    for sep in ("\\\\", "&"):
        assert split_top(tokens, sep) == split_top_oracle(tokens, sep)


def test_balanced_reads_environment_names_as_tex_does():
    assert balanced(tokenize(r"\begin{aligned}a\\b\end{aligned}")) is None
    assert balanced(tokenize(r"\begin{a}x\end{b}")) == "\\end{b} does not close a"
    assert balanced(tokenize(r"\begin\left x\end\left")) is None  # the name is one token, not a \left


def test_walk_replace_is_dataclasses_replace():
    m = Math("x", False, "$", POS, rows=(MathRow(("x",), "1"),))
    fast, slow = replace(m, error="y", verbatim=True), dataclasses.replace(m, error="y", verbatim=True)
    assert fast == slow and repr(fast) == repr(slow) and fast is not m
    try:
        replace(m, nonsense=1)
    except TypeError as e:
        assert "nonsense" in str(e)
    else:
        raise AssertionError("an unknown field must be refused")


def test_map_nodes_keeps_untouched_subtrees_and_order():
    a, b = Math("a", False, "$", POS), Math("b", False, "$", POS)
    para = Paragraph((Text("t", POS), InlineMath(a, POS), InlineMath(b, POS)), POS)
    assert map_nodes(para, lambda n: n) is para
    seen = [n.tex for n in iter_nodes(para) if isinstance(n, Math)]
    assert seen == ["a", "b"]
    upper = map_nodes(para, lambda n: replace(n, tex=n.tex.upper()) if isinstance(n, Math) else n, stop=(Math,))
    assert [n.tex for n in iter_nodes(upper) if isinstance(n, Math)] == ["A", "B"]
    assert upper.children[0] is para.children[0]


def test_remembered_results_are_not_shared_between_formulas():
    first, _ = normalize_math(Math(r"x_\boldsymbol{B}+中", False, "$", POS))
    again, _ = normalize_math(Math(r"x_\boldsymbol{B}+中", False, "$", POS))
    assert first == again and latex_of(first) == r"\(x_{\boldsymbol{B}}+\text{中}\)"
