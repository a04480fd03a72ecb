"""Helpers for the sources tests: a whole post page around a body, and a local HTTP server.


"""

from __future__ import annotations

import contextlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CITE_N = "{n}"

FURNITURE = """
<p><em>转载到请包括本文地址：</em><a href="https://spaces.ac.cn/archives/{n}">https://spaces.ac.cn/archives/{n}</a></p>
<p><em>更详细的转载事宜请参考：</em><a href="https://spaces.ac.cn/archives/6508#文章如何转载/引用" target="_blank">《科学空间FAQ》</a></p>
<div id="content_tips"><p><b>如果您还有什么疑惑或建议，欢迎在下方评论区继续讨论。</b></p></div>
<div id="pay"><p>打赏</p><img src="/usr/themes/pay.png"/></div>
{cite_open}<div id="how_to_cite"><p><b>如果您需要引用本文，请参考：</b></p>
<p>苏剑林. (Jun. 13, 2022). 《{title}》[Blog post]. Retrieved from https://spaces.ac.cn/archives/{n}</p>
<p>@online{{kexuefm-{n},<br/>
        title={{{title}}},<br/>
        author={{苏剑林}},<br/>
        year={{2022}},<br/>
        url={{\\url{{https://spaces.ac.cn/archives/{n}}}}},<br/>
}}</p></div>
<div class="clear"></div>
"""


def make_page(inner: str, *, n: int = 9119, title: str = "示例级数漫谈（一）：几何级数",
              date: str = "2022-06-13", readers: int = 231682, malformed: bool = False) -> str:
    """A whole post page as the site serves it, with ``inner`` as the body's children and
    the site furniture appended (inside a malformed, unclosed ``<blockquote>`` when asked)."""
    furniture = FURNITURE.format(n=n, title=title, cite_open="<blockquote>" if malformed else "")
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"/><title>{title} - 科学空间|Scientific Spaces</title></head>
<body><div id="main"><div class="Post">
<div class="title-wrap"><h1 class="title"><a href="https://spaces.ac.cn/archives/{n}">{title}</a></h1></div>
<div class="submitted">By 苏剑林 | {date} | {readers}位读者 | <a href="#how_to_cite">引用</a></div>
<div class="PostContent" id="PostContent">{inner}{furniture}</div>
<div class="cat">分类：<a href="/category/Mathematics">数学研究</a> 标签：<a href="/tag/series">级数</a>, <a href="/tag/limit">极限</a></div>
</div></div></body></html>
"""


def page_from_source(source_html: str, **kw) -> str:
    """A whole page around a ``../shared/site-pages/N/source.html`` (#PostContent div only)."""
    start = source_html.index(">", source_html.index('id="PostContent"')) + 1
    end = source_html.rindex("</div>")
    return make_page(source_html[start:end], **kw)


ANTIBOT = ('<html><head><script>window.location.href="/archives/9119?_t=1";</script>'
           "</head><body></body></html>")


class Script:
    """What the test server answers: for each path a list of replies, used in order (the last
    repeats).  A reply is ``(status, body)`` or a callable ``handler -> None`` for odd cases."""

    def __init__(self, routes: dict):
        self.routes = {k: list(v) for k, v in routes.items()}
        self.hits: dict[str, int] = {}
        self.agents: list[str] = []
        self.lock = threading.Lock()

    def next(self, path: str):
        with self.lock:
            self.hits[path] = self.hits.get(path, 0) + 1
            replies = self.routes.get(path)
            if not replies:
                return (404, "not found")
            return replies.pop(0) if len(replies) > 1 else replies[0]


def _handler(script: Script):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802 - the http.server API
            script.agents.append(self.headers.get("User-Agent", ""))
            reply = script.next(self.path.split("?")[0])
            if callable(reply):
                reply(self)
                return
            status, body = reply
            data = body.encode("utf-8") if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8" if isinstance(body, str) else "image/png")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    return Handler


def sleepy(seconds: float, then=(200, "late")):
    """A reply that waits ``seconds`` before answering (longer than the client timeout)."""
    def reply(handler):
        time.sleep(seconds)
        with contextlib.suppress(OSError):
            status, body = then
            data = body.encode()
            handler.send_response(status)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
    return reply


def truncated(body: str):
    """A reply that promises more bytes (Content-Length) than it sends, then hangs up."""
    def reply(handler):
        data = body.encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(data) + 1000))
        handler.end_headers()
        handler.wfile.write(data[: len(data) // 2])
        handler.wfile.flush()
        handler.close_connection = True
    return reply


@contextlib.contextmanager
def serve(routes: dict):
    """A ThreadingHTTPServer on 127.0.0.1 in a thread; yields (base_url, script)."""
    script = Script(routes)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(script))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", script
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
