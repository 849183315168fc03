"""The browser stays inside the address policy at every hop (issue 14, point 5).

A hostile portal (served on 127.0.0.1, reached as ``hostile.test`` through ``--resolve``)
tries every way a page can make Chromium connect somewhere — subresources, iframes,
fetch/XHR, beacons, EventSource, WebSocket, preconnect, popups, navigations — directly and
through its own URLs answering 302/307, against a *canary*: another port of 127.0.0.1 that
counts accepted TCP connections, plus ``localhost``, ``[::1]`` and the metadata address.
The canary must accept nothing, with and without ``allow_private``. A control run shows that
the same page does reach the canary when Chromium is not behind d43's proxy, so a zero here
means the proxy stopped the tricks, not that the tricks never fired.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from servers import TestServer, html, redirect

from crawlers import browser as browser_mod
from crawlers.browser import BrowserSession
from crawlers.options import CrawlOptions
from crawlers.proxy import PolicyProxy
from crawlers.safety import AddressPolicy, allow_start

HOST = "hostile.test"
META = "http://169.254.169.254/latest/meta-data/"


class Canary:
    """A TCP server that counts every accepted connection (on 127.0.0.1, and on ::1 at the
    same port when IPv6 loopback works) and answers a tiny HTTP response."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.accepted = 0
        self._lock = threading.Lock()
        self._socks = [socket.create_server((host, port))]
        self.port = self._socks[0].getsockname()[1]
        self.v6 = False
        if host == "127.0.0.1":
            try:
                self._socks.append(socket.create_server(("::1", self.port), family=socket.AF_INET6))
                self.v6 = True
            except OSError:
                pass
        for s in self._socks:
            threading.Thread(target=self._serve, args=(s,), daemon=True).start()

    def _serve(self, s: socket.socket) -> None:
        while True:
            try:
                conn, _ = s.accept()
            except OSError:
                return
            with self._lock:
                self.accepted += 1
            try:
                conn.settimeout(1)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
                             b"Connection: close\r\n\r\nok")
            except OSError:
                pass
            finally:
                conn.close()

    def close(self) -> None:
        for s in self._socks:
            s.close()


def targets(canary: Canary) -> dict[str, str]:
    t = {"c": f"http://127.0.0.1:{canary.port}/canary", "l": f"http://localhost:{canary.port}/canary", "m": META}
    if canary.v6:
        t["6"] = f"http://[::1]:{canary.port}/canary"
    return t


def hostile_routes(canary: Canary) -> dict:
    """The hostile portal: one page trying every trick, redirectors, navigation pages."""
    tg = targets(canary)
    urls = list(tg.values())
    for k in tg:  # the same targets behind the portal's own URLs (the route guard sees only these)
        urls += [f"/r302/{k}", f"/r307/{k}"]
    ws = [f"ws://127.0.0.1:{canary.port}/ws", f"ws://localhost:{canary.port}/ws", "ws://169.254.169.254/ws",
          "/r302/c"]  # the last: a WebSocket handshake answered by a redirect
    tags = []
    for u in urls:
        tags += [f'<img src="{u}">', f'<script src="{u}"></script>', f'<link rel="stylesheet" href="{u}">',
                 f'<iframe src="{u}"></iframe>', f'<link rel="preconnect" href="{u}">',
                 f'<link rel="prefetch" href="{u}">', f'<video src="{u}"></video>', f'<object data="{u}"></object>']
    script = """
    const urls = URLS, ws = WS;
    for (const u of urls) {
      fetch(u, {mode: "no-cors"}).catch(() => 0);
      try { const x = new XMLHttpRequest(); x.open("GET", u); x.send(); } catch (e) {}
      try { navigator.sendBeacon(u, "x"); } catch (e) {}
      try { new EventSource(u); } catch (e) {}
    }
    for (const w of ws) {
      try { new WebSocket(w.startsWith("/") ? "ws://" + location.host + w : w); } catch (e) {}
    }
    try { window.open(urls[0]); window.open("/r302/c"); } catch (e) {}
    const s = document.createElement("style");
    s.textContent = urls.map((u, i) => `@import url("${u}"); .b${i} {background: url("${u}")}`).join("\\n");
    document.head.appendChild(s);
    fetch("/done").catch(() => 0);  // proves the script ran and allowed requests still work
    """.replace("URLS", json.dumps(urls)).replace("WS", json.dumps(ws))
    home = (f"<html><head><title>Hostile</title></head><body><p>hostile page</p>{''.join(tags)}"
            f"<script>{script}</script></body></html>")
    routes = {"/": html(home), "/done": html("done"),
              "/nav302": redirect(tg["c"]), "/nav307": redirect(tg["c"], 307), "/navmeta": redirect(META),
              "/refresh": html(f'<html><head><meta http-equiv="refresh" content="0;url={tg["c"]}"></head>'
                               '<body>refresh</body></html>'),
              "/jsnav": html('<html><body>js<script>location.href = "/r307/c";</script></body></html>')}
    for k, u in tg.items():
        routes[f"/r302/{k}"] = redirect(u)
        routes[f"/r307/{k}"] = redirect(u, 307)
    return routes


