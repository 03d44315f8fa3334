"""The site's own search: a static index in small files, fetched a few at a time by the reader's browser.

Why not mkdocs-material's search: it ships one JSON index that grows with the site (5.9 MB for the
1,163 pages of a two-year demo archive) and segments every page with jieba. Pagefind indexes too slowly for a 20-year
archive. This index is made from the text the build already has, in a few seconds for 11,000
pages, and one query fetches some tens of kilobytes whatever the size of the site.

**Terms.** Text is normalised with NFKC (full-width letters and digits become ASCII) and lower-cased.
Chinese has no spaces, so every run of CJK characters gives its overlapping bigrams (工会活动 → 工会,
会活, 活动); ASCII letters and digits give whole words (2017, e2017), and a word mixing letters and
digits also gives its letter and digit runs (e2017 → e, 2017), so 2017 finds E2017-002, which is the
two words e2017 and 002. Single characters are indexed from titles only: indexing every character of
every text costs about 40% more postings and time, for queries of one character that match almost
every page anyway.

**Queries** (``query_terms``; ``search.js`` does exactly the same). A query run of two or more
characters looks up bigrams that cover it without overlapping where they need not (教职工会 →
教职, 工会; 教职工 → 教职, 职工): each term costs one postings file. A run of one character is a
title search, used only when the query has nothing longer. At most ``MAX_TERMS`` terms are looked up
(a pasted sentence uses its beginning). A page matches when it holds every term; pages whose title
holds more of the terms come first, then pages in index order: newest year first (the year in the
address), record pages before the year's list pages, then by address. The index has no positions,
so 杨小华 also finds a page with 杨小 and 小华 apart; such pages rarely have the name in their
title, so they come after the real matches.

**Files**, under ``search/`` in the built site:

- ``manifest.json``: ``{"version", "path", "shards", "docs", "per_file"}``, the one fixed name. ``path``
  is a folder named by a hash of everything in it (in letters only), so a browser holding an old
  manifest never mixes it with new postings (it finds nothing there and fetches the manifest again).
- ``<path>t<i>.json``: ``[{term: pages}, {term: pages whose title holds it}]`` for the terms whose
  CRC-32 (of the term's UTF-8, as zlib computes it) modulo ``shards`` is ``i``; page numbers in
  ascending order, delta-encoded. ``shards`` grows with the site so that a shard holds about
  ``SHARD_TARGET_BYTES`` of JSON: at 11,000 pages about 30 KB gzipped on average, under 50 KB at most.
- ``<path>d<i>.json``: pages ``i * per_file`` onwards as ``[url, title, excerpt]``, fetched only for
  the results shown. ``url`` is relative to the site root (``events/2017/E2017-013/``); the excerpt
  is the first ``EXCERPT_CHARS`` characters of the page's text after its title (storing the whole
  text, for excerpts around the match, would make the page files about five times larger).

A query costs the manifest, one shard per term and the page files of the results shown:
``query_bytes`` measures that on a built site as GitHub and GitLab Pages serve JSON (gzip -6).
``SiteIndex`` and ``search_site`` run a query in Python exactly as the browser does.

**Speed.** Bigrams are collected as 64-bit integers (two UTF-32 code units read in one) and postings
are appended with ``map`` rather than a Python loop. On the project's 2-core build machine (shared,
so figures vary by a third) the 10,859 pages of the 20-year demo archive take about 1.4 CPU seconds to
reduce to text and 3.5 to index; ``IndexJob`` does both in a second process while mkdocs writes the
pages, so the build waits about 0.2 seconds for the index. tests/test_site_search.py measures an
11,000-page synthetic archive.
"""

from __future__ import annotations

import gzip
import hashlib
import html as htmllib
import json
import multiprocessing
import os
import pickle
import re
import shutil
import sys
import unicodedata
import zlib
from bisect import insort
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import repeat
from operator import sub
from pathlib import Path
from typing import Any

