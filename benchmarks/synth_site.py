"""A large synthetic portal served on 127.0.0.1 (for benchmarks/bench_crawl.py).

``N`` pages ``/p/<i>.html`` of about 55 KB each with about 75 links: a menu of 20 sections,
10 child pages (``10*i+1 … 10*i+10``, so every page is reachable breadth-first from the home
page), 40 "related" pages spread over the site, and a footer. Pages carry an ``ETag`` and
answer ``304 Not Modified`` to a matching ``If-None-Match``. Pages are generated on request
(nothing is held in memory). The server is a small asyncio HTTP/1.1 server with keep-alive
running in a thread; it counts the bytes it sends (``SynthSite.bytes_sent``).
"""

from __future__ import annotations

import asyncio
import threading

MENU = [("Giới thiệu", "gioi-thieu"), ("Cơ cấu tổ chức", "co-cau-to-chuc"), ("Lãnh đạo", "lanh-dao"),
        ("Tin tức - Sự kiện", "tin-tuc"), ("Chỉ đạo điều hành", "chi-dao-dieu-hanh"), ("Lịch công tác", "lich-cong-tac"),
        ("Văn bản pháp luật", "van-ban"), ("Quy hoạch - Kế hoạch", "quy-hoach"), ("Dự án - Đấu thầu", "dau-thau"),
        ("Lấy ý kiến dự thảo", "du-thao"), ("Hỏi đáp", "hoi-dap"), ("Thống kê", "thong-ke"), ("Liên hệ", "lien-he"),
        ("Sơ đồ cổng", "so-do-cong"), ("Dịch vụ công", "dich-vu-cong"), ("Phổ biến pháp luật", "pho-bien"),
        ("Khen thưởng", "khen-thuong"), ("Trả lời kiến nghị", "kien-nghi"), ("Khoa học công nghệ", "khcn"),
        ("English", "en")]
WORDS = ("Sở Xây dựng tỉnh tổ chức hội nghị triển khai kế hoạch năm về công tác quản lý nhà nước trên địa bàn "
         "các huyện thị xã thành phố nhằm nâng cao chất lượng dịch vụ công trực tuyến cho người dân và doanh nghiệp ").split()


def _filler(i: int, size: int) -> str:
    out, n, k = [], 0, i
    while n < size:
        k = (k * 1103515245 + 12345) & 0x7FFFFFFF
        sent = " ".join(WORDS[(k >> s) % len(WORDS)] for s in range(0, 24, 2)) + ". "
        out.append(sent)
        n += len(sent.encode("utf-8"))
    return "".join(out)


_FILLER = [_filler(j, 51_000) for j in range(16)]


def page_html(i: int, n: int) -> bytes:
    menu = "".join(f'<li><a href="/{slug}/{(i % 7)}.html">{name}</a></li>' if False else
                   f'<li><a href="/p/{(k * 37 + 1) % n}.html">{name}</a></li>' for k, (name, slug) in enumerate(MENU))
    kids = "".join(f'<li><a href="/p/{c}.html">Bài viết số {c}</a></li>' for c in range(10 * i + 1, 10 * i + 11) if c < n)
    rel = "".join(f'<li><a href="/p/{(i * 7919 + k * 104729) % n}.html?ref=rel">Tin liên quan {k}</a></li>' if k % 10 == 0 else
                  f'<li><a href="/p/{(i * 7919 + k * 104729) % n}.html">Tin liên quan {k}</a></li>' for k in range(40))
    foot = ('<footer><p>Địa chỉ: 01 Trần Hưng Đạo. Điện thoại: 0255 3822 111. Email: '
            '<a href="mailto:sxd@example.gov.vn">sxd@example.gov.vn</a></p>'
            '<a href="/p/0.html">Trang chủ</a> <a href="/p/1.html">Liên hệ</a> <a href="/p/2.html">Sơ đồ</a></footer>')
    body = (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Trang {i} - Sở Xây dựng</title>'
            f'<meta name="DC.title" content="Trang {i}"></head><body><header><nav class="mainmenu"><ul>{menu}</ul></nav>'
            f'</header><main><article><h1>Bài viết {i}</h1><p class="date">Ngày 12/11/2026</p><p>{_FILLER[i % 16]}</p>'
            f'<ul class="children">{kids}</ul></article><aside class="sidebar"><ul>{rel}</ul></aside></main>{foot}'
            f'</body></html>')
    return body.encode("utf-8")


class SynthSite:
    def __init__(self, n: int = 10_000):
        self.n = n
        self.bytes_sent = 0
        self.requests = 0
        self.not_modified = 0
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> SynthSite:
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)

    def reset_counters(self) -> None:
        self.bytes_sent = self.requests = self.not_modified = 0

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        server = self._loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", 0, backlog=512))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = {}
                for ln in lines[1:]:
                    if ":" in ln:
                        k, v = ln.split(":", 1)
                        headers[k.strip().lower()] = v.strip()
                status, hdrs, body = self._respond(method, target, headers)
                out = [f"HTTP/1.1 {status}\r\n"] + [f"{k}: {v}\r\n" for k, v in hdrs.items()]
                out.append(f"Content-Length: {len(body)}\r\n\r\n")
                data = "".join(out).encode("latin-1") + (body if method != "HEAD" else b"")
                self.bytes_sent += len(data)
                self.requests += 1
                writer.write(data)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()

    def _respond(self, method: str, target: str, headers: dict[str, str]):
        path = target.split("?", 1)[0]
        if path in ("/", "/index.html"):
            i = 0
        elif path.startswith("/p/") and path.endswith(".html") and path[3:-5].isdigit():
            i = int(path[3:-5])
            if i >= self.n:
                return "404 Not Found", {"Content-Type": "text/html"}, b"not found"
        else:
            return "404 Not Found", {"Content-Type": "text/html"}, b"<html><body>not found</body></html>"
        etag = f'"p{i}-v1"'
        common = {"ETag": etag, "Last-Modified": "Thu, 12 Nov 2026 00:00:00 GMT", "Cache-Control": "max-age=0"}
        if headers.get("if-none-match") == etag:
            self.not_modified += 1
            return "304 Not Modified", common, b""
        return "200 OK", {"Content-Type": "text/html; charset=utf-8", **common}, page_html(i, self.n)
