"""The site's own search index (generator/site/search.py) and its browser half (site_config/assets/search.js)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import zlib
from pathlib import Path
from urllib.parse import unquote

import pytest

from generator.site.search import (
    MANIFEST,
    MAX_TERMS,
    IndexJob,
    IndexMemo,
    SearchDoc,
    SiteIndex,
    build_index,
    highlight_terms,
    index_of_pages,
    index_sizes,
    index_terms,
    make_doc,
    normalise,
    page_text,
    query_bytes,
    query_terms,
    search_site,
    shard_of,
    write_index,
)

from .conftest import REPO
from .search_corpus import synthetic_docs

SEARCH_JS = REPO / "site_config" / "assets" / "search.js"
QUERIES = ["体检", "教职工", "教职工会", "关于改进通勤班车工作的建议", "会", "会 王", "E2017-002", "２０１７年",
           "ＡＢＣ工会", "𠮷野家", "杨小华", "2017 体检", "  ", "！？", "第1号提案", "x1y2z", "İstanbul"]


@pytest.mark.parametrize(("text", "terms"), [
    ("工会活动", {"工会", "会活", "活动"}),
    ("工会，活动", {"工会", "活动"}),  # punctuation separates runs
    ("E2017-002", {"e2017", "e", "2017", "002"}),
    ("２０１７年Ａｂｃ", {"2017", "abc"}),  # full-width forms
    ("x1y2", {"x1y2", "x", "1", "y", "2"}),
    ("𠮷野家", {"𠮷野", "野家"}),  # outside the BMP
    ("", set()),
    ("工", set()),
])
def test_index_terms(text: str, terms: set[str]) -> None:
    assert index_terms(text) == terms


def test_titles_also_give_single_characters() -> None:
    assert index_terms("职工之家", title=True) == {"职工", "工之", "之家", "职", "工", "之", "家"}


@pytest.mark.parametrize(("query", "terms"), [
    ("体检", ["体检"]),
    ("教职工", ["教职", "职工"]),
    ("教职工会", ["教职", "工会"]),  # bigrams cover the run; the middle one adds nothing
    ("会", ["会"]),  # one character: a title search
    ("会 2017", ["2017"]),  # ... only when the query has nothing longer
    ("E2017-002", ["e2017", "002"]),
    ("２０１７年", ["2017"]),
    ("ＴＥＳＴ", ["test"]),
    ("关于改进通勤班车工作的建议", ["关于", "改进", "通勤", "班车", "工作", "的建"]),  # MAX_TERMS
    ("！？ ", []),
])
def test_query_terms(query: str, terms: list[str]) -> None:
    assert query_terms(query) == terms
    assert len(terms) <= MAX_TERMS


def test_highlight_terms_are_every_bigram() -> None:
    assert highlight_terms("教职工会 E2017") == ["教职", "职工", "工会", "e2017"]


def test_normalise() -> None:
    assert normalise("Ｅ２０１７－００２　ＡＢＣ，") == "e2017-002 abc,"
    assert normalise("ⅻ ① ﬁ") == "xii 1 fi"  # what the table does not cover, NFKC still does


def test_page_text_drops_markup_scripts_controls_and_excluded_parts() -> None:
    html = ("<h1>标题</h1><p>甲<strong>乙</strong>丙 &lt;script&gt; &amp;amp;</p><script>var x = '<p>';</script>"
            "<div data-search-exclude><div>不要</div>也不要</div><table><tr><td>张三</td><td>李四</td></tr></table>"
            "<select><option>选项</option></select><!-- 注释 --><span class=x data-search-exclude>示例</span>尾")
    assert page_text(html) == "标题 甲乙丙 <script> &amp; 张三 李四 尾"


def test_a_document_keeps_record_text_as_text() -> None:
    doc = make_doc("a/", "<b>标题</b>", "<p>&lt;img src=x&gt;</p>")
    assert doc == SearchDoc("a/", "<b>标题</b>", "<img src=x>")


DOCS = [
    SearchDoc("events/2017/E2017-013/", "2017年教职工健康体检", "2017年教职工健康体检 时间 9月18日 地点 校医院"),
    SearchDoc("events/2016/E2016-020/", "2016年教职工健康体检", "组织教职工体检"),
    SearchDoc("notices/2017/N2017-005/", "关于组织体检的通知", "各部门工会：体检时间为9月。"),
    SearchDoc("events/2017/", "2017年活动", "2017年教职工健康体检 2017年教职工乒乓球赛"),
    SearchDoc("proposals/2018/P2018-001/", "关于食堂的建议", "建议延长食堂开放时间，方便参加体检的教职工。"),
    SearchDoc("guide/", "工作指南", "如何发布通知"),
    SearchDoc("awards/units/%E5%9C%9F/", "土木工程学院的荣誉", "杨小华 先进个人"),
]


@pytest.fixture
def small_site(tmp_path: Path) -> Path:
    write_index(tmp_path, DOCS)
    return tmp_path


@pytest.mark.parametrize(("query", "expected"), [
    # Pages with the term in the title, newest year first, then the others, records before the year's list.
    ("体检", ["events/2017/E2017-013/", "notices/2017/N2017-005/", "events/2016/E2016-020/",
              "proposals/2018/P2018-001/", "events/2017/"]),
    ("健康体检", ["events/2017/E2017-013/", "events/2016/E2016-020/", "events/2017/"]),
    ("体检 2017", ["events/2017/E2017-013/", "events/2017/"]),  # both terms in the title come first
    ("乒乓球", ["events/2017/"]),
    ("通知", ["notices/2017/N2017-005/", "guide/"]),
    ("杨小华", ["awards/units/%E5%9C%9F/"]),
    ("活", ["events/2017/"]),  # one character: titles only
    ("ＥＶＥＮＴ", []),
    ("没有这个词", []),
])
def test_search_finds_exactly_the_pages_holding_every_term(small_site: Path, query: str, expected: list[str]) -> None:
    assert search_site(small_site, query) == expected


def test_results_carry_title_and_excerpt(small_site: Path) -> None:
    assert SiteIndex(small_site).search("食堂") == [
        ("proposals/2018/P2018-001/", "关于食堂的建议", "建议延长食堂开放时间，方便参加体检的教职工。")]
    first = SiteIndex(small_site).search("乒乓球")[0]
    assert first[2] == "2017年教职工健康体检 2017年教职工乒乓球赛"  # the title "2017年活动" is not repeated


def test_files_and_manifest(small_site: Path) -> None:
    manifest = json.loads((small_site / "search" / MANIFEST).read_text(encoding="utf-8"))
    folder = small_site / "search" / manifest["path"]
    assert manifest == {"version": 1, "path": manifest["path"], "shards": 1, "docs": len(DOCS), "per_file": 50}
    assert re.fullmatch("[a-p]{12}/", manifest["path"])  # a hash in letters: no digits to look like a number
    assert sorted(p.name for p in folder.iterdir()) == ["d0.json", "t0.json"]
    assert sorted(p.name for p in (small_site / "search").iterdir()) == sorted([MANIFEST, manifest["path"].rstrip("/")])
    pages, titled = json.loads((folder / "t0.json").read_text(encoding="utf-8"))
    order = [url for url, _, _ in json.loads((folder / "d0.json").read_text(encoding="utf-8"))]
    numbers = [order.index(url) for url in ("events/2017/E2017-013/", "events/2017/", "events/2016/E2016-020/")]
    assert pages["乒乓"] == [order.index("events/2017/")]
    assert "活" in pages and "活" not in titled  # characters come from titles, titles need no second list
    assert numbers == sorted(numbers)  # newest year first, records before their list


def test_same_pages_same_bytes_in_any_order_and_any_hash_seed(tmp_path: Path) -> None:
    docs = synthetic_docs(600, years=3, seed=3)
    files = build_index(docs)
    assert build_index(reversed(docs)) == files
    script = ("import hashlib, sys; from tests.search_corpus import synthetic_docs; "
              "from generator.site.search import build_index; "
              "files = build_index(synthetic_docs(600, years=3, seed=3)); "
              "print(hashlib.sha256(b''.join(k.encode() + v for k, v in sorted(files.items()))).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True, cwd=REPO,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(digests) == 1


def test_rewriting_replaces_the_folder_and_leaves_nothing_behind(tmp_path: Path) -> None:
    write_index(tmp_path, DOCS)
    first = json.loads((tmp_path / "search" / MANIFEST).read_bytes())["path"]
    write_index(tmp_path, DOCS)  # the same index: the same folder
    assert json.loads((tmp_path / "search" / MANIFEST).read_bytes())["path"] == first
    write_index(tmp_path, DOCS[:3])
    second = json.loads((tmp_path / "search" / MANIFEST).read_bytes())["path"]
    assert second != first
    assert sorted(p.name for p in (tmp_path / "search").iterdir()) == sorted([MANIFEST, second.rstrip("/")])
    assert search_site(tmp_path, "乒乓球") == []


PAGES = [(d.url, d.title, f"<h1>{d.title}</h1><p>{d.text}</p>") for d in DOCS]


def test_a_worker_process_builds_the_same_index() -> None:
    job = IndexJob(PAGES)
    assert job.future is not None  # it did start a worker
    assert job.result() == index_of_pages(PAGES) == build_index(make_doc(*page) for page in PAGES)
    assert job.executor is None


def test_without_a_worker_the_index_is_built_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr("generator.site.search.ProcessPoolExecutor", refuse)
    job = IndexJob(PAGES)
    assert job.future is None and job.result() == index_of_pages(PAGES)


def test_shards_follow_crc32() -> None:
    assert shard_of("体检", 59) == zlib.crc32("体检".encode()) % 59


# --- search.js computes the same terms and hashes (in node here; in Chromium in tests/browser) ---

def run_search_js(expression: str) -> object:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (tests/browser checks search.js in Chromium)")
    program = ("const vm = require('vm'); const fs = require('fs'); const context = {}; vm.createContext(context);"
               f"vm.runInContext(fs.readFileSync({json.dumps(str(SEARCH_JS))}, 'utf8'), context);"
               "const s = context.unionsiteSearch;"
               f"console.log(JSON.stringify({expression}));")
    result = subprocess.run([node, "-e", program], check=True, capture_output=True, text=True)
    return json.loads(result.stdout)


def test_javascript_terms_match_python() -> None:
    expression = f"{json.dumps(QUERIES, ensure_ascii=False)}.map(q => [s.queryTerms(q), s.highlightTerms(q)])"
    assert run_search_js(expression) == [[query_terms(q), highlight_terms(q)] for q in QUERIES]


def test_javascript_shard_hash_matches_python() -> None:
    terms = ["体检", "e2017", "002", "𠮷野", "会", "é", "constructor"]
    expression = f"{json.dumps(terms, ensure_ascii=False)}.map(t => s.crc32(t))"
    assert run_search_js(expression) == [zlib.crc32(t.encode("utf-8")) for t in terms]


def test_javascript_ranks_like_python(small_site: Path) -> None:
    index = SiteIndex(small_site)
    queries = ["体检", "健康体检", "体检 2017", "通知", "活"]
    found = {q: [[sorted(p), sorted(t)] for p, t in (index.postings(term) for term in query_terms(q))] for q in queries}
    expression = (f"Object.entries({json.dumps(found, ensure_ascii=False)})"
                  ".map(([q, f]) => s.rank(f.map(([p, t]) => [p, new Set(t)])))")
    assert run_search_js(expression) == [index.ranked(q) for q in queries]


def test_javascript_marks_terms_after_normalising() -> None:
    expression = "s.markedRanges('２０１７年教职工体检<b>', ['2017', '体检'])"
    assert run_search_js(expression) == [{"text": "２０１７", "marked": True}, {"text": "年教职工", "marked": False},
                                         {"text": "体检", "marked": True}, {"text": "<b>", "marked": False}]


# --- the built demo site ---

def test_demo_site_has_its_own_index_and_no_other(built_demo: Path) -> None:
    assert not (built_demo / "search" / "search_index.json").exists()
    index = SiteIndex(built_demo)
    urls = [index.doc(n)[0] for n in range(index.manifest["docs"])]
    assert all((built_demo / unquote(url) / "index.html").is_file() for url in urls)
    assert "events/calendar/2017-10/" not in urls and "events/2017/E2017-016/" in urls and "" in urls
    html = (built_demo / "index.html").read_text(encoding="utf-8")
    assert 'class="md-search__input"' in html and "assets/unionsite/search.js" in html
    assert "data-md-component=\"search" not in html  # Material's own search script stays out of it


@pytest.mark.parametrize(("query", "expected"), [
    # The two pages named for it, then the lists of 2017 that name them, then the lists above, the home page.
    ("体检", ["events/2017/E2017-013/", "notices/2017/N2017-005/", "archive/2017/", "events/2017/",
              "notices/2017/", "workplan/2017/", "notices/", ""]),
    ("杨小华", ["awards/2017/A2017-02/", "awards/units/%E5%9C%9F%E6%9C%A8%E5%B7%A5%E7%A8%8B%E5%AD%A6%E9%99%A2/"]),
    ("E2017-013", ["events/2017/E2017-013/"]),
])
def test_demo_search(built_demo: Path, query: str, expected: list[str]) -> None:
    assert search_site(built_demo, query, limit=20) == expected


def test_demo_query_bytes(built_demo: Path) -> None:
    size = query_bytes(built_demo, "体检")
    print(f"\ndemo: one query (体检) fetches {size:,} bytes gzipped")
    assert 0 < size < 100_000


# --- an archive of 20 years ---

def test_eleven_thousand_pages(tmp_path: Path) -> None:
    docs = synthetic_docs(11_000)
    started = time.process_time()
    files = build_index(docs)
    seconds = time.process_time() - started
    for name, content in files.items():
        (tmp_path / "search" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "search" / name).write_bytes(content)
    sizes = index_sizes(files)
    costs = {q: query_bytes(tmp_path, q) for q in ("体检", "羽毛球", "工会", "关于改进通勤班车工作的建议")}
    print(f"\n11,000 pages: index built in {seconds:.1f} CPU seconds; {sizes}; bytes per query {costs}")
    assert seconds < 15
    assert costs["体检"] < 300_000 and max(costs.values()) < 300_000
    assert 15_000 < sizes["shard_bytes"] / sizes["shards"] < 40_000 and sizes["largest_shard"] < 64_000
    assert len(search_site(tmp_path, "体检")) == 10


# --- the plugin ---

def test_plugin_indexes_hand_written_pages_and_warns_about_leftovers(
        demo_root: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    from .conftest import build_site_at

    started: list[bool] = []

    class Job(IndexJob):
        def __init__(self, pages: list[tuple[str, str, str]], *, background: bool = True,
                     memo: IndexMemo | None = None) -> None:
            super().__init__(pages, background=background, memo=memo)
            started.append(self.future is not None)

    monkeypatch.setattr("generator.plugin.BACKGROUND_PAGES", 1)  # the worker process, as for a large site
    monkeypatch.setattr("generator.plugin.IndexJob", Job)
    (demo_root / "content" / "notes.md").write_text(
        "# 会议记录\n\n正文里的甲乙丙丁。\n\n<div data-search-exclude>不入索引的戊己庚辛</div>\n", encoding="utf-8")
    (demo_root / "content" / "hidden.md").write_text(
        "---\nsearch:\n  exclude: true\n---\n# 隐藏页\n\n壬癸子丑。\n", encoding="utf-8")
    (demo_root / "site_config" / "assets" / "search.js").unlink()
    config = demo_root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("plugins:\n", "plugins:\n  - search\n"),
                      encoding="utf-8")
    site = build_site_at(demo_root, tmp_path / "site")
    assert search_site(site, "甲乙丙丁") == ["notes/"]
    assert SiteIndex(site).search("会议记录")[0] == ("notes/", "会议记录", "正文里的甲乙丙丁。")
    assert search_site(site, "戊己庚辛") == [] and search_site(site, "壬癸子丑") == []
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any("不再需要 search" in w for w in warnings)
    assert any("缺少 site_config/assets/search.js" in w for w in warnings)
    assert not (site / "assets/unionsite/search.js").exists()
    assert started == [True]


def test_index_with_a_preview_memo_is_the_same_index() -> None:
    pages = [(f"events/2017/E{i}/", f"活动{i}", f"<p>第{i}次教职工提案征集</p>") for i in range(30)]
    memo = IndexMemo()
    assert index_of_pages(pages, memo) == index_of_pages(pages)
    changed = [*pages[:-1], ("events/2017/E29/", "新的标题", "<p>改过的内容</p>")]
    assert index_of_pages(changed, memo) == index_of_pages(changed)
    assert len(memo.docs) == len(memo.terms) == 30  # only what the last index used
    assert ("events/2017/E29/", "活动29", "<p>第29次教职工提案征集</p>") not in memo.docs


def test_index_with_a_preview_memo_updates_the_pages_that_changed() -> None:
    pages = [(f"events/2017/E{i}/", f"活动{i}", f"<p>第{i}次教职工提案征集 E{i}</p>") for i in range(30)]
    memo = IndexMemo()
    index_of_pages(pages, memo)
    postings = memo.postings
    edits = [
        [*pages[:3], ("events/2017/E3/", "改过的标题", "<p>全新的内容 2017</p>"), *pages[4:]],
        # a term only the edited page had goes; one it gains comes; its title's single characters too
        [*pages[:3], ("events/2017/E3/", "活动3", "<p>教职工代表大会</p>"), *pages[4:29],
         ("events/2017/E29/", "", "")],
        pages,
    ]
    for edited in edits:
        assert index_of_pages(edited, memo) == index_of_pages(edited)
        assert memo.postings is postings  # updated, not made again
    added = [*pages, ("events/2017/E30/", "活动30", "<p>新增</p>")]
    assert index_of_pages(added, memo) == index_of_pages(added)
    assert memo.postings is not postings
