"""Benchmark: ``d43 scan`` of N generated fixture portals served on 127.0.0.1.

    /work/venv/bin/python benchmarks/bench_scan.py [--portals 60] [--pages 12] [--workers 4]
                                                   [--rules FILE] [--keep DIR]

Generates a province of N small portals (one province portal, the rest departments and
districts, each with ``--pages`` pages: menus, news list and articles, sitemap, contacts,
leaders …), serves them with :class:`checker.demo.server.PortalServer` (virtual hosting on
one random port), writes a registry with ``resolve`` entries and runs the real
``d43 scan`` command in a subprocess with politeness off (``--delay 0``, no rendering).
Prints wall time, pages fetched, portals per minute and pages per second. The target of
issue 5: 60 portals in under 2 minutes on a 2-core machine.

The generator (:func:`make_province`) and the small rule set (:data:`TEST_RULES`) are also
used by tests/test_scan.py.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

D43 = [sys.executable, "-c", "import sys; from checker.cli import main; sys.exit(main())"]
DOMAIN = "thuvien.gov.vn"  # a made-up province domain

#: a small rule set whose rules the generated portals pass (unless told otherwise)
TEST_RULES = """\
schema: d43.rules/1
name: scan-test
version: "t1"
rules:
  - id: news.section
    title: {vi: "Tin tức, sự kiện", en: "News and events"}
    legal: {document: "ND43/2011", article: 10, text: {vi: "Điều 10.1.b", en: "Art. 10.1.b"}}
    levels: [province, department, district]
    severity: serious
    check: {section: {terms: ["tin tức", "tin tức sự kiện"], url_terms: ["tin-tuc"]}}
  - id: access.sitemap
    title: {vi: "Sơ đồ cổng", en: "Site map"}
    legal: {document: "ND43/2011", article: 15, text: {vi: "Điều 15", en: "Art. 15"}}
    levels: [province, department, district]
    severity: moderate
    check: {section: {terms: ["sơ đồ trang", "sơ đồ cổng"], url_terms: ["so-do-trang"], min_items: 3}}
  - id: contact.portal
    title: {vi: "Liên hệ", en: "Contact"}
    legal: {document: "ND43/2011", article: 10, text: {vi: "Điều 10.1", en: "Art. 10.1"}}
    levels: [province, department, district]
    severity: moderate
    check: {section: {terms: ["liên hệ"], url_terms: ["lien-he"]}}
