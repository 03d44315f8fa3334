"""Guards on what a build publishes: no private numbers, no broken internal links.

Every build runs them on the finished site folder (the plugin's ``on_post_build``). Each problem
is a ``Finding``; the build fails when there is any. What is scanned, and why:

* Every published text file (``TEXT_SUFFIXES``: pages, feeds, calendars, open data, the search
  index ``search/search_index.json``, sitemap) is scanned byte for byte, so the text of a page and
  its attribute values (``href="tel:…"``) are both covered, and so is everything a page says only
  in a script or a comment.
* Files the theme ships unchanged (its JavaScript and CSS bundles, lunr, fonts) are named by the
  caller in ``Guards.vendor`` and not scanned: they are the same code on every site, hold nothing
  from our records, and minified code is full of long numeric constants. Our own assets and any
  file from ``content/`` are scanned like pages.
* Binary files (PDF and Office attachments, images, ``sitemap.xml.gz``) are not scanned: their text
  sits in compressed streams that would need a parser per format, and an attachment is a document
  the officer chose to publish. Their *names* are checked, as every published file's name is.
"""

from __future__ import annotations

import csv
import io
import os
import posixpath
import re
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from .. import forking
from ..ingest.errors import FormDefinitionError
from ..ingest.forms import FormDefinition, available_forms, load_form
from ..privacy import _mask, find_private_values
from ..project import Project, Settings

TEXT_SUFFIXES = frozenset({
    ".html", ".htm", ".xml", ".json", ".csv", ".tsv", ".ics", ".txt", ".md", ".yaml", ".yml",
    ".js", ".mjs", ".css", ".svg", ".rss", ".atom", ".webmanifest", ".geojson",
})
PRIVATE_FOLDER = "private"
MIN_PRIVATE_LENGTH = 5  # shorter values (a shirt size, a two-digit answer) are not identifying

_KINDS = {"mobile": "手机号码", "id-number": "身份证号码"}


@dataclass(frozen=True, order=True)
class Finding:
    """One thing a build must not publish: where (site-relative), what, and the value (masked if private)."""

    path: str
    what: str
    value: str

    def as_text(self) -> str:
        return f"{self.path}: {self.what}（{self.value}）"


@dataclass
class PrivateValues:
    """Values from ``private/`` that identify a person, each with the label a finding shows."""

    digits: dict[str, str] = field(default_factory=dict)  # digits only: staff ids, phone numbers, ID numbers
    emails: dict[str, str] = field(default_factory=dict)  # lower case
    others: dict[str, str] = field(default_factory=dict)  # lower case: a staff id with letters, say
    _pattern: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    def add(self, value: str, label: str) -> None:
        value = value.translate(_TO_ASCII).strip().lstrip("'").strip()  # rosters keep formula-looking cells as '+86…
        if len(value) < MIN_PRIVATE_LENGTH:
            return
        if _ASCII_EMAIL.fullmatch(value):
            self.emails.setdefault(value.lower(), label)
            return
        compact = _SEPARATORS.sub("", value)
        if compact.isascii() and compact.isdigit():
            self.digits.setdefault(compact, label)
            if len(compact) == 13 and compact.startswith("86"):
                self.digits.setdefault(compact[2:], label)  # +86 138…: the number without the country code
        elif len(compact) == 18 and compact[:17].isascii() and compact[:17].isdigit() and compact[17] in "Xx":
            self.digits.setdefault(compact.upper(), label)
        elif any(c.isdigit() for c in compact):
            self.others.setdefault(value.lower(), label)
            self._pattern = None
        # else: words in a phone column (同上, 与办公室相同) identify no one, and are common text.

    def drop(self, numbers: Collection[str]) -> None:
        """Forget values that are allowed on the site (the office's number in someone's roster row)."""
        for number in numbers:
            self.digits.pop(number, None)

    @property
    def pattern(self) -> re.Pattern[str] | None:
        """One regex for the values that are neither digits nor e-mail addresses (usually none)."""
        if self._pattern is None and self.others:
            words = "|".join(re.escape(v) for v in sorted(self.others, key=len, reverse=True))
            self._pattern = re.compile(rf"(?<![0-9A-Za-z])(?:{words})(?![0-9A-Za-z])", re.IGNORECASE)
        return self._pattern