VERSION = 1
SEARCH_DIR = "search"
MANIFEST = "manifest.json"
EXCERPT_CHARS = 80
PER_FILE = 50  # pages per page file
SHARD_TARGET_BYTES = 100_000  # JSON bytes per postings shard
RESULTS = 10  # results shown at first
MAX_TERMS = 6  # terms looked up for one query
# Attribute (as in Material's search) that keeps an element's text out of the index.
EXCLUDE_ATTRIBUTE = "data-search-exclude"

# CJK ideographs, in the BMP and the supplementary planes, and 〇.
_CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CHARACTER = re.compile(f"[{_CJK}]")
_NOT_CJK = re.compile(f"[^{_CJK}]+")
_QUERY_TOKEN = re.compile(f"[{_CJK}]+|[a-z0-9]+")
# Words, and the letter and digit runs of words that mix them (e2017 → e, 2017).
_WORD = re.compile(r"[a-z0-9]+")
_PART = re.compile(r"[a-z]+|[0-9]+")
# NFKC of the full-width forms and the ideographic space.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

# Elements whose text is never the page's: scripts, styles, form controls, icons.
_DROPPED = re.compile(r"<(script|style|select|button|svg|template|textarea)\b.*?</\1\s*>", re.S | re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# Tags that separate words (a table cell from the next); other tags (a, strong, span) join them. The
# commonest first, and lower case only (as mkdocs and the templates write them): this regex runs over
# every page, and ordering it so makes it four times faster.
_BLOCK_TAG = re.compile(
    r"<(?:/?(?:t[dhr]|d[dlt]|div|li|p|h[1-6]|br|ul|ol|table|section|article|header|footer|nav|main|aside|address|"
    r"blockquote|caption|details|figcaption|figure|form|hr|option|pre|summary|tbody|tfoot|thead))\b[^>]*>")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_OPEN_EXCLUDED = re.compile(rf"<([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*\s{EXCLUDE_ATTRIBUTE}\b[^>]*>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"})
_HEX_AS_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")
_YEAR = re.compile(r"(?:^|/)((?:19|20)\d\d)(?=/|$|-)")


@dataclass(frozen=True)
class SearchDoc:
    """One page of the index: its address relative to the site root, its title, its plain text."""

    url: str
    title: str
    text: str


def normalise(text: str) -> str:
    """Return ``text`` as terms are cut from it: NFKC (full-width forms to ASCII), lower case.

    Full-width forms are mapped first, by table: the same as NFKC does, and usually all it would do
    (Chinese text is otherwise NFKC already), which saves most of the time NFKC takes.
    """
    text = text.translate(_FULL_WIDTH)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def _keys(normalised: str) -> set[int | str]:
    """The index terms of normalised text: bigrams as integers (see ``_bigram``), words as strings.

    Bigrams across a gap between runs hold a NUL character; ``build_index`` drops them at the end.
    """
    runs = _NOT_CJK.sub("\0", normalised).encode("utf-32-le")
    even = len(runs) // 8 * 8
    odd = (len(runs) - 4) // 8 * 8
    keys: set[int | str] = set(memoryview(runs[:even]).cast("Q"))
    keys.update(memoryview(runs[4:4 + odd]).cast("Q"))
    words = _WORD.findall(normalised)
    keys.update(words)
    mixed = [word for word in words if not (word.isdigit() or word.isalpha())]
    if mixed:
        keys.update(_PART.findall(" ".join(mixed)))
    return keys


def _bigram(key: int | str) -> str:
    """The term of a key from ``_keys``: two characters for an integer, the word itself otherwise."""
    return key.to_bytes(8, sys.byteorder).decode("utf-32-le") if isinstance(key, int) else key


def index_terms(text: str, *, title: bool = False) -> set[str]:
    """Return the terms a page's text (or its ``title``) is indexed under."""
    normalised = normalise(text)
    terms = {_bigram(key) for key in _keys(normalised)}
    if title:
        terms.update(_CHARACTER.findall(normalised))
    return {term for term in terms if "\0" not in term}