"""

_LOREM = ("Ủy ban nhân dân tỉnh triển khai kế hoạch cải cách hành chính, nâng cao chất lượng phục vụ "
          "người dân và doanh nghiệp, đẩy mạnh ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước. ")


def _page(title: str, body: str, nav: list[tuple[str, str]]) -> str:
    menu = "".join(f'<li><a href="{h}">{html.escape(t)}</a></li>' for h, t in nav)
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
            f'<body><header><nav><ul class="menu">{menu}</ul></nav></header>'
            f'<main><h1>{html.escape(title)}</h1>{body}</main>'
            f'<footer><p>Bản quyền thuộc {html.escape(title)}</p></footer></body></html>')


def make_portal(root: Path, host: str, name: str, *, pages: int = 12, sitemap: bool = True) -> int:
    """One portal directory ``root/host``; returns the number of HTML pages written."""
    d = root / host
    d.mkdir(parents=True, exist_ok=True)
    nav = [("/", "Trang chủ"), ("/gioi-thieu.html", "Giới thiệu"), ("/tin-tuc/", "Tin tức"),
           ("/lien-he.html", "Liên hệ")]
    if sitemap:
        nav.append(("/so-do-trang.html", "Sơ đồ trang"))
    n_articles = max(3, pages - 5)
    written = 0

    def put(rel: str, title: str, body: str) -> None:
        nonlocal written
        f = d / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(_page(f"{title} - {name}", body, nav), encoding="utf-8")
        written += 1

    put("index.html", name, f"<p>{_LOREM * 2}</p>")
    put("gioi-thieu.html", "Giới thiệu", f"<p>{_LOREM * 4}</p>")
    items = "".join(f'<li><a href="/tin-tuc/bai-{i}.html">Tin hoạt động số {i} của {html.escape(name)}</a> '
                    f'<span>{(i % 28) + 1:02d}/11/2026</span></li>' for i in range(n_articles))
    put("tin-tuc/index.html", "Tin tức", f"<ul>{items}</ul>")
    for i in range(n_articles):
        put(f"tin-tuc/bai-{i}.html", f"Tin hoạt động số {i}", f"<p>Ngày {(i % 28) + 1:02d}/11/2026</p><p>{_LOREM * 3}</p>")
    put("lien-he.html", "Liên hệ", "<p>Địa chỉ: số 1 đường Trần Phú, thành phố Thư Viện. Điện thoại: 0255 3822 123. "
        f"Fax: 0255 3822 124. Thư điện tử: vanphong@{host}</p><p>{_LOREM * 2}</p>")
    if sitemap:
        links = "".join(f'<li><a href="{h}">{html.escape(t)}</a></li>' for h, t in nav)
        put("so-do-trang.html", "Sơ đồ trang", f"<ul>{links}</ul>")
    return written


def make_province(root: Path, n: int, *, pages: int = 12, extra_portals: list[dict] | None = None) -> Path:
    """``n`` portals under ``root`` (host directories) and ``root/registry.yaml`` (URLs without port)."""
    root.mkdir(parents=True, exist_ok=True)
    portals = []
    for i in range(n):
        if i == 0:
            pid, host, level, name = "tinh", DOMAIN, "province", "UBND tỉnh Thư Viện"
        elif i % 3:
            pid, host, level, name = f"so{i:02d}", f"so{i:02d}.{DOMAIN}", "department", f"Sở số {i}"
        else:
            pid, host, level, name = f"huyen{i:02d}", f"huyen{i:02d}.{DOMAIN}", "district", f"UBND huyện số {i}"
        make_portal(root, host, name, pages=pages)
        entry = {"id": pid, "name": name, "url": f"http://{host}/", "level": level}
        if i:
            entry["parent"] = "tinh"
        portals.append(entry)
    portals += extra_portals or []
    reg = root / "registry.yaml"
    reg.write_text(yaml.safe_dump({"name": "Tỉnh Thư Viện", "defaults": {"max_pages": 50, "render": "never"},
                                   "portals": portals}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return reg


def served_registry(source: Path, server, dest: Path, *, defaults: dict | None = None) -> Path:
    """``source`` with the server's port in every URL and its resolve entries."""
    from checker.demo.run import demo_registry

    demo_registry(source, server.port, server.resolve_entries(), dest)
    if defaults:
        doc = yaml.safe_load(dest.read_text(encoding="utf-8"))
        doc["defaults"].update(defaults)
        dest.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--portals", type=int, default=60)
    ap.add_argument("--pages", type=int, default=12, help="HTML pages per portal")
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--rules", help="rules file (default: the bundled decree43.yaml)")
    ap.add_argument("--keep", help="keep the output in this folder")
    args = ap.parse_args()
    from checker.demo.server import PortalServer

    with tempfile.TemporaryDirectory(prefix="d43-bench-") as tmp:
        tmp_path = Path(tmp)
        t0 = time.monotonic()
        source = make_province(tmp_path / "portals", args.portals, pages=args.pages)
        gen = time.monotonic() - t0
        out = Path(args.keep) if args.keep else tmp_path / "out"
        with PortalServer(tmp_path / "portals") as server:
            reg = served_registry(source, server, tmp_path / "registry.yaml")
            cmd = D43 + ["scan", str(reg), "--out", str(out), "--db",
                   str(out / "history.sqlite"), "--delay", "0", "--render", "never", "--ignore-robots",
                   "--workers", str(args.workers), "--fail-on", "never", "--now", "2026-11-22"]
            if args.rules:
                cmd += ["--rules", args.rules]
            t1 = time.monotonic()
            proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True,
                                  env={**os.environ, "D43_NO_BROWSER": "1"})
            wall = time.monotonic() - t1
        if proc.returncode not in (0, 1):
            print(proc.stdout[-3000:], proc.stderr[-3000:], sep="\n")
            print(f"scan failed with exit {proc.returncode}")
            return 1
        results = json.loads((out / "results.json").read_text(encoding="utf-8"))
        pages = sum(p["pages_fetched"] for p in results["portals"])
        errors = sum(1 for p in results["portals"] if p.get("status") == "error")
        print(f"portals:        {len(results['portals'])} ({errors} unreachable), generated in {gen:.1f} s")
        print(f"pages fetched:  {pages}")
        print(f"wall time:      {wall:.1f} s  (workers {args.workers}, cpus {os.cpu_count()})")
        print(f"portals/min:    {len(results['portals']) / wall * 60:.1f}")
        print(f"pages/s:        {pages / wall:.1f}")
        print(f"target (60 portals < 120 s): {'met' if wall < 120 * len(results['portals']) / 60 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