@dataclass
class Guards:
    """What the guards compare the built site with."""

    site_url: str | None = None
    allowed: frozenset[str] = frozenset()  # digits only (see allowed_numbers)
    private: PrivateValues = field(default_factory=PrivateValues)
    vendor: frozenset[str] = frozenset()  # site-relative paths of the theme's own files: not scanned


def guards_for(project: Project, site_url: str | None, vendor: Iterable[str] = ()) -> Guards:
    """Return the guards for a site root: its allowed numbers and its ``private/`` values."""
    allowed = allowed_numbers(project.settings())
    private = private_values(project.root / PRIVATE_FOLDER, project.config_dir)
    private.drop(allowed)
    return Guards(site_url or None, allowed, private, frozenset(vendor))


def allowed_numbers(settings: Settings) -> frozenset[str]:
    """Return the numbers the settings allow, digits only, so 028-8760 0000 and 02887600000 are one."""
    raw = settings.public_numbers
    numbers = [raw] if isinstance(raw, str | int) else list(raw or ())  # YAML: a list, or one number
    if settings.contact_phone:
        numbers.append(settings.contact_phone)
    allowed = set()
    for number in numbers:
        digits = _digits(str(number))
        if digits:
            allowed.add(digits)
            if len(digits) == 13 and digits.startswith("86"):
                allowed.add(digits[2:])
    return frozenset(allowed)


# --- The values in private/ ------------------------------------------------------------------
#
# Only values that identify a person *privately* are collected: staff ids, phone numbers, ID
# numbers and e-mail addresses. Names and units are left out on purpose: the same name is rightly
# public elsewhere (an award winner, a proposer who consented), and a unit is public by nature.
# Free-text answers (a note, a nominee's deeds) are left out too: they are sentences, not values,
# and a number inside one is caught by the mobile and ID number checks anyway.

_TYPE_KINDS = {"staff_id": "工号", "phone": "电话号码"}
# Column names outside the forms: field names, or the words of a header typed by hand.
_NAME_KINDS = (
    (re.compile(r"(?:^|_)(?:staff_id|staff_no|employee_id)$|工号"), "工号"),
    (re.compile(r"(?:^|_)(?:id_number|id_card|idcard)$|身份证|证件号"), "身份证号码"),
    (re.compile(r"(?:^|_)(?:phone|mobile|tel|telephone)$|电话|手机"), "电话号码"),
    (re.compile(r"(?:^|_)e?mail$|邮箱|邮件"), "电子邮箱"),
)
_SEPARATORS = re.compile(r"[\s\-+()（）]")
_ASCII_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def private_values(private_dir: Path, config_dir: Path) -> PrivateValues:
    """Return the identifying values of every roster (CSV) and ingest index (YAML) under ``private_dir``.

    A roster's header holds field names (as the ingest writes it) or questions (a roster made by
    hand); the form definitions say which fields are staff ids and phone numbers, and a field's
    name says the rest (``id_number``, ``email``).
    """
    values = PrivateValues()
    if not private_dir.is_dir():
        return values
    forms = _forms(config_dir)
    kinds = _column_kinds(forms)
    for path in sorted(private_dir.rglob("*")):
        where = f"{PRIVATE_FOLDER}/{path.relative_to(private_dir).as_posix()}"
        suffix = path.suffix.lower()
        if suffix == ".csv" and path.is_file():
            _roster_values(_read_text(path), kinds, where, values)
        elif suffix in (".yaml", ".yml") and path.stem.endswith("-index") and path.is_file():
            form = forms.get(path.stem.removesuffix("-index"))
            if form is not None:
                _index_values(_read_text(path), form, kinds, where, values)
    return values


def _forms(config_dir: Path) -> dict[str, FormDefinition]:
    forms = {}
    for name in available_forms(config_dir):
        try:
            forms[name] = load_form(config_dir, name)
        except FormDefinitionError:
            continue  # `unionsite ingest` reports a broken form; its columns fall back on the names
    return forms