def query_terms(query: str) -> list[str]:
    """Return the terms a page must hold to match ``query``, in the order typed, at most ``MAX_TERMS``."""
    tokens = _QUERY_TOKEN.findall(normalise(query))
    longer = any(len(token) > 1 or not _CHARACTER.match(token) for token in tokens)
    terms: list[str] = []
    for token in tokens:
        if not _CHARACTER.match(token):
            terms.append(token)
        elif len(token) == 1:
            if not longer:
                terms.append(token)
        else:
            starts = list(range(0, len(token) - 1, 2))
            if starts[-1] != len(token) - 2:
                starts.append(len(token) - 2)
            terms += [token[i:i + 2] for i in starts]
    return list(dict.fromkeys(terms))[:MAX_TERMS]


def highlight_terms(query: str) -> list[str]:
    """What the results mark: every bigram, character and word of the query."""
    tokens = _QUERY_TOKEN.findall(normalise(query))
    terms: list[str] = []
    for token in tokens:
        if _CHARACTER.match(token) and len(token) > 1:
            terms += [token[i:i + 2] for i in range(len(token) - 1)]
        else:
            terms.append(token)
    return list(dict.fromkeys(terms))


def shard_of(term: str, shards: int) -> int:
    """The postings file of ``term``: CRC-32 of its UTF-8, modulo the number of shards (as in search.js)."""
    return zlib.crc32(term.encode("utf-8")) % shards


def page_text(html: str) -> str:
    """Return the readable text of a page's content HTML, on one line, without the excluded parts."""
    if EXCLUDE_ATTRIBUTE in html:
        html = _drop_excluded(html)
    html = _DROPPED.sub(" ", _COMMENT.sub("", html))
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", html))
    return _SPACE.sub(" ", htmllib.unescape(text)).strip()


def plain(html_text: str) -> str:
    """Return a title that may hold markup or entities as plain text."""
    return _SPACE.sub(" ", htmllib.unescape(_TAG.sub("", html_text))).strip()


def _drop_excluded(html: str) -> str:
    """Remove every element carrying ``data-search-exclude``, with all it contains."""
    pieces: list[str] = []
    position = 0
    while match := _OPEN_EXCLUDED.search(html, position):
        pieces += (html[position:match.start()], " ")
        name = match.group(1).lower()
        position = match.end()
        if name in _VOID or match.group(0).endswith("/>"):
            continue
        depth = 1
        for tag in re.compile(rf"<(/?){name}\b[^>]*>", re.I).finditer(html, position):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                position = tag.end()
                break
        else:
            position = len(html)
    pieces.append(html[position:])
    return "".join(pieces)


def make_doc(url: str, title: str, content_html: str) -> SearchDoc:
    """Return the index document of a page from its address, its title (text) and its content HTML."""
    return SearchDoc(url, _SPACE.sub(" ", title).strip(), page_text(content_html))


def excerpt(doc: SearchDoc) -> str:
    """The start of a page's text, after its title when the text begins with it."""
    text = doc.text
    if doc.title and text.startswith(doc.title):
        text = text[len(doc.title):].lstrip()
    return text[:EXCERPT_CHARS]


def _order(doc: SearchDoc) -> tuple[int, int, str]:
    """Index order: newest year first, deeper pages (records) before the lists above them, then address."""
    years = _YEAR.findall(doc.url)
    return (-int(years[0]) if years else 0, -doc.url.count("/"), doc.url)