@pytest.fixture(scope="module")
def portal():
    canary = Canary()
    with TestServer(hostile_routes(canary)) as srv:
        yield canary, srv
    canary.close()


def attack(b: BrowserSession, srv: TestServer) -> None:
    """Render the hostile pages, and keep the main one open so async requests fire."""
    p = b.render(srv.url(HOST), wait_ms=1000)
    assert p.status == 200 and "hostile page" in p.text, p.error
    page = b.new_page()
    try:
        page.goto(srv.url(HOST), wait_until="domcontentloaded")
        page.wait_for_timeout(3000)
    finally:
        page.close()
    for path in ("/nav302", "/nav307", "/navmeta"):
        p = b.render(srv.url(HOST, path), wait_ms=0)
        assert p.status is None and "blocked" in (p.error or ""), (path, p.status, p.error)
    for path in ("/refresh", "/jsnav"):
        b.render(srv.url(HOST, path), wait_ms=1500)


@pytest.mark.browser
@pytest.mark.parametrize("allow_private, route_guard", [(False, True), (True, True), (True, False)],
                         ids=["default", "allow-private", "allow-private-proxy-alone"])
def test_hostile_portal_cannot_make_the_browser_reach_the_canary(portal, allow_private, route_guard, monkeypatch):
    canary, srv = portal
    if not route_guard:  # the proxy alone must hold: the route handler lets everything through
        monkeypatch.setattr(BrowserSession, "_guard", lambda self, route: route.continue_())
    opts = CrawlOptions(resolve=[srv.resolve(HOST)], allow_private=allow_private, timeout=5)
    opts = allow_start(opts, srv.url(HOST))  # what crawl() does: the start URL is operator-named
    before = len(srv.requests_for("/r302/"))
    with BrowserSession(opts) as b:
        if not b.available:
            pytest.skip(b.reason)
        attack(b, srv)
        blocked = "\n".join(b.blocked)
    assert canary.accepted == 0, blocked
    # the tricks did fire: the script ran, and the redirectors were asked (and refused later)
    assert srv.requests_for("/done") and len(srv.requests_for("/r302/")) > before
    assert f"127.0.0.1:{canary.port}" in blocked and f"localhost:{canary.port}" in blocked
    assert "169.254.169.254" in blocked and "metadata" in blocked
    assert f"CONNECT 127.0.0.1:{canary.port}" in blocked  # the WebSocket, refused by the proxy
    if canary.v6:
        assert f"[::1]:{canary.port}" in blocked


