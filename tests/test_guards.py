"""The guards every build runs on what it publishes: private numbers and broken internal links."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.structure.files import get_files

from generator import forking
from generator.ingest.service import run_ingest
from generator.plugin import _theme_files
from generator.project import Project, Settings
from generator.site import guards as guards_module
from generator.site.guards import (
    Guards,
    LinkTarget,
    PrivateValues,
    allowed_numbers,
    check_site,
    guards_for,
    private_values,
    resolve_link,
    scan_text,
)

from .conftest import REPO, build_site_at, copy_demo
from .dealing import count_children

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
SITE_URL = "https://example.edu.cn/gonghui/"
ADVICE = ("个人信息请从页面、附件名和记录中删除"
          "（可以公开的办公电话请写入 site_config/settings.yaml 的 public_numbers）；失效的链接请改正。")


def guard_message(lines: list[str]) -> str:
    return "发布前检查未通过，网站不能发布：\n" + "\n".join(lines) + f"\n共 {len(lines)} 处。{ADVICE}"


@pytest.fixture
def site_root(scenario_root: Callable[..., Path]) -> Path:
    """The base scenario's records with the project's mkdocs.yml: a small site to plant things in."""
    root = scenario_root()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def write_page(root: Path, text: str, name: str = "about.md") -> None:
    (root / "content" / name).write_text(text, encoding="utf-8")


def failed_build(root: Path, caplog: pytest.LogCaptureFixture) -> list[str]:
    """Build ``root``, which must fail; return the errors mkdocs logged, the search index's folder as ….

    The search index (generator/site/search.py) holds each page's title and first words in a page file
    (d0.json) and its words in postings files (t*.json), in a folder named by their hash.
    """
    with pytest.raises(Abort):
        build_site_at(root, root / "site")
    return [re.sub(r"search/[a-p]{12}/", "search/…/", r.getMessage()) for r in caplog.records
            if r.levelname == "ERROR"]


# --- Whole builds ----------------------------------------------------------------------------

def test_the_demo_site_has_no_findings(built_demo: Path) -> None:
    # built_demo's build ran the guards already (it would have failed); here they run again on
    # its output, theme files included, so that the test says what they looked at.
    report = check_site(built_demo, guards_for(Project(built_demo.parent), SITE_URL))
    assert report.findings == []
    assert report.files > 150
    assert {"search/manifest.json", "index.html", "notices/feed.xml", "opendata/events.csv",
            "events/2017/E2017-001.ics", "sitemap.xml", "404.html"} <= set(report.scanned)
    assert {"t0.json", "d0.json"} <= {p.split("/")[-1] for p in report.scanned if p.startswith("search/")}
    assert not {p for p in report.scanned if p.endswith((".pdf", ".png", ".gz"))}


def test_theme_files_are_the_only_ones_not_read() -> None:
    config = load_config(str(REPO / "mkdocs.yml"))
    files = get_files(config)
    files.add_files_from_theme(config.theme.get_env(), config)
    theme = _theme_files(files, config)
    assert any(p.startswith("assets/javascripts/bundle.") for p in theme)
    assert "assets/javascripts/lunr/min/lunr.zh.min.js" in theme
    assert not {p for p in theme if not p.startswith("assets/")}
    assert not {f.dest_uri for f in files if f.src_dir == config.docs_dir} & theme


def test_a_planted_mobile_number_fails_the_build(site_root: Path, caplog: pytest.LogCaptureFixture) -> None:
    # One number in the text (as people type it), one only in an attribute (a tel: link).
    write_page(site_root, "# 联系我们\n\n值班电话 138 1234 5678。\n\n[值班室](tel:13912345678)\n")
    assert failed_build(site_root, caplog) == [guard_message([
        "about/index.html: 手机号码（138******5678）",
        "about/index.html: 手机号码（139****5678）",
        "search/…/d0.json: 手机号码（138******5678）",  # the page's first words; the tel: link is no text
    ])]


def test_a_planted_id_number_fails_the_build(site_root: Path, caplog: pytest.LogCaptureFixture) -> None:
    # Validation refuses an ID number in any published record field before anything is built, so
    # the guard's case is what validation does not read: a hand-written page and a file's name.
    write_page(site_root, "# 报名须知\n\n示例：51010519800101123X\n")
    attachments = site_root / "content" / "files"
    attachments.mkdir()
    (attachments / "报名表-510105198001011234.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    assert failed_build(site_root, caplog) == [guard_message([
        "about/index.html: 身份证号码（510***********123X）",
        "files/报名表-510105198001011234.pdf: 身份证号码（510***********1234）",
        "search/…/d0.json: 身份证号码（510***********123X）",
        "search/…/t0.json: 身份证号码（510***********123x）",  # the number as a search term, lower case
    ])]


def test_a_value_from_private_fails_the_build(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = copy_demo(tmp_path / "demo")
    run_ingest(Project(root), "signup", EXPORTS / "wjx_event_signup_text_utf8bom.csv", {"event": "E2017-002"})
    assert (root / "private/signups/E2017-002.csv").is_file()
    # With the roster of a real ingest in private/, the demo publishes none of its values...
    build_site_at(root, tmp_path / "clean")
    # ... until a staff id and a phone number from it are planted in a page.
    write_page(root, "# 联系人\n\n联系人工号 20180002，电话 13800000002。\n")
    assert failed_build(root, caplog) == [guard_message([
        "about/index.html: private/signups/E2017-002.csv 中的工号（201*0002）",
        "about/index.html: private/signups/E2017-002.csv 中的电话号码（138****0002）",
        "search/…/d1.json: private/signups/E2017-002.csv 中的工号（201*0002）",
        "search/…/d1.json: private/signups/E2017-002.csv 中的电话号码（138****0002）",
        "search/…/t0.json: private/signups/E2017-002.csv 中的工号（201*0002）",
        "search/…/t1.json: private/signups/E2017-002.csv 中的电话号码（138****0002）",
    ])]


def test_an_allowed_office_number_passes(site_root: Path, caplog: pytest.LogCaptureFixture) -> None:
    write_page(site_root, "# 联系我们\n\n工会办公室 13812345678，主席热线 139-1234-5678。\n")
    settings = site_root / "site_config" / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace("public_numbers: []", "public_numbers: ['138 1234 5678']")
    settings.write_text(text.replace("contact_phone: 028-66366000", "contact_phone: '+86 139 1234 5678'"),
                        encoding="utf-8")
    site = build_site_at(site_root, site_root / "site")
    assert "工会办公室 13812345678，主席热线 139-1234-5678" in (site / "about/index.html").read_text(encoding="utf-8")
    # The allowance is for those numbers only.
    write_page(site_root, "# 联系我们\n\n工会办公室 13812345678，值班 13812345679。\n")
    assert failed_build(site_root, caplog) == [guard_message([
        "about/index.html: 手机号码（138****5679）",
        "search/…/d0.json: 手机号码（138****5679）",
        "search/…/t0.json: 手机号码（138****5679）",
    ])]


def test_a_broken_link_fails_the_build(site_root: Path, caplog: pytest.LogCaptureFixture) -> None:
    write_page(site_root, "# 下载\n\n[工作要点](../workplan/2017/) [报名表](../forms/signup/)"
                          " [附件](../attachments/2017/%E6%8A%A5%E5%90%8D.pdf)\n")
    assert failed_build(site_root, caplog) == [guard_message([
        "about/index.html: 链接的页面或文件不存在（../forms/signup/）",
        "about/index.html: 链接的页面或文件不存在（../attachments/2017/%E6%8A%A5%E5%90%8D.pdf）",
    ])]


def test_a_broken_anchor_fails_the_build(site_root: Path, caplog: pytest.LogCaptureFixture,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    write_page(site_root, "# 说明\n\n## 第一节 {#first}\n\n[本节](#first) [第一部分](../workplan/2017/#section-1)"
                          " [没有的节](#second) [没有的部分](../workplan/2017/#section-9)\n")
    assert failed_build(site_root, caplog) == [guard_message([
        "about/index.html: 链接的锚点不存在（#second）",
        "about/index.html: 链接的锚点不存在（../workplan/2017/#section-9）",
    ])]
    assert "SOURCE_DATE_EPOCH" not in os.environ  # the build date is forgotten on failure too


# --- The link resolver -----------------------------------------------------------------------

@pytest.mark.parametrize(("page", "href", "target"), [
    ("about/index.html", "../workplan/2017/", LinkTarget("workplan/2017/index.html")),
    ("events/2017/E2017-001/index.html", "../../../workplan/", LinkTarget("workplan/index.html")),
    ("events/2017/E2017-001/index.html", "../E2017-002/#results", LinkTarget("events/2017/E2017-002/index.html",
                                                                             "results")),
    ("notices/2017/N2017-001/index.html", "../../../attachments/2017/%E4%B8%AD%E6%96%87%20v2.pdf",
     LinkTarget("attachments/2017/中文 v2.pdf")),
    ("units/土木工程学院/index.html", "../%E5%9B%BE%E4%B9%A6%E9%A6%86/", LinkTarget("units/图书馆/index.html")),
    ("opendata/index.html", "events.csv?v=2#top", LinkTarget("opendata/events.csv", "top")),
    ("opendata/index.html", "#events", LinkTarget("opendata/index.html", "events")),
    ("opendata/index.html", "?page=2", LinkTarget("opendata/index.html")),
    ("a/b/index.html", "../../..", LinkTarget(None)),
    ("a/b/index.html", "../..", LinkTarget("index.html")),
    ("a/b/index.html", ".", LinkTarget("a/b/index.html")),
    ("a/b/index.html", "./c.html", LinkTarget("a/b/c.html")),
    ("a/b/index.html", "c", LinkTarget("a/b/c")),  # a file, or a folder served as c/index.html
    ("a/b/index.html", "c/d/../e/", LinkTarget("a/b/c/e/index.html")),
    ("a.html", "b.html", LinkTarget("b.html")),  # use_directory_urls: false
    ("404.html", "/gonghui/.", LinkTarget("index.html")),
    ("404.html", "/gonghui/notices/", LinkTarget("notices/index.html")),
    ("404.html", "/gonghui", LinkTarget("index.html")),
    ("404.html", "/gonghuiother/", None),  # another path of the host
    ("404.html", "/", None),
    ("x/index.html", "https://example.edu.cn/gonghui/proposals/2017/P2017-001/",
     LinkTarget("proposals/2017/P2017-001/index.html")),
    ("x/index.html", "http://EXAMPLE.edu.cn/gonghui/a.ics", LinkTarget("a.ics")),
    ("x/index.html", "//example.edu.cn/gonghui/a.ics", LinkTarget("a.ics")),
    ("x/index.html", "https://example.edu.cn/", None),
    ("x/index.html", "https://example.org/gonghui/", None),
    ("x/index.html", "mailto:gonghui@example.edu.cn", None),
    ("x/index.html", "tel:02887600000", None),
    ("x/index.html", "javascript:void(0)", None),
    ("x/index.html", "data:image/png;base64,AAAA", None),
])
def test_links_resolve_to_site_files(page: str, href: str, target: LinkTarget | None) -> None:
    assert resolve_link(page, href, SITE_URL) == target


def test_without_site_url_root_relative_links_are_from_the_site_root() -> None:
    assert resolve_link("a/index.html", "/notices/", None) == LinkTarget("notices/index.html")
    assert resolve_link("a/index.html", "https://example.edu.cn/notices/", None) is None


def test_links_in_a_site_folder_are_checked(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "附件").mkdir(parents=True)
    (site / "附件" / "中文 名.pdf").write_bytes(b"%PDF")
    (site / "b").mkdir()
    (site / "b" / "index.html").write_text('<h2 id="x">x</h2><a name="old"></a>', encoding="utf-8")
    (site / "index.html").write_text(
        '<a href="%E9%99%84%E4%BB%B6/%E4%B8%AD%E6%96%87%20%E5%90%8D.pdf">ok</a>'
        '<a href="b">ok</a><a href="b/#x">ok</a><a href="b/?q=1#old">ok</a><a href="b/#top">ok</a>'
        "<A HREF='b/#y'>no anchor</A>"
        '<img src="missing.png" alt=""><link rel="stylesheet" href="/gonghui/style.css">'
        '<a href="https://example.edu.cn/gonghui/b/">ok</a><a href="../../up.html">above</a>'
        '<p>code: &lt;a href="nothing.html"&gt;</p><div data-href="nothing.html"></div>',
        encoding="utf-8")
    report = check_site(site, Guards(site_url=SITE_URL))
    assert [f.as_text() for f in report.findings] == [
        "index.html: 链接的锚点不存在（b/#y）",
        "index.html: 链接的页面或文件不存在（missing.png）",
        "index.html: 链接的页面或文件不存在（/gonghui/style.css）",
        "index.html: 链接超出了网站的根目录（../../up.html）",
    ]


# --- What counts as a private value ----------------------------------------------------------

def guards(*allowed: str, private: dict[str, str] | None = None) -> Guards:
    values = PrivateValues()
    for value, label in (private or {}).items():
        values.add(value, label)
    return Guards(allowed=allowed_numbers(Settings(public_numbers=allowed)), private=values)


@pytest.mark.parametrize(("text", "found"), [
    ("值班 13812345678", [("手机号码", "138****5678")]),
    ('<a href="tel:+86-138-1234-5678">', [("手机号码", "+86**********5678")]),
    ("Tel13812345678", [("手机号码", "138****5678")]),
    ("证件 110105199003071234", [("身份证号码", "110***********1234")]),
    # An asset hash or a long opaque token holding eleven digits is not a phone number.
    ("main.5f13812345678ab.min.js", []),
    ('integrity="sha256-a8F13812345678Qk9x0p2LmZ4vYtR7wE1sD3cB6nH5jU0="', []),
    ("订单 138123456789 号", []),  # twelve digits
])
def test_numbers_in_published_text(text: str, found: list[tuple[str, str]]) -> None:
    assert scan_text(text, guards()) == found


def test_allowed_numbers_match_in_any_spelling() -> None:
    rules = guards("028-8760 0000", "+86 138 1234 5678")
    assert rules.allowed == frozenset({"02887600000", "8613812345678", "13812345678"})
    assert scan_text("办公室 138-1234-5678、13812345678、+8613812345678", rules) == []
    assert scan_text("办公室 13812345670", rules) == [("手机号码", "138****5670")]


def test_private_values_are_found_as_whole_numbers() -> None:
    rules = guards(private={"20171122": "private/a.csv 中的工号",
                            "Zhang.San@Example.edu.cn": "private/a.csv 中的电子邮箱",
                            "T2017001": "private/b.csv 中的工号"})
    assert scan_text("工号20171122，邮箱 zhang.san@example.edu.cn。", rules) == [
        ("private/a.csv 中的工号", "201*1122"), ("private/a.csv 中的电子邮箱", "zha*****************u.cn")]
    assert scan_text("编号 t2017001", rules) == [("private/b.csv 中的工号", "t20*7001")]
    assert scan_text("经费 1201711220 元，编号 XT2017001", rules) == []
    # iCalendar writes every date as eight digits: 20171122 is a day there, not a staff id.
    assert scan_text("DTSTART;VALUE=DATE:20171122\nDTSTAMP:20171122T120000Z", rules, calendar=True) == []
    assert scan_text("DESCRIPTION:工号 20171122", rules) == [("private/a.csv 中的工号", "201*1122")]
    rules.private.add("20170003", "private/a.csv 中的工号")  # not a day: found in a calendar too
    assert scan_text("DESCRIPTION:工号 20170003", rules, calendar=True) == [("private/a.csv 中的工号", "201*0003")]


def test_a_private_mobile_number_is_named_by_where_it_comes_from() -> None:
    rules = guards(private={"'+8613800000002": "private/signups/E2017-002.csv 中的电话号码"})
    assert scan_text("电话 138 0000 0002", rules) == [("private/signups/E2017-002.csv 中的电话号码", "138******0002")]


def test_entity_encoded_addresses_are_read(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    def encoded(text: str) -> str:  # as Python-Markdown writes an e-mail autolink
        return "".join(f"&#{ord(c)};" for c in text)
    address = "li.si@example.edu.cn"
    (site / "index.html").write_text(f'<a href="{encoded("mailto:" + address)}">{encoded(address)}</a>',
                                     encoding="utf-8")
    rules = guards(private={"li.si@example.edu.cn": "private/a.csv 中的电子邮箱"})
    assert [f.as_text() for f in check_site(site, rules).findings] == [
        "index.html: private/a.csv 中的电子邮箱（li.*************u.cn）"]


def test_private_values_come_from_identifying_columns_only(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "demo")
    project = Project(root)
    run_ingest(project, "signup", EXPORTS / "wjx_event_signup_text_utf8bom.csv", {"event": "E2017-002"})
    run_ingest(project, "proposal", EXPORTS / "wjx_proposal_text.xlsx",
               {"session": "第二十届工会会员暨第七届教职工代表大会第三次会议"})
    # A roster kept by hand, saved by Excel on a Chinese system: questions as headers, GBK.
    (root / "private" / "手工名单.csv").write_bytes(
        "姓名,工号,联系电话,电子邮箱,单位,备注\r\n张三,20990001,139 0000 0001,ZS@qq.com,图书馆,学号 2099\r\n"
        .encode("gb18030"))
    values = private_values(root / "private", root / "site_config")
    signups, proposals = "private/signups/E2017-002.csv", "private/ingest/proposal-contacts.csv"
    assert values.digits == {
        "20190001": f"{proposals} 中的工号", "13800000001": f"{proposals} 中的电话号码",
        "20150006": f"{proposals} 中的工号", "13800000006": f"{proposals} 中的电话号码",
        "20140007": f"{proposals} 中的工号", "13800000007": f"{proposals} 中的电话号码",
        "20160004": f"{proposals} 中的工号", "13800000004": f"{proposals} 中的电话号码",
        "20130008": f"{proposals} 中的工号", "13800000008": f"{proposals} 中的电话号码",
        "20180002": f"{signups} 中的工号", "13800000002": f"{signups} 中的电话号码",
        "20170003": f"{signups} 中的工号", "13800000003": f"{signups} 中的电话号码",
        "13800000011": f"{signups} 中的电话号码",
        "20120009": f"{signups} 中的工号", "13800000009": f"{signups} 中的电话号码",
        "01100010": f"{signups} 中的工号", "13800000010": f"{signups} 中的电话号码",
        "20990001": "private/手工名单.csv 中的工号", "13900000001": "private/手工名单.csv 中的电话号码",
    }
    assert values.emails == {"zs@qq.com": "private/手工名单.csv 中的电子邮箱"}
    assert values.others == {}  # no names, units or notes


def test_an_ingest_index_gives_its_identity_values(tmp_path: Path) -> None:
    private = tmp_path / "private" / "ingest"
    private.mkdir(parents=True)
    (private / "proposal-index.yaml").write_text(
        "20230011|关于食堂的建议: P2024-001\n'20230012|关于2024年体检的建议': P2024-002\n", encoding="utf-8")
    values = private_values(tmp_path / "private", REPO / "site_config")
    assert values.digits == {"20230011": "private/ingest/proposal-index.yaml 中的工号",
                             "20230012": "private/ingest/proposal-index.yaml 中的工号"}
    assert values.others == {}


def test_the_guards_read_settings_and_private_of_a_root(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "demo")
    (root / "site_config" / "settings.yaml").write_text(
        "public_numbers:\n  - 028-8760 0000\ncontact_phone: 13800000002\n", encoding="utf-8")
    (root / "private").mkdir()
    (root / "private" / "roster.csv").write_text("staff_id,phone\n20170003,13800000002\n", encoding="utf-8")
    rules = guards_for(Project(root), SITE_URL, ["assets/x.js"])
    assert rules.allowed == frozenset({"02887600000", "13800000002"})
    assert rules.private.digits == {"20170003": "private/roster.csv 中的工号"}  # the office's number is allowed
    assert rules.vendor == frozenset({"assets/x.js"})
    assert rules.site_url == SITE_URL


def test_full_width_digits_are_read(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>电话：１３８ １２３４ ５６７８，工号２０１６０００４。</p>", encoding="utf-8")
    rules = guards(private={"２０１６０００４": "private/a.csv 中的工号"})
    assert [f.as_text() for f in check_site(site, rules).findings] == [
        "index.html: private/a.csv 中的工号（201*0004）", "index.html: 手机号码（138******5678）"]


def test_theme_files_are_named_but_not_read(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "vendor.js").write_text("var a=13812345678;", encoding="utf-8")
    (site / "assets" / "ours.js").write_text("var a=13812345678;", encoding="utf-8")
    (site / "assets" / "13912345678.js").write_text("", encoding="utf-8")
    report = check_site(site, Guards(vendor=frozenset({"assets/vendor.js", "assets/13912345678.js"})))
    assert [f.as_text() for f in report.findings] == [
        "assets/13912345678.js: 手机号码（139****5678）", "assets/ours.js: 手机号码（138****5678）"]
    assert report.scanned == ["assets/ours.js"]




def test_files_in_the_sites_own_theme_folder_are_read(site_root: Path, caplog: pytest.LogCaptureFixture) -> None:
    (site_root / "site_config/theme/contacts.txt").write_text("值班：13812345678\n", encoding="utf-8")
    assert failed_build(site_root, caplog) == [guard_message(["contacts.txt: 手机号码（138****5678）"])]


def site_of_many_pages(root: Path) -> Path:
    """Forty pages linking to each other, with findings spread over them, some twice in a page."""
    site = root / "site"
    for number in range(40):
        page = site / f"p{number:02d}" / "index.html"
        page.parent.mkdir(parents=True)
        body = f'<h2 id="a{number}">{number}</h2><a href="../p{(number + 1) % 40:02d}/#a{(number + 1) % 40}">下一页</a>'
        if number % 3 == 0:
            body += f'<a href="../p{number:02d}/#none">锚点</a><a href="../gone/">没有的页</a>'
        if number % 7 == 0:
            body += "<p>电话 13800138000，再写一遍 13800138000</p>"
        page.write_text(body, encoding="utf-8")
    (site / "13912345678.txt").write_text("名字里有号码", encoding="utf-8")
    return site


def test_two_processes_find_what_one_finds_in_the_same_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = site_of_many_pages(tmp_path)
    rules = Guards(site_url=SITE_URL)
    alone = check_site(site, rules)
    assert alone.files == 41 and len(alone.findings) == 2 * 14 + 6 + 1
    monkeypatch.setattr(forking, "may_fork", lambda: True)
    started = count_children(monkeypatch)
    assert check_site(site, rules).findings == alone.findings and started == []  # too small to share
    monkeypatch.setattr(guards_module, "MIN_FILES_FOR_CHILD", 0)
    shared = check_site(site, rules)
    assert started == [1]
    assert (shared.findings, shared.scanned, shared.scanned_bytes, shared.files) == \
        (alone.findings, alone.scanned, alone.scanned_bytes, alone.files)

    counted = forking.Child

    class FailingChild(counted):  # type: ignore[valid-type,misc]
        def take(self, wait: bool = True) -> list[tuple[int, object]]:
            super().take(wait)
            return []  # nothing it did comes back

    monkeypatch.setattr(forking, "Child", FailingChild)
    assert check_site(site, rules).findings == alone.findings and started == [1, 1]