def _column_kinds(forms: dict[str, FormDefinition]) -> dict[str, str]:
    """Return the Chinese kind of each identifying column, by field name and by question."""
    kinds = {}
    for form in forms.values():
        for form_field in form.fields:
            kind = _TYPE_KINDS.get(form_field.type) or _name_kind(form_field.name)
            if kind:
                for header in (form_field.name, *form_field.questions):
                    kinds[header] = kind
    return kinds


def _name_kind(name: str) -> str | None:
    return next((kind for pattern, kind in _NAME_KINDS if pattern.search(name.lower())), None)


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")  # a roster saved again by Excel on a Chinese system


def _roster_values(text: str, kinds: dict[str, str], where: str, values: PrivateValues) -> None:
    rows = csv.reader(io.StringIO(text))
    header = next(rows, [])
    # The "key" column repeats the identity fields, which have their own columns.
    columns = [(i, kinds.get(h.strip()) or _name_kind(h.strip())) for i, h in enumerate(header) if h.strip() != "key"]
    picked = [(i, kind) for i, kind in columns if kind]
    for row in rows:
        for index, kind in picked:
            if index < len(row):
                for part in row[index].split("；"):
                    values.add(part, f"{where} 中的{kind}")


def _index_values(text: str, form: FormDefinition, kinds: dict[str, str], where: str,
                  values: PrivateValues) -> None:
    """An ingest index maps identity keys (``staff_id|title``) to record ids: keep the identifying parts."""
    try:
        index = yaml.safe_load(text)
    except yaml.YAMLError:
        return
    if not isinstance(index, dict):
        return
    for key in index:
        parts = str(key).split("|")
        names = next((ids for ids in form.identities if len(ids) == len(parts)), ())
        for name, part in zip(names, parts, strict=False):
            kind = kinds.get(name)
            if kind:
                values.add(part, f"{where} 中的{kind}")


# --- Scanning published text -----------------------------------------------------------------
#
# Reading 11,000 pages with a regex at every character would take tens of seconds. Instead each
# file's bytes are mapped to classes with one bytes.translate (digits → 0, blanks and hyphens → s,
# @ stays, all else .), and three plain substring searches find the few places worth a look: five
# digits in a row (every ID number, staff id and unbroken phone), four digits, one separator and
# four digits (a phone typed as 138 1234 5678), and @; one regex with a literal start finds
# full-width digits. Only a window around each is decoded and given to the real checks
# (privacy.find_private_values, the private values). benchmarks/guards_bench.py times the whole guard.

def _class_table() -> bytes:
    table = bytearray(b"." * 256)
    for byte in b"0123456789":
        table[byte] = ord("0")
    for byte in b" \t\r\n\f\v-":
        table[byte] = ord("s")
    table[ord("@")] = ord("@")
    return bytes(table)


_CLASSES = _class_table()
_NEEDLES = (b"00000", b"0000s0000", b"@")
# Four full-width digits (０-９, U+FF10-FF19, typed with a Chinese input method in full-width mode).
_WIDE_DIGITS = re.compile(rb"\xef\xbc[\x90-\x99](?:\xef\xbc[\x90-\x99]){3}")  # a literal start: fast
_TO_ASCII = str.maketrans("０１２３４５６７８９", "0123456789")
_MARGIN = 40  # characters of context: a +86 prefix, find_private_values's look-around for ID numbers
# Bytes a number's neighbourhood may continue with: widening a window over them keeps it from
# starting or ending inside a longer number (or a longer token, for _opaque).
_NUMBERISH = frozenset(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.+-_ \t"
                       b"\xef\xbc\x90\x91\x92\x93\x94\x95\x96\x97\x98\x99")  # and full-width digits' bytes
_DIGIT_RUN = re.compile(r"[0-9]{5,}")
_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_HEX = frozenset("0123456789abcdefABCDEF")
_ENTITY_RUN = re.compile(rb"(?:&#(?:[0-9]{1,7}|[xX][0-9a-fA-F]{1,6});){5,}")