@pytest.mark.browser
def test_control_without_the_proxy_the_same_page_reaches_the_canary(monkeypatch):
    """Request interception alone (the guard before issue 14) lets redirects and WebSockets
    through: this is what the proxy is for, and it proves the canary can count."""
    canary = Canary()
    try:
        with TestServer(hostile_routes(canary)) as srv:
            monkeypatch.setattr(browser_mod, "proxy_args", lambda port: [])
            start = f"http://127.0.0.1:{srv.port}/"  # no proxy, so no --resolve mapping either
            opts = CrawlOptions(allow_private=True, allow=[f"127.0.0.1:{srv.port}"], timeout=5)
            with BrowserSession(opts) as b:
                if not b.available:
                    pytest.skip(b.reason)
                b.render(start, wait_ms=2000)
        assert canary.accepted > 0
    finally:
        canary.close()


# -- the proxy itself (no browser) -----------------------------------------------------------
def _ask(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        out = b""
        while chunk := s.recv(65536):
            out += chunk
        return out


def test_proxy_pins_the_vetted_address_when_dns_answers_change():
    """A resolver answering a public address first and 127.0.0.1 afterwards (DNS rebinding):
    the proxy resolves once per connection and connects to exactly the address it vetted."""
    answers = [["8.8.8.8"]]
    asked: list[str] = []
    opened: list[tuple[str, int]] = []
    blocked: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        asked.append(host)
        return answers[0] if len(asked) == 1 else ["127.0.0.1"]

    canary = Canary()
    with TestServer({"/": html("public stand-in")}) as public:
        async def opener(addr: str, port: int):
            import asyncio

            opened.append((addr, port))
            # 8.8.8.8 is played by a local server; any other address goes where it says
            return await asyncio.open_connection("127.0.0.1" if addr == "8.8.8.8" else addr,
                                                 public.port if addr == "8.8.8.8" else port)

        policy = AddressPolicy(CrawlOptions())
        with PolicyProxy(policy, resolver=resolver, opener=opener, on_block=blocked.append) as proxy:
            host = f"rebind.test:{canary.port}"
            out = _ask(proxy.port, f"GET http://{host}/ HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            assert b"public stand-in" in out and b"Connection: close" in out
            out = _ask(proxy.port, f"CONNECT {host} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            assert out.startswith(b"HTTP/1.1 403") and b"X-D43-Blocked" in out
            # a name with one bad answer among good ones is refused as a whole
            answers[0] = ["8.8.8.8", "127.0.0.1"]
            asked.clear()
            out = _ask(proxy.port, f"CONNECT {host} HTTP/1.1\r\n\r\n".encode())
            assert out.startswith(b"HTTP/1.1 403")
    canary.close()
    assert opened == [("8.8.8.8", canary.port)]  # the first connection, to the vetted address only
    assert canary.accepted == 0
    assert len(blocked) == 2 and all(f"rebind.test:{canary.port}" in b and "loopback" in b for b in blocked)


def test_proxy_survives_bad_clients_and_relays_tunnels():
    with TestServer({"/": html("tunnelled")}) as srv, \
            PolicyProxy(AddressPolicy(CrawlOptions(resolve=[srv.resolve("ok.test")])), idle_timeout=1.0) as proxy:
        assert _ask(proxy.port, b"GET http://x/ HTTP/1.1\r\n" + b"X: " + b"a" * 70_000 + b"\r\n\r\n").startswith(
            b"HTTP/1.1 431")
        assert _ask(proxy.port, b"garbage\r\n\r\n").startswith(b"HTTP/1.1 400")
        assert _ask(proxy.port, b"GET /relative HTTP/1.1\r\n\r\n").startswith(b"HTTP/1.1 400")
        assert _ask(proxy.port, b"CONNECT ok.test:0 HTTP/1.1\r\n\r\n").startswith(b"HTTP/1.1 400")
        with socket.create_connection(("127.0.0.1", proxy.port)) as s:
            s.sendall(b"CONNECT ok.te")  # and hangs up mid-head
        # a tunnel (how https and WebSockets go): bytes relayed both ways
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as s:
            s.sendall(f"CONNECT ok.test:{srv.port} HTTP/1.1\r\n\r\n".encode())
            assert s.recv(100).startswith(b"HTTP/1.1 200")
            s.sendall(f"GET / HTTP/1.1\r\nHost: ok.test:{srv.port}\r\n\r\n".encode())
            got = b""
            while b"tunnelled" not in got:
                got += s.recv(65536)
            # the server keeps the connection alive; the idle tunnel is closed by the proxy
            while s.recv(65536):
                pass
        # a request with a body (chunked) still goes through afterwards
        out = _ask(proxy.port, (f"POST http://ok.test:{srv.port}/ HTTP/1.1\r\nHost: ok.test:{srv.port}\r\n"
                                "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n").encode())
        assert out.startswith(b"HTTP/1.1 200") and b"tunnelled" in out
    assert srv.requests_for("/")[-1].method == "POST"


# -- the metadata address for real, in a network namespace -----------------------------------
_NETNS_SCRIPT = r"""
import json, socket, subprocess, sys, urllib.request
sys.path[:0] = [ROOT, ROOT + "/tests"]
subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
subprocess.run(["ip", "addr", "add", "169.254.169.254/32", "dev", "lo"], check=True)
from test_browser_policy import Canary, HOST, attack, hostile_routes
from servers import TestServer
from crawlers.browser import BrowserSession
from crawlers.options import CrawlOptions
meta = Canary("169.254.169.254", 80)
# control: without the browser the metadata canary is reachable here
control = urllib.request.build_opener(urllib.request.ProxyHandler({})).open(
    "http://169.254.169.254/latest/meta-data/", timeout=5).read()
reached = meta.accepted
meta.accepted = 0
local = Canary()
out = {"control": control.decode(), "reached": reached}
with TestServer(hostile_routes(local)) as srv:
    for allow_private in (False, True):
        opts = CrawlOptions(resolve=[srv.resolve(HOST)], allow_private=allow_private, timeout=5)
        with BrowserSession(opts) as b:
            if not b.available:
                out["skip"] = b.reason
                break
            attack(b, srv)
            out[str(allow_private)] = {"meta": meta.accepted, "local": local.accepted, "blocked": b.blocked}
print("RESULT " + json.dumps(out))
"""


def _netns_ok() -> str | None:
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("ip"):
        return "needs root, unshare and ip to add 169.254.169.254 to lo of a private network namespace"
    r = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False)
    return None if r.returncode == 0 else f"unshare -n not permitted: {r.stderr.decode(errors='replace')[:200]}"


@pytest.mark.browser
def test_metadata_address_for_real_in_a_network_namespace():
    why = _netns_ok()
    if why:
        pytest.skip(why)
    root = str(Path(__file__).resolve().parent.parent)
    script = f"ROOT = {root!r}\n" + _NETNS_SCRIPT
    r = subprocess.run(["unshare", "-n", sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                       check=False)
    lines = [line for line in r.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, r.stderr[-3000:]
    out = json.loads(lines[-1][7:])
    if "skip" in out:
        pytest.skip(out["skip"])
    assert out["control"] == "ok" and out["reached"] == 1  # the metadata canary is really there
    for allow_private in ("False", "True"):
        res = out[allow_private]
        assert res["meta"] == 0 and res["local"] == 0, res
        assert any("169.254.169.254" in x and "metadata" in x for x in res["blocked"])


@pytest.mark.browser
def test_an_internal_portal_named_by_its_address_renders_through_the_proxy():
    """``d43 check http://127.0.0.1:PORT/ --allow-private``: the start URL's host:port is
    operator-named, so the crawler and the browser (through the proxy) both reach it."""
    from crawlers.crawl import crawl

    built = ('<html><body><div id="app"></div><script>document.getElementById("app").innerHTML ='
             ' "<p>built by script</p>";</script></body></html>')
    with TestServer({"/": html(built)}) as srv:
        opts = CrawlOptions(allow_private=True, render="always", max_pages=1, delay=0, timeout=5, retries=0)
        snap = crawl(f"http://127.0.0.1:{srv.port}/", opts)
        snap.close()
    assert snap.home.ok and snap.home.rendered and "built by script" in snap.home.text
