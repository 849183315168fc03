"""Tests for checker.demo.server.PortalServer (real server on 127.0.0.1, httpx client)
and for the consistency of the bundled sample province."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
import yaml

from checker.demo.server import PortalServer

PROVINCE = Path(__file__).resolve().parents[1] / "checker" / "demo" / "province"
LEGAL = Path(__file__).resolve().parents[1] / "docs" / "legal.md"  # the rule catalogue
HTTP = httpx.Client(timeout=5, trust_env=False)  # one client: keep-alive, no proxy lookup


def _write(root: Path, rel: str, data: str | bytes) -> None:
    f = root / rel
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


@pytest.fixture()
def site(tmp_path: Path):
    _write(tmp_path, "a.gov.vn/index.html", '<html><body><a href="http://b.gov.vn/">B</a> <a href="http://b.gov.vn">B2</a>'
                                            "<a href='//a.gov.vn/x'>self</a> <a href=\"http://b.gov.vn.evil.com/\">not ours</a>"
                                            " http://b.gov.vnx/ </body></html>")
    _write(tmp_path, "a.gov.vn/gioi-thieu.html", "<html><head><title>Giới thiệu</title></head><body><main>Lịch sử hình thành Sở</main></body></html>")
    _write(tmp_path, "a.gov.vn/tin-tuc/index.html", "<html><body><nav>Tin tức menu</nav><main>Danh sách tin</main></body></html>")
    _write(tmp_path, "a.gov.vn/Pages/LanhDao.aspx", "<html><body><main>Giám đốc Sở phụ trách chung</main></body></html>")
    _write(tmp_path, "a.gov.vn/files/doc.pdf", b"%PDF-1.4 fake")
    _write(tmp_path, "a.gov.vn/raw", "extension-less")
    _write(tmp_path, "a.gov.vn/_meta/art12.html", "<html><head><title>Bài 12</title></head><body><main>Quy hoạch xử lý chất thải rắn</main></body></html>")
    _write(tmp_path, "a.gov.vn/legacy.html", "Vi\u1ec7t".encode("utf-8"))
    _write(tmp_path, "a.gov.vn/_meta.yaml", yaml.safe_dump({
        "search": {"path": "/tim-kiem", "param": "keyword", "pretty_urls": True},
        "paths": {
            "/old": {"redirect": "/gioi-thieu", "status": 301},
            "/away": {"redirect": "http://b.gov.vn/landing"},
            "/hoi-dap": {"status": 404},
            "/gone.html": {"status": 410},
            "/legacy.html": {"content_type": "text/html; charset=ISO-8859-1", "headers": {"X-Powered-By": "ASP.NET"}},
            "/index.php?option=com_content&id=12": {"body_file": "_meta/art12.html"},
        }}, allow_unicode=True))
    _write(tmp_path, "b.gov.vn/index.html", "<html><body><p>Portal B</p></body></html>")
    _write(tmp_path, "not_a_host/index.html", "x")
    with PortalServer(tmp_path) as srv:
        yield srv


def get(srv: PortalServer, host: str, path: str, **kw) -> httpx.Response:
    return HTTP.get(f"http://127.0.0.1:{srv.port}{path}", headers={"Host": f"{host}:{srv.port}"}, timeout=5, **kw)


def test_hosts_urls_and_resolve_entries(site: PortalServer):
    assert site.hosts == ["a.gov.vn", "b.gov.vn"]
    assert site.port > 0
    assert site.url("a.gov.vn") == f"http://a.gov.vn:{site.port}/"
    assert site.url("a.gov.vn", "tin-tuc") == f"http://a.gov.vn:{site.port}/tin-tuc"
    assert site.resolve_entries() == [f"a.gov.vn:{site.port}:127.0.0.1", f"b.gov.vn:{site.port}:127.0.0.1"]


def test_virtual_hosting_selects_directory_by_host(site: PortalServer):
    assert "Portal B" in get(site, "b.gov.vn", "/").text
    assert "Portal B" not in get(site, "a.gov.vn", "/").text
    assert get(site, "unknown.gov.vn", "/").status_code == 404
    # Host without port and with upper case is accepted too
    r = HTTP.get(f"http://127.0.0.1:{site.port}/", headers={"Host": "B.GOV.VN"})
    assert "Portal B" in r.text


def test_works_with_curl_style_resolve_via_transport(site: PortalServer):
    # What the crawler does: connect to 127.0.0.1 while the URL keeps the host name.
    r = HTTP.get(f"http://127.0.0.1:{site.port}/gioi-thieu", headers={"Host": f"a.gov.vn:{site.port}"})
    assert r.status_code == 200 and "Lịch sử hình thành" in r.text


def test_path_mapping(site: PortalServer):
    assert "Lịch sử" in get(site, "a.gov.vn", "/gioi-thieu").text            # a/b.html
    assert "Lịch sử" in get(site, "a.gov.vn", "/gioi-thieu.html").text       # exact file
    assert "Danh sách tin" in get(site, "a.gov.vn", "/tin-tuc").text         # a/b/index.html
    assert "Danh sách tin" in get(site, "a.gov.vn", "/tin-tuc/").text
    assert "Lịch sử" in get(site, "a.gov.vn", "/gioi-thieu?page=2&x=1").text  # query ignored
    r = get(site, "a.gov.vn", "/Pages/LanhDao.aspx")
    assert r.headers["content-type"] == "text/html; charset=utf-8" and "Giám đốc" in r.text
    r = get(site, "a.gov.vn", "/files/doc.pdf")
    assert r.headers["content-type"] == "application/pdf" and r.content == b"%PDF-1.4 fake"
    assert get(site, "a.gov.vn", "/raw").headers["content-type"].startswith("text/html")
    assert get(site, "a.gov.vn", "/nothing-here").status_code == 404
    assert get(site, "a.gov.vn", "/%2e%2e/b.gov.vn/index.html").status_code == 404  # no escape from the portal


def test_meta_files_are_never_served(site: PortalServer):
    assert get(site, "a.gov.vn", "/_meta.yaml").status_code == 404
    assert get(site, "a.gov.vn", "/_meta/art12.html").status_code == 404


def test_head_request(site: PortalServer):
    r = HTTP.head(f"http://127.0.0.1:{site.port}/gioi-thieu", headers={"Host": "a.gov.vn"})
    assert r.status_code == 200 and int(r.headers["content-length"]) > 0 and r.content == b""


def test_port_rewriting_of_known_hosts_only(site: PortalServer):
    body = get(site, "a.gov.vn", "/").text
    p = site.port
    assert f'href="http://b.gov.vn:{p}/"' in body
    assert f'href="http://b.gov.vn:{p}"' in body
    assert f"href='//a.gov.vn:{p}/x'" in body
    assert 'href="http://b.gov.vn.evil.com/"' in body   # other hosts untouched
    assert "http://b.gov.vnx/" in body
    # and the rewritten link really leads back to this server
    link = re.search(r'href="(http://b\.gov\.vn:\d+/)"', body).group(1)
    assert link == site.url("b.gov.vn")
    # binary bodies are not rewritten
    assert get(site, "a.gov.vn", "/files/doc.pdf").content == b"%PDF-1.4 fake"


def test_meta_overrides(site: PortalServer):
    r = get(site, "a.gov.vn", "/old", follow_redirects=False)
    assert r.status_code == 301 and r.headers["location"] == "/gioi-thieu"
    r = get(site, "a.gov.vn", "/away", follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == f"http://b.gov.vn:{site.port}/landing"
    assert get(site, "a.gov.vn", "/hoi-dap").status_code == 404
    assert get(site, "a.gov.vn", "/gone.html").status_code == 410   # status without a file: default body
    r = get(site, "a.gov.vn", "/legacy.html")
    assert r.headers["content-type"] == "text/html; charset=ISO-8859-1"
    assert r.headers["x-powered-by"] == "ASP.NET"
    assert r.content == "Vi\u1ec7t".encode("utf-8")  # bytes untouched: the decoy is the mismatch


def test_meta_query_string_routes(site: PortalServer):
    r = get(site, "a.gov.vn", "/index.php?option=com_content&id=12")
    assert r.status_code == 200 and "chất thải rắn" in r.text
    r = get(site, "a.gov.vn", "/index.php?id=12&option=com_content")  # parameter order does not matter
    assert "chất thải rắn" in r.text
    assert get(site, "a.gov.vn", "/index.php?option=com_content&id=13").status_code == 404


def test_search_returns_matching_pages(site: PortalServer):
    r = get(site, "a.gov.vn", "/tim-kiem", params={"keyword": "LỊCH SỬ"})
    assert r.status_code == 200
    links = re.findall(r'<li class="search-result"><a href="([^"]+)"', r.text)
    assert links == ["/gioi-thieu"]                          # pretty URL, case-insensitive
    r = get(site, "a.gov.vn", "/tim-kiem", params={"keyword": "chat thai"})  # without diacritics
    found = [h.replace("&amp;", "&") for h in re.findall(r'class="search-result"><a href="([^"]+)"', r.text)]
    assert found == ["/index.php?id=12&option=com_content"]
    r = get(site, "a.gov.vn", "/tim-kiem", params={"keyword": "menu"})     # navigation text is not indexed
    assert "Không tìm thấy kết quả" in r.text and "search-result" not in r.text
    r = get(site, "a.gov.vn", "/tim-kiem", params={"keyword": "xyzzy"})
    assert "Không tìm thấy kết quả" in r.text
    # a search result link works
    assert get(site, "a.gov.vn", "/index.php?id=12&option=com_content").status_code == 200


def test_stop_is_clean_and_idempotent(tmp_path: Path):
    _write(tmp_path, "c.gov.vn/index.html", "ok")
    srv = PortalServer(tmp_path).start()
    port = srv.port
    assert httpx.get(f"http://127.0.0.1:{port}/", headers={"Host": "c.gov.vn"}, trust_env=False).text == "ok"
    srv.stop()
    srv.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/", headers={"Host": "c.gov.vn"}, timeout=2)


def test_quiet(site: PortalServer, capfd):
    get(site, "a.gov.vn", "/")
    get(site, "nope.gov.vn", "/")
    out, err = capfd.readouterr()
    assert out == "" and err == ""


# ---------------------------------------------------------------------------------------
# the bundled province
# ---------------------------------------------------------------------------------------
def _catalogue() -> dict[str, str]:
    text = LEGAL.read_text(encoding="utf-8")
    return {m.group(1): m.group(2) for m in re.finditer(r"^\| ([a-z0-9_]+\.[a-z0-9_]+) \| [^|]+ \| ([PDH]+) \|", text, re.M)}


def test_registry_and_expected_cover_every_portal_and_rule():
    reg = yaml.safe_load((PROVINCE / "registry.yaml").read_text(encoding="utf-8"))
    exp = yaml.safe_load((PROVINCE / "expected.yaml").read_text(encoding="utf-8"))
    ids = [p["id"] for p in reg["portals"]]
    assert set(ids) == set(exp)
    hosts = {p["url"].split("/")[2] for p in reg["portals"]}
    assert hosts <= {d.name for d in PROVINCE.iterdir() if d.is_dir()}
    cat = _catalogue()
    assert len(cat) == 38
    code = {"province": "P", "department": "D", "district": "H"}
    for p in reg["portals"]:
        verdicts = exp[p["id"]]
        assert set(verdicts) == set(cat), p["id"]
        for rule, levels in cat.items():
            applicable = code[p["level"]] in levels
            assert (verdicts[rule] == "not_applicable") != applicable, (p["id"], rule)
            assert verdicts[rule] in {"pass", "fail", "review", "not_applicable", "any"}


@pytest.fixture(scope="module")
def province():
    with PortalServer(PROVINCE) as srv:
        yield srv


def _get(srv, url_without_port: str, **kw) -> httpx.Response:
    host = url_without_port.split("/")[2]
    path = "/" + url_without_port.split("/", 3)[3] if url_without_port.count("/") >= 3 else "/"
    return HTTP.get(f"http://127.0.0.1:{srv.port}{path}", headers={"Host": host}, timeout=5, **kw)


def test_every_registry_portal_answers(province: PortalServer):
    reg = yaml.safe_load((PROVINCE / "registry.yaml").read_text(encoding="utf-8"))
    exp = yaml.safe_load((PROVINCE / "expected.yaml").read_text(encoding="utf-8"))
    for p in reg["portals"]:
        r = _get(province, p["url"], follow_redirects=False)
        if r.status_code == 302:  # stnmt: "/" -> /Pages/default.aspx
            r = _get(province, "http://" + p["url"].split("/")[2] + r.headers["location"])
        assert r.status_code == 200, p["url"]
        if exp[p["id"]]["links.units"] == "pass":  # cross-portal links were rewritten to the port
            assert f"hoaan.gov.vn:{province.port}/" in r.text, p["url"]


def test_province_links_resolve(province: PortalServer):
    """Every same-host link on every portal's home page and every portal's menu leads to a 200
    page, except the decoys listed in expected.yaml (sgddt "Hỏi đáp" 404; soyte dead site-map links)."""
    allowed_broken = {("sgddt.hoaan.gov.vn", "/index.php?option=com_qa&view=questions&Itemid=110")}
    for host in province.hosts:
        home = _get(province, f"http://{host}/", follow_redirects=True)
        for href in set(re.findall(r'href="(/[^"#]*)"', home.text)):
            href = href.replace("&amp;", "&")
            if href.startswith(("/o/", "/Portals/", "/_layouts/15/1066", "/assets/", "/templates/", "/css/", "/wp-content/themes")):
                continue  # stylesheets are not part of the fixtures
            r = _get(province, f"http://{host}{href}")
            assert r.status_code == 200 or (host, href) in allowed_broken, (host, href, r.status_code)


def test_province_decoys_are_served_as_described(province: PortalServer):
    r = _get(province, "http://laison.hoaan.gov.vn/default.asp?cat=2")
    assert "charset" not in r.headers["content-type"] and b"Huy\xd6n Lai S\xacn" in r.content  # TCVN3 "Huyện Lai Sơn"
    r = _get(province, "http://laison.hoaan.gov.vn/default.asp?cat=5")
    assert r.headers["content-type"].endswith("windows-1258") and "Ủy viên" in r.content.decode("cp1258").replace("U\u0309y", "Ủy")
    r = _get(province, "http://soyte-hoaan.com.vn/lien-he/")
    assert r.headers["content-type"].endswith("ISO-8859-1") and "Liên hệ".encode() in r.content
    r = _get(province, "http://sxd.hoaan.gov.vn/GioiThieu/LichSuHinhThanh.aspx")
    assert r.headers["content-type"] == "text/html"
    r = _get(province, "http://binhson.hoaan.gov.vn/gioi-thieu/lich-su-van-hoa.html")
    assert r.content.startswith(b"\xef\xbb\xbf")
    assert _get(province, "http://sgddt.hoaan.gov.vn/index.php?option=com_qa&view=questions&Itemid=110").status_code == 404
    # the JS-built menu: links appear in the script, not in the HTML of stnmt's pages
    page = _get(province, "http://stnmt.hoaan.gov.vn/Pages/default.aspx").text
    js = _get(province, "http://stnmt.hoaan.gov.vn/SiteAssets/js/topnav.js").text
    assert "/Pages/ban-giam-doc.aspx" in js and "/Pages/ban-giam-doc.aspx" not in page


@pytest.mark.parametrize("host,path,param,term,expect", [
    ("hoaan.gov.vn", "/web/guest/tim-kiem", "keywords", "chất thải", True),
    ("sxd.hoaan.gov.vn", "/TimKiem.aspx", "q", "giấy phép xây dựng", True),
    ("stnmt.hoaan.gov.vn", "/_layouts/15/osssearchresults.aspx", "k", "môi trường", True),
    ("binhson.hoaan.gov.vn", "/tim-kiem.html", "tu_khoa", "nông thôn mới", True),
    ("sgddt.hoaan.gov.vn", "/tim-kiem.html", "searchword", "học sinh", False),
    ("soyte-hoaan.com.vn", "/tim-kiem/", "s", "vắc xin", False),
])
def test_province_search(province: PortalServer, host, path, param, term, expect):
    r = HTTP.get(f"http://127.0.0.1:{province.port}{path}", params={param: term}, headers={"Host": host}, timeout=5)
    assert r.status_code == 200
    results = re.findall(r'class="search-result"><a href="([^"]+)"', r.text)
    assert bool(results) is expect
    for href in results:  # every result link works
        assert _get(province, f"http://{host}{href.replace('&amp;', '&')}").status_code == 200