def scan_text(text: str, guards: Guards, *, calendar: bool = False) -> list[tuple[str, str]]:
    """Return ``(what, masked value)`` for each private number or value in a short ``text``.

    ``calendar``: the text is iCalendar, whose dates (20171122) and times (T120000) are not staff ids.
    """
    found: dict[tuple[str, str], None] = {}
    private = guards.private
    reported: set[str] = set()
    text = text.translate(_TO_ASCII)
    if private.digits:
        for match in _DIGIT_RUN.finditer(text):
            label = private.digits.get(match.group())
            if label and not _opaque(text, match.start(), match.end()) \
                    and not (calendar and _calendar_value(text, match.start(), match.end())):
                reported.add(match.group())
                found[label, _mask(match.group())] = None
    if private.emails and "@" in text:
        for match in _ASCII_EMAIL.finditer(text):
            address = match.group().rstrip(".").lower()
            if address in private.emails:
                found[private.emails[address], _mask(address)] = None
    if private.pattern is not None:
        for match in private.pattern.finditer(text):
            found[private.others[match.group().lower()], _mask(match.group())] = None
    for kind, value in find_private_values(text):
        if kind not in _KINDS:
            continue  # a personal e-mail address alone is not what this guard is for; private/ ones are
        digits = _digits(value)
        short = digits[-11:] if kind == "mobile" else digits
        if {digits, short} & (reported | guards.allowed) or _all_opaque(text, value):
            continue
        label = private.digits.get(digits) or private.digits.get(short) or _KINDS[kind]
        found[label, _mask(value)] = None
    return list(found)


def scan_bytes(data: bytes, guards: Guards, *, calendar: bool = False, html: bool = False) -> list[tuple[str, str]]:
    """Return ``(what, masked value)`` for each private number or value in a published file's bytes."""
    found: dict[tuple[str, str], None] = {}
    for start, end in _windows(data):
        for item in scan_text(data[start:end].decode("utf-8", errors="replace"), guards, calendar=calendar):
            found[item] = None
    if html and b"&#" in data:
        # Python-Markdown writes an e-mail autolink as character references, one per letter.
        for match in _ENTITY_RUN.finditer(data):
            for item in scan_text(unescape(match.group().decode("ascii")), guards):
                found[item] = None
    return list(found)


def _windows(data: bytes) -> list[tuple[int, int]]:
    """Return the merged byte ranges of ``data`` around every place a private value could be."""
    classes = data.translate(_CLASSES)
    spans = []
    for needle in _NEEDLES:
        at = classes.find(needle)
        while at >= 0:
            span = _widen(data, at, at + len(needle))
            spans.append(span)
            at = classes.find(needle, span[1])
    spans.extend(_widen(data, m.start(), m.end()) for m in _WIDE_DIGITS.finditer(data))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _widen(data: bytes, start: int, end: int) -> tuple[int, int]:
    start, end = max(0, start - _MARGIN), min(len(data), end + _MARGIN)
    while start > 0 and data[start - 1] in _NUMBERISH:
        start -= 1
    while end < len(data) and data[end] in _NUMBERISH:
        end += 1
    while start > 0 and 0x80 <= data[start] < 0xC0:  # not in the middle of a character
        start -= 1
    while end < len(data) and 0x80 <= data[end] < 0xC0:
        end += 1
    return start, end


def _digits(value: str) -> str:
    return "".join(c for c in value if (c.isascii() and c.isdigit()) or c in "Xx").upper()