def shard_count(json_bytes: int) -> int:
    """How many postings shards for this many bytes of postings JSON."""
    return max(1, -(-json_bytes // SHARD_TARGET_BYTES))


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _gaps(numbers: list[int]) -> str:
    return ",".join(map(str, [numbers[0], *map(sub, numbers[1:], numbers)]))


Keys = tuple[set[int | str], set[int | str]]  # a page's keys, and those of its title alone


class IndexMemo:
    """Each page's document and terms, kept between a preview's rebuilds: most pages are unchanged.

    Keeps what the last index used, so a preview's memory does not grow with every save; and the
    last index's postings, which a rebuild with the same pages in the same order (an edit that
    adds or removes no page) updates where a page changed, instead of making them all again.
    """

    def __init__(self) -> None:
        self.docs: dict[tuple[str, str, str], SearchDoc] = {}
        self.terms: dict[SearchDoc, Keys] = {}
        self.postings: _Postings | None = None
        self._docs_used: dict[tuple[str, str, str], SearchDoc] = {}
        self._terms_used: dict[SearchDoc, Keys] = {}

    def doc(self, url: str, title: str, html: str) -> SearchDoc:
        key = (url, title, html)
        doc = self.docs.get(key) or make_doc(url, title, html)
        self._docs_used[key] = doc
        return doc

    def keys(self, doc: SearchDoc) -> Keys:
        known = self.terms.get(doc) or _doc_keys(doc)
        self._terms_used[doc] = known
        return known

    def keep_used(self) -> None:
        self.docs, self.terms = self._docs_used, self._terms_used
        self._docs_used, self._terms_used = {}, {}


def _doc_keys(doc: SearchDoc) -> Keys:
    """A page's keys (text and title) and those of its title alone."""
    title = normalise(doc.title)
    in_title = _keys(title)
    keys = _keys(normalise(doc.text))
    keys |= in_title
    keys.update(_CHARACTER.findall(title))
    return keys, in_title


# A term's entries in its shard: in the pages' postings, and in the title postings (or None); and
# how many bytes it counts for when the number of shards is chosen.
TermEntry = tuple[str, str | None, int]


@dataclass
class _Postings:
    """An index before it is cut into files: the pages in index order, the numbers of the pages
    holding each key, of those whose title holds it, and each term's entries."""

    docs: list[SearchDoc]
    pages: defaultdict[int | str, list[int]]
    titled: defaultdict[int | str, list[int]]
    entries: dict[str, TermEntry]

    @classmethod
    def of(cls, ordered: list[SearchDoc], keys_of: Callable[[SearchDoc], Keys]) -> _Postings:
        pages: defaultdict[int | str, list[int]] = defaultdict(list)
        titled: defaultdict[int | str, list[int]] = defaultdict(list)
        append = list.append
        for number, doc in enumerate(ordered):
            keys, in_title = keys_of(doc)
            deque(map(append, map(pages.__getitem__, keys), repeat(number)), maxlen=0)
            deque(map(append, map(titled.__getitem__, in_title), repeat(number)), maxlen=0)
        postings = cls(ordered, pages, titled, {})
        postings.enter(pages)
        return postings

    def enter(self, keys: Iterable[int | str]) -> None:
        """Make the entries of the terms of ``keys`` again from their postings (a key with none: no entry)."""
        pages, titled, entries = self.pages, self.titled, self.entries
        for key in keys:
            term = _bigram(key)
            if "\0" in term:  # a bigram across a gap between runs
                continue
            numbers = pages.get(key)
            if not numbers:
                entries.pop(term, None)
                continue
            quoted, gaps = json.dumps(term, ensure_ascii=False), _gaps(numbers)
            entries[term] = (f"{quoted}:[{gaps}]", f"{quoted}:[{_gaps(titled[key])}]" if key in titled else None,
                             len(gaps) + len(term) * 3 + 6)

    def updated(self, ordered: list[SearchDoc], keys_of: Callable[[SearchDoc], Keys],
                last_keys_of: Callable[[SearchDoc], Keys | None]) -> bool:
        """Update the postings for ``ordered``, the same addresses in the same order, where a page
        changed; False (and nothing changed) when it cannot: other pages, or a page's last keys unknown."""
        if [doc.url for doc in ordered] != [doc.url for doc in self.docs]:
            return False
        changes = []
        for number, (old, new) in enumerate(zip(self.docs, ordered, strict=True)):
            keys = keys_of(new)
            if old is not new and old != new:
                last = last_keys_of(old)
                if last is None:
                    return False
                changes.append((number, last, keys))
        touched: set[int | str] = set()
        for number, last, keys in changes:
            for postings, before, after in ((self.pages, last[0], keys[0]), (self.titled, last[1], keys[1])):
                for key in before - after:
                    numbers = postings[key]
                    numbers.remove(number)
                    if not numbers:
                        del postings[key]
                for key in after - before:
                    insort(postings[key], number)
                touched |= before ^ after
        self.docs = ordered
        self.enter(touched)
        return True


def build_index(docs: Iterable[SearchDoc], memo: IndexMemo | None = None) -> dict[str, bytes]:
    """Return the index files by path under ``search/``: the manifest, the shards and the page files.

    The same pages give the same bytes, in whatever order they come.
    """
    ordered = sorted({doc.url: doc for doc in docs}.values(), key=_order)
    if memo is None:
        postings = _Postings.of(ordered, _doc_keys)
    elif memo.postings is None or not memo.postings.updated(ordered, memo.keys, memo.terms.get):
        postings = memo.postings = _Postings.of(ordered, memo.keys)
    else:
        postings = memo.postings
    entries = postings.entries
    shards = shard_count(sum(size for _, _, size in entries.values()))
    grouped: list[list[str]] = [[] for _ in range(shards)]
    for term in entries:
        grouped[shard_of(term, shards)].append(term)
    files: dict[str, bytes] = {}
    for number, terms in enumerate(grouped):
        terms.sort()
        body = ",".join(entries[t][0] for t in terms)
        heads = ",".join(head for head in (entries[t][1] for t in terms) if head is not None)
        files[f"t{number}.json"] = f"[{{{body}}},{{{heads}}}]".encode()
    for start in range(0, len(ordered), PER_FILE):
        chunk = ordered[start:start + PER_FILE]
        files[f"d{start // PER_FILE}.json"] = _dumps([[d.url, d.title, excerpt(d)] for d in chunk])
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    # Hex digits written as the letters a–p: a folder name with a run of digits could look like a phone
    # number to a check of what the site publishes.
    folder = digest.hexdigest()[:12].translate(_HEX_AS_LETTERS)
    manifest = {"version": VERSION, "path": f"{folder}/", "shards": shards, "docs": len(ordered),
                "per_file": PER_FILE}
    index = {f"{folder}/{name}": content for name, content in sorted(files.items())}
    index[MANIFEST] = _dumps(manifest)
    return index


def write_index(site_dir: Path, docs: Iterable[SearchDoc]) -> dict[str, bytes]:
    """Build the index of ``docs`` and write it under ``site_dir/search/`` (see ``write_files``)."""
    index = build_index(docs)
    write_files(site_dir, index)
    return index


def write_files(site_dir: Path, index: Mapping[str, bytes]) -> None:
    """Write an index from ``build_index``: its folder whole, then the manifest; then drop older folders."""
    root = site_dir / SEARCH_DIR
    folder = json.loads(index[MANIFEST])["path"].rstrip("/")
    if not (root / folder).is_dir():  # a folder of this name is complete: it is renamed into place whole
        staging = root / f".{folder}.tmp"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for name, content in index.items():
            if name != MANIFEST:
                (staging / name.split("/", 1)[1]).write_bytes(content)
        os.replace(staging, root / folder)
    temporary = root / f".{MANIFEST}.tmp"
    temporary.write_bytes(index[MANIFEST])
    os.replace(temporary, root / MANIFEST)
    for old in root.iterdir():
        if old.is_dir() and old.name != folder:
            shutil.rmtree(old)


def index_of_pages(pages: Sequence[tuple[str, str, str]], memo: IndexMemo | None = None) -> dict[str, bytes]:
    """``build_index`` of pages given as (url, title as text, content HTML): the work ``IndexJob`` hands over."""
    if memo is None:
        return build_index(make_doc(url, title, html) for url, title, html in pages)
    index = build_index([memo.doc(url, title, html) for url, title, html in pages], memo)
    memo.keep_used()
    return index


class IndexJob:
    """Builds the index of pages in a second process, while mkdocs renders and writes the pages.

    mkdocs renders every page's Markdown first (the plugin collects the pages then), and only then
    puts every page into the theme's templates, in one process. The index costs a few CPU seconds for
    a 20-year archive; in a worker started between the two it costs the build almost no time on a
    machine with two cores. Anything that goes wrong with the worker (no processes allowed, a broken
    pool) makes ``result`` build the index here instead: the same bytes, only slower.
    """

    def __init__(self, pages: Sequence[tuple[str, str, str]], *, background: bool = True,
                 memo: IndexMemo | None = None) -> None:
        self.pages = list(pages)
        self.memo = memo  # for the index built here, not by the worker
        self.executor: ProcessPoolExecutor | None = None
        self.future: Future[dict[str, bytes]] | None = None
        if background:
            try:
                # spawn, not fork: forking a process that runs threads (mkdocs serve) can deadlock the child.
                self.executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
                self.future = self.executor.submit(index_of_pages, self.pages)
            except (OSError, RuntimeError, ValueError):
                self.cancel()

    def result(self) -> dict[str, bytes]:
        """The index files (waits for the worker if it is still at work)."""
        try:
            if self.future is not None:
                return self.future.result()
        except (BrokenProcessPool, OSError, RuntimeError, pickle.PicklingError):
            pass
        finally:
            self.cancel()
        return index_of_pages(self.pages, self.memo)

    def cancel(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = None
        self.future = None


class SiteIndex:
    """A built site's index, read the way the browser reads it; remembers which files it fetched."""

    def __init__(self, site_dir: Path) -> None:
        self.root = Path(site_dir) / SEARCH_DIR
        self.fetched: dict[str, bytes] = {}
        self.manifest: dict[str, Any] = json.loads(self._fetch(MANIFEST))

    def _fetch(self, name: str) -> bytes:
        if name not in self.fetched:
            self.fetched[name] = (self.root / name).read_bytes()
        return self.fetched[name]

    def _json(self, name: str) -> Any:
        return json.loads(self._fetch(self.manifest["path"] + name))

    def postings(self, term: str) -> tuple[list[int], set[int]]:
        """The pages holding ``term``, ascending, and those whose title holds it."""
        pages, titled = self._json(f"t{shard_of(term, self.manifest['shards'])}.json")
        return _numbers(pages.get(term, [])), set(_numbers(titled.get(term, [])))

    def ranked(self, query: str) -> list[int]:
        """The numbers of the pages matching ``query``, best first."""
        terms = query_terms(query)
        found = [self.postings(term) for term in terms]
        if not found:
            return []
        matches = set(found[0][0]).intersection(*(pages for pages, _ in found[1:]))
        return sorted(matches, key=lambda n: (-sum(n in titled for _, titled in found), n))

    def doc(self, number: int) -> tuple[str, str, str]:
        """(url, title, excerpt) of page ``number``."""
        per_file = self.manifest["per_file"]
        url, title, text = self._json(f"d{number // per_file}.json")[number % per_file]
        return url, title, text

    def search(self, query: str, limit: int = RESULTS) -> list[tuple[str, str, str]]:
        return [self.doc(n) for n in self.ranked(query)[:limit]]


def _numbers(gaps: list[int]) -> list[int]:
    numbers, total = [], 0
    for gap in gaps:
        total += gap
        numbers.append(total)
    return numbers


def search_site(site_dir: Path, query: str, limit: int = RESULTS) -> list[str]:
    """The addresses of the first ``limit`` results for ``query`` on a built site, as the browser lists them."""
    return [url for url, _, _ in SiteIndex(site_dir).search(query, limit)]


def served_size(content: bytes) -> int:
    """Bytes of a file as a static host serves JSON: gzip, level 6."""
    return len(gzip.compress(content, 6, mtime=0))


def query_bytes(site_dir: Path, query: str) -> int:
    """Bytes (gzip -6) the browser fetches to show the first results of ``query``: manifest, shards, page files."""
    index = SiteIndex(site_dir)
    index.search(query)
    return sum(served_size(content) for content in index.fetched.values())


def index_sizes(files: Mapping[str, bytes]) -> dict[str, int]:
    """Sizes of an index from ``build_index`` as served (gzip -6): in all, of its shards, of its page files."""
    shards = [served_size(c) for name, c in files.items() if "/t" in name]
    pages = [served_size(c) for name, c in files.items() if "/d" in name]
    return {"total": sum(shards) + sum(pages) + served_size(files[MANIFEST]),
            "shards": len(shards), "shard_bytes": sum(shards), "largest_shard": max(shards, default=0),
            "page_files": len(pages), "page_file_bytes": sum(pages), "largest_page_file": max(pages, default=0)}