def _opaque(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is part of a longer token that is not a number a person types.

    A hex digest (main.5f13812345678ab.js, an integrity hash) or a long mixed token (base64 data,
    a checksum) may hold eleven digits in a row; "Tel13812345678" is still a phone number.
    """
    left, right = start, end
    while left > 0 and text[left - 1] in _ALNUM:
        left -= 1
    while right < len(text) and text[right] in _ALNUM:
        right += 1
    token = text[left:right]
    if token == text[start:end] or not any(c.isalpha() for c in token):
        return False
    return all(c in _HEX for c in token) or len(token) >= 32


def _all_opaque(text: str, value: str) -> bool:
    starts = [m.start() for m in re.finditer(re.escape(value), text)]
    return bool(starts) and all(_opaque(text, s, s + len(value)) for s in starts)


def _calendar_value(text: str, start: int, end: int) -> bool:
    """Whether the digits at text[start:end] are an iCalendar date or time (20171122, T120000)."""
    run = text[start:end]
    if len(run) == 6 and start > 0 and text[start - 1] == "T":
        return True
    if len(run) != 8:
        return False
    try:
        date(int(run[:4]), int(run[4:6]), int(run[6:]))
    except ValueError:
        return False
    return True


# --- Internal links and anchors --------------------------------------------------------------
#
# An 11,000-page site has some 360,000 links, nearly all the same few hundred strings written from
# pages at the same depth (../../../workplan/). So each distinct href is parsed once (``_parse``)
# into "up N folders, then this path"; resolving it from a page is then a slice and a join.

@dataclass(frozen=True)
class LinkTarget:
    """Where an internal link points: a site-relative file (None: above the site's root) and an anchor."""

    path: str | None
    fragment: str | None = None


@dataclass(frozen=True)
class _Href:
    """A parsed internal href: from the root or the page's folder, up ``ups`` folders, then ``rest``."""

    from_root: bool
    ups: int
    rest: str  # normalised, percent-decoded; "" for the folder itself
    directory: bool  # a folder URL (foo/, ., ..): served as its index.html
    fragment: str | None
    same_page: bool = False


def resolve_link(page: str, href: str, site_url: str | None = None) -> LinkTarget | None:
    """Return where ``href`` on the page at site-relative ``page`` points, or None if outside the site.

    Directory URLs (``foo/``) point at ``foo/index.html``; percent-escapes are decoded and a query
    string is ignored. Links to the site's own ``site_url`` are internal; other hosts, other paths
    of the same host and other schemes (mailto:, tel:, javascript:, data:) are not checked.
    """
    parsed = _parse(href, *_site_prefix(site_url))
    return None if parsed is None else LinkTarget(_target(page, _ancestors(page), parsed), parsed.fragment)


def _parse(href: str, prefix: str, host: str) -> _Href | None:
    href = href.strip()
    parts = urlsplit(href)
    path = parts.path
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("", "http", "https") or not host or parts.netloc.lower() != host:
            return None
        path = path if path.startswith("/") else "/" + path
    fragment = unquote(parts.fragment) if parts.fragment or href.endswith("#") else None
    if path.startswith("/"):
        if path + "/" == prefix:
            path = prefix
        if not path.startswith(prefix):
            return None  # another part of the host, not this site
        relative = unquote(path[len(prefix):])
    elif not path:
        return _Href(False, 0, "", False, fragment, same_page=True)  # "#anchor", "?query"
    else:
        relative = unquote(path)
    directory = relative == "" or relative.endswith("/") or relative.rsplit("/", 1)[-1] in (".", "..")
    normal = posixpath.normpath(relative) if relative else "."
    segments = [] if normal == "." else normal.split("/")
    ups = 0
    while ups < len(segments) and segments[ups] == "..":
        ups += 1
    return _Href(path.startswith("/"), ups, "/".join(segments[ups:]), directory, fragment)


def _target(page: str, folders: list[str], parsed: _Href) -> str | None:
    """Return the file ``parsed`` points at from ``page``; ``folders[k]`` is the page's k-th ancestor folder.

    None: above the site's root.
    """
    if parsed.same_page:
        return page
    if parsed.from_root:
        base = ""
    elif parsed.ups >= len(folders):
        return None
    else:
        base = folders[len(folders) - 1 - parsed.ups]
    path = f"{base}/{parsed.rest}" if base and parsed.rest else base or parsed.rest
    if parsed.directory:
        return f"{path}/index.html" if path else "index.html"
    return path


def _ancestors(page: str) -> list[str]:
    """Return a page's folders from the root: a/b/index.html → ["", "a", "a/b"]."""
    parts = page.split("/")[:-1]
    return ["/".join(parts[:k]) for k in range(len(parts) + 1)]


def _site_prefix(site_url: str | None) -> tuple[str, str]:
    """Return the path the site lives under (``/gonghui/``) and its host, from ``site_url``."""
    if not site_url:
        return "/", ""
    parts = urlsplit(site_url)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return path, parts.netloc.lower()


# mkdocs, Python-Markdown and Jinja write tags in lower case; the case-blind twins (four times
# slower) are used only on a page with an upper-case tag, as hand-written HTML in content/ may have.
_TAGS = rb"(?:a|area|link|img|script|iframe|source|embed|video|audio|track)"
_VALUE = rb"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"""
_LINK = re.compile(rb"<" + _TAGS + rb"(?=\s)[^>]*?\s(?:href|src)" + _VALUE)
_LINK_ANY_CASE = re.compile(_LINK.pattern, re.IGNORECASE)
_ID = re.compile(rb"""id=(?:"([^"]*)"|'([^']*)')""")  # checked for a blank before it: not data-id=
_ID_ANY_CASE = re.compile(rb"""[\s"']id""" + _VALUE, re.IGNORECASE)
_A_NAME = re.compile(rb"<a\s[^>]*?\bname" + _VALUE, re.IGNORECASE)
_UPPER_TAG = re.compile(rb"<[A-Z]")


def _raw(match: re.Match[bytes]) -> bytes:
    return match.group(1) or match.group(2) or match.group(3) or b""


def _text(raw: bytes) -> str:
    return unescape(raw.decode("utf-8", errors="replace"))


def page_links(data: bytes) -> list[str]:
    """Return every href and src of a page's linking elements, entities decoded, in order."""
    return [_text(raw) for raw in _page_links(data)]


def _page_links(data: bytes) -> list[bytes]:
    pattern = _LINK_ANY_CASE if _UPPER_TAG.search(data) else _LINK
    return [double or single or bare for double, single, bare in pattern.findall(data)]


def page_anchors(data: bytes) -> frozenset[str]:
    """Return every id of a page, and the names of its ``<a name>`` elements."""
    if _UPPER_TAG.search(data):
        ids = {_text(_raw(m)) for m in _ID_ANY_CASE.finditer(data)}
    else:
        ids = {_text(_raw(m)) for m in _ID.finditer(data) if m.start() and data[m.start() - 1] in b" \t\r\n\"'"}
    if b"name" in data:
        ids.update(_text(_raw(m)) for m in _A_NAME.finditer(data))
    return frozenset(ids)


class _Site:
    """The built site's files, each href parsed once, and each page's anchors once read."""

    def __init__(self, site_dir: Path, site_url: str | None) -> None:
        self.root = site_dir
        self.files: list[str] = []
        self.folders: set[str] = set()
        top = len(str(site_dir)) + 1
        for folder, dirnames, filenames in os.walk(site_dir):
            base = folder[top:].replace(os.sep, "/")
            base = base + "/" if base else ""
            self.folders.update(base + d for d in dirnames)
            self.files.extend(base + f for f in filenames)
        self.files.sort()
        self.file_set = frozenset(self.files)
        self.prefix, self.host = _site_prefix(site_url)
        self._hrefs: dict[bytes, tuple[str, _Href | None]] = {}
        self.verdicts: dict[tuple[bytes, int], tuple[str, str | None]] = {}
        self._anchors: dict[str, frozenset[str]] = {}

    def href(self, raw: bytes) -> tuple[str, _Href | None]:
        if raw not in self._hrefs:
            text = _text(raw)
            self._hrefs[raw] = (text, _parse(text, self.prefix, self.host))
        return self._hrefs[raw]

    def anchors(self, path: str, data: bytes | None = None) -> frozenset[str]:
        if path not in self._anchors:
            self._anchors[path] = page_anchors(data if data is not None else (self.root / path).read_bytes())
        return self._anchors[path]

    def existing(self, path: str) -> str | None:
        """Return the file a link to ``path`` is served (a folder's index.html), or None."""
        if path in self.file_set:
            return path
        if path in self.folders and f"{path}/index.html" in self.file_set:
            return f"{path}/index.html"
        return None


def check_links(page: str, data: bytes, site: _Site) -> list[Finding]:
    """Return a finding for each link on ``page`` to a missing file or a missing anchor."""
    findings = []
    folders = _ancestors(page)
    depth = len(folders)
    for raw in dict.fromkeys(_page_links(data)):
        # A link from the root, or up to it (the navigation's ../../../workplan/), means the same
        # from every page as deep as this one: judged once.
        key = (raw, depth)
        verdict = site.verdicts.get(key)
        if verdict is None:
            href, parsed = site.href(raw)
            what = None if parsed is None else _judge(page, data, folders, parsed, site)
            verdict = (href, what)
            if parsed is not None and not parsed.same_page and (parsed.from_root or parsed.ups >= depth - 1):
                site.verdicts[key] = verdict
        if verdict[1]:
            findings.append(Finding(page, verdict[1], verdict[0]))
    return findings


def _judge(page: str, data: bytes, folders: list[str], parsed: _Href, site: _Site) -> str | None:
    """Return what is wrong with a link from ``page``, or None when it leads somewhere."""
    path = _target(page, folders, parsed)
    if path is None:
        return "链接超出了网站的根目录"
    served = site.existing(path)
    if served is None:
        return "链接的页面或文件不存在"
    fragment = parsed.fragment
    if fragment and fragment.lower() != "top" and served.endswith((".html", ".htm")) \
            and fragment not in site.anchors(served, data if served == page else None):
        return "链接的锚点不存在"
    return None


# --- The whole site ------------------------------------------------------------------------

@dataclass
class GuardReport:
    """What the guards found, which files they read through, and how long it took."""

    findings: list[Finding]
    files: int
    scanned: list[str]  # site-relative paths whose text was read
    scanned_bytes: int
    seconds: float


def check_site(site_dir: Path, guards: Guards, written_since: int | None = None) -> GuardReport:
    """Check every published file of ``site_dir``: its name always, its text if it is text.

    ``written_since`` (a time in nanoseconds) reads only the text of files written since then: a
    preview's rebuild leaves most files as the rebuild before it wrote and checked them. A large
    site is checked in two processes (see ``forking``), each taking runs of files as it is
    ready for them: the findings are the same, in the same order.
    """
    started = time.perf_counter()
    site = _Site(site_dir, guards.site_url)
    files = site.files
    parts = forking.share_runs(
        len(files), lambda run: _check_files(site, guards, files[run.start:run.stop], written_since),
        MIN_FILES_FOR_CHILD)
    findings = [finding for part in parts for finding in part[0]]
    scanned = [path for part in parts for path in part[1]]
    size = sum(part[2] for part in parts)
    return GuardReport(list(dict.fromkeys(findings)), len(files), scanned, size, time.perf_counter() - started)


# Below this many files, a child costs more than it saves (a 20-year archive has 16,000).
MIN_FILES_FOR_CHILD = 2000

_Checked = tuple[list[Finding], list[str], int]  # findings, files whose text was read, bytes read


def _check_files(site: _Site, guards: Guards, paths: list[str], written_since: int | None) -> _Checked:
    findings: list[Finding] = []
    scanned = []
    size = 0
    for path in paths:
        findings.extend(Finding(path, what, value) for what, value in scan_text(path, guards))
        suffix = posixpath.splitext(path)[1].lower()
        if suffix not in TEXT_SUFFIXES or path in guards.vendor:
            continue
        if written_since is not None and _written_before(site.root / path, written_since):
            continue
        data = (site.root / path).read_bytes()
        scanned.append(path)
        size += len(data)
        html = suffix in (".html", ".htm")
        findings.extend(Finding(path, what, value)
                        for what, value in scan_bytes(data, guards, calendar=suffix == ".ics", html=html))
        if html:
            findings.extend(check_links(path, data, site))
    return findings, scanned, size


def _written_before(path: Path, moment: int) -> bool:
    try:
        return path.stat().st_mtime_ns < moment
    except OSError:
        return False


def failure_message(findings: Sequence[Finding]) -> str:
    """Return the Chinese message that fails a build, one line per finding."""
    lines = "\n".join(f.as_text() for f in findings)
    return (f"发布前检查未通过，网站不能发布：\n{lines}\n"
            f"共 {len(findings)} 处。个人信息请从页面、附件名和记录中删除"
            "（可以公开的办公电话请写入 site_config/settings.yaml 的 public_numbers）；"
            "失效的链接请改正。")
