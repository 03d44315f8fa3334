"""The mkdocs plugin: validates the records, then adds the pages and files made from them.

It is a thin door into the library (``unionsite validate`` reaches the same functions):
``on_config`` validates, ``on_files`` adds every generated page and file, ``on_page_content``
draws each generated page from its template and keeps every page's content for the search index,
which ``on_env`` starts to build in a second process (``site/search.py``); ``on_post_build`` writes
the index, then runs the guards on the built site. In a large build, the pages are put into the
theme and written by two processes, the index made beside them (``site/pagewriting.py``).

Drawing a page in Material's theme is most of a build's time: the navigation, tabs and search box
are drawn once per folder for pages outside the navigation (``site/partials.py``). A preview
(``mkdocs serve --dirty``) rebuilds only the pages a save changed (``site/rebuilds.py``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time as timer
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from .collecting import IdleCollection, cycle_collection_paused
from .dates import CHINA
from .project import SETTINGS_FILE, Project, parse_years
from .records import previewed
from .site import SiteBuild, build_date, make_site_build
from .site.compiled import COMPILED
from .site.guards import check_site, failure_message, guards_for
from .site.pages import SiteFile, SitePage
from .site.pagewriting import SharedPageWriting, shares_pages, unwrap_mkdocs
from .site.partials import PartialReuse
from .site.rebuilds import (
    MEMORY,
    GeneratedPage,
    HandWrittenPage,
    MadeFile,
    SearchEntry,
    page_digest,
    remove_vanished,
    site_signature,
)
from .site.render import Renderer, markdown_text
from .site.search import IndexJob, IndexMemo, index_of_pages, plain, write_files
from .site.sitebuild import ASSETS
from .validation import Validation, validate_project

log = get_plugin_logger(__name__)
ASSET_FOLDER = "assets/unionsite"
THEME_OVERRIDES = "theme"  # under site_config/: partials that replace the theme's own
# Generated pages left out of the search index: a month's calendar only repeats its events' titles.
NOT_SEARCHED = frozenset({"calendar.html"})
# From this many pages on, the search index is built in a second process (starting one costs about a second).
BACKGROUND_PAGES = 500


class UnionSiteConfig(Config):
    root = config_options.Optional(config_options.Dir(exists=True))
    strict = config_options.Type(bool, default=False)
    # The day the site is built for (YYYY-MM-DD); else SOURCE_DATE_EPOCH, else today.
    build_date = config_options.Optional(config_options.Type(str))
    # Preview only these years ("2026" or "2024-2026"); the environment's UNIONSITE_YEARS also sets
    # it (make preview YEARS=…). Publishing never sets it.
    years = config_options.Optional(config_options.Type(str))


_SERVING = [False]  # set by on_startup: whether this process is mkdocs serve
_DIRTY = [False]  # … and whether it rebuilds only what changed (mkdocs serve --dirty, make preview)
_REBUILDING = [False]  # … and whether it built once: later builds follow an officer's saves
SEARCH_MEMO = IndexMemo()  # a preview's pages as the search index saw them
PREVIEW_COLLECTION = IdleCollection()  # a preview collects cycles between rebuilds, not during them

GUIDE_FOLDER = "guide"
GUIDE_TITLE = "工作指南"
# The guide's pages in reading order; pages an officer adds come after, by name.
GUIDE_ORDER = ("index.md", "editing.md", "publicity.md", "ingest.md", "proposals.md", "publishing.md",
               "settings.md", "problems.md")


def with_guide(nav: list[Any], content_dir: Path) -> list[Any]:
    """``nav`` with a 工作指南 section for content/guide/, unless there is none or nav already has it."""
    folder = content_dir / GUIDE_FOLDER
    if not folder.is_dir() or f"{GUIDE_FOLDER}/" in str(nav):
        return nav
    pages = sorted((p.name for p in folder.glob("*.md")),
                   key=lambda name: (GUIDE_ORDER.index(name) if name in GUIDE_ORDER else len(GUIDE_ORDER), name))
    return [*nav, {GUIDE_TITLE: [f"{GUIDE_FOLDER}/{name}" for name in pages]}] if pages else nav


class UnionSitePlugin(BasePlugin[UnionSiteConfig]):
    """Adds the record pages to a mkdocs build and fails the build on invalid records."""

    def __init__(self) -> None:
        self.project: Project | None = None
        self.validation: Validation | None = None
        self.site: SiteBuild | None = None
        self.renderer: Renderer | None = None
        self.today = date.today()
        self.search_pages: dict[str, tuple[str, str, str]] = {}  # url → (url, title, content HTML)
        self.search_job: IndexJob | None = None
        self.page_writing: SharedPageWriting | None = None  # a large build's, with the search index
        self.nav_urls: set[str] = set()
        self.partials: PartialReuse | None = None
        # A preview's rebuild (mkdocs serve --dirty): pages drawn ahead to tell which changed.
        self.drawn: dict[str, str] = {}
        self.digests: dict[str, str] = {}
        self.outputs: set[str] = set()
        self.populated: set[str] = set()
        # Hand-written pages by source path: those this rebuild read, and those it left as they were.
        self.handwritten: dict[str, HandWrittenPage] = {}
        self.kept_handwritten: dict[str, HandWrittenPage] = {}
        self.files_made: dict[str, MadeFile] = {}  # a preview's files made from the records, by path
        self.page_addresses = b""  # a digest of the addresses of every page, in a preview
        self.signature: str | None = None
        self.started_ns = 0
        self.assets: list[str] = []
        self.theme_files: frozenset[str] = frozenset()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        for name in ("search", "material/search"):
            if name in config.plugins:
                log.warning("mkdocs.yml 的 plugins 中不再需要 search：unionsite 自带中文搜索，请删去这一项。")
        # mkdocs serve may keep this plugin object from one rebuild to the next: start afresh.
        self.started_ns = timer.time_ns()
        if _REBUILDING[0]:
            PREVIEW_COLLECTION.pause()  # until on_post_build or on_build_error
        unwrap_mkdocs()
        self.drawn, self.digests, self.outputs, self.populated = {}, {}, set(), set()
        self.handwritten, self.kept_handwritten = {}, {}
        self.files_made = {}
        self.page_addresses = b""
        root = self.config.root or Path(config.config_file_path).parent
        self.project = Project(Path(root).resolve(), years=self._years(), reuse_parsed=_SERVING[0])
        option = self._build_date_option()
        self.today = build_date(option)
        self._epoch_set = False
        if option and "SOURCE_DATE_EPOCH" not in os.environ:
            # mkdocs dates the sitemap and its gzip from SOURCE_DATE_EPOCH: the same day for everything,
            # for this build only (on_post_build takes it back).
            noon = datetime.combine(option, time(12), CHINA)
            os.environ["SOURCE_DATE_EPOCH"] = str(int(noon.timestamp()))
            self._epoch_set = True
        self.validation = validate_project(self.project, strict=self.config.strict)
        report = self.validation.report
        for problem in report.sorted():
            if problem not in report.errors:
                log.warning(problem.as_text())
        if not report.valid:
            lines = "\n".join(p.as_text() for p in sorted(set(report.errors)))
            raise PluginError(f"记录检查未通过：\n{lines}\n{report.summary()}")
        self.assets = [name for name in ASSETS if (self.project.config_dir / "assets" / name).is_file()]
        for name in sorted(set(ASSETS) - set(self.assets)):
            log.warning(f"缺少 site_config/assets/{name}（可从 unionsite 的 site_config/assets/ 复制），"
                        "网站将不带这个文件。")
        for name in self.assets:
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            if f"{ASSET_FOLDER}/{name}" not in [str(t) for t in target]:
                target.append(f"{ASSET_FOLDER}/{name}")
        self.renderer = Renderer(self.project.templates_dir, config.use_directory_urls)
        if _SERVING[0]:
            self.renderer.env.bytecode_cache = COMPILED
        self._apply_settings(config)
        return config

    def _apply_settings(self, config: MkDocsConfig) -> None:
        """The theme reads the union's footer, logo and guide from site_config/, not from mkdocs.yml."""
        assert self.validation is not None and self.project is not None
        settings = self.validation.settings
        overrides = self.project.config_dir / THEME_OVERRIDES
        if overrides.is_dir() and str(overrides) not in config.theme.dirs:
            # After an officer's own custom_dir (it wins), before the theme's templates.
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(overrides))
        if (self.project.config_dir / SETTINGS_FILE).is_file():
            config.site_name = settings.site_name  # one place for the name: the settings file
        if settings.logo and not config.theme.get("logo"):
            config.theme["logo"] = settings.logo
        if settings.guide_in_nav and config.nav is not None:
            config.nav = with_guide(config.nav, self.project.content_dir)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        env.globals["unionsite_settings"] = self.validation.settings if self.validation else None
        if _SERVING[0]:
            env.bytecode_cache = COMPILED
        self.partials = PartialReuse(self.nav_urls)
        self.partials.install(env)
        if _DIRTY[0]:  # pages a preview did not rebuild are searched as they were
            self.search_pages = {url: entry for url, entry in self._search_entries(files)}
        self.drawn = {}  # every page that changed has been read: the unchanged ones' HTML is not needed
        # Every page's content is known now; the index is built while the pages are written.
        pages = list(self.search_pages.values())
        if not _SERVING[0] and shares_pages(config, len(files.documentation_pages())):
            # A large build: two processes write the pages when mkdocs comes to them, and make the index.
            self.page_writing = SharedPageWriting(lambda: index_of_pages(pages))
            self.page_writing.install()
            return env
        # Not for a preview's rebuild: it writes few pages, and starting the worker costs a second.
        self.search_job = IndexJob(pages, background=len(pages) >= BACKGROUND_PAGES and not _DIRTY[0],
                                   memo=SEARCH_MEMO if _DIRTY[0] else None)
        return env

    def _search_entries(self, files: Files) -> Iterator[tuple[str, SearchEntry]]:
        for file in files.documentation_pages():
            url = file.page.url if file.page is not None else file.url  # the home page: "" (its file's is "./")
            entry = self.search_pages.get(url) if url in self.populated else MEMORY.search.get(url)
            if entry is not None:
                yield url, entry

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        self.nav_urls = {page.url for page in nav.pages}
        for page in nav.pages:  # an unchanged page is not read again: its title in the navigation
            if isinstance(page.file, GeneratedPage) and page.file.unchanged and self.site is not None:
                site_page = self.site.page(page.file.src_uri)
                if site_page is not None:
                    page.meta = {"title": str(escape(site_page.title))}
            elif page.file.src_uri in self.kept_handwritten:
                title, meta = self.kept_handwritten[page.file.src_uri]
                page.title, page.meta = title, dict(meta)  # mkdocs lets a title be set on the page
        return nav

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # What must outlast a rebuild of mkdocs serve lives in the module, not in this object.
        _SERVING[0] = command == "serve"
        _DIRTY[0] = _SERVING[0] and dirty
        _REBUILDING[0] = False
        if _DIRTY[0]:
            MEMORY.forget()
            logging.getLogger("mkdocs.commands.build").addFilter(_quiet_about_dirty_builds)
            log.info("预览只重新生成有改动的页面；配置、主题或手写页面改动时全部重新生成。")

    def _years(self) -> tuple[int, int] | None:
        text = self.config.years or os.environ.get("UNIONSITE_YEARS")
        if not text:
            return None
        if not _SERVING[0]:  # a build publishes: every year, whatever a preview left in the shell
            log.warning(f"预览年份（{text}）只用于 mkdocs serve；生成网站时总是生成全部年份。")
            return None
        try:
            years = parse_years(text)
        except ValueError as exc:
            raise PluginError(f"预览年份应写作 2026 或 2024-2026，而不是“{text}”。") from exc
        log.info(f"只预览 {years[0]}—{years[1]} 年的记录；其他年份的记录不读取、不生成页面（发布时总是生成全部）。")
        return years

    def _build_date_option(self) -> date | None:
        text = self.config.build_date
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError as exc:
            raise PluginError(f"unionsite 插件的 build_date 应写作 YYYY-MM-DD，而不是“{text}”。") from exc

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # The site's model and files are long-lived objects by the hundred thousand: collecting
        # cycles while they are made walks them all again, a second or so for 20 years.
        with cycle_collection_paused():
            return self._add_site(files, config)

    def _add_site(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.project is not None and self.validation is not None
        self.search_pages = {}
        self.site = make_site_build(self.validation, self.project.root, self.today, config.site_url)
        uris = Counter([p.uri for p in self.site.pages] + [f.uri for f in self.site.files])
        repeated = sorted(uri for uri, times in uris.items() if times > 1)
        if repeated:
            raise PluginError(f"生成的页面地址重复：{'、'.join(repeated)}。")
        if _DIRTY[0]:
            self._compare_signature(config)
        for page in self.site.pages:
            existing = files.get_file_from_path(page.uri)
            if existing is not None:
                if page.uri != "index.md":
                    raise PluginError(f"content/{page.uri} 与自动生成的页面重名，请给手写页面换一个文件名。")
                continue  # a hand-written home page becomes the introduction of the generated one
            inclusion = InclusionLevel.UNDEFINED if page.listed else InclusionLevel.NOT_IN_NAV
            files.append(GeneratedPage.generated(config, page.uri, content=_skeleton(page.title, page.toc),
                                                 inclusion=inclusion))
        for site_file in self.site.files:
            files.append(self._site_file(site_file, config))
        for name in self.assets:
            files.append(File.generated(config, f"{ASSET_FOLDER}/{name}",
                                        abs_src_path=str(self.project.config_dir / "assets" / name)))
        self.theme_files = _theme_files(files, config)
        if _DIRTY[0]:
            self._mark_unchanged(files, config)
        return files

    def _site_file(self, site_file: SiteFile, config: MkDocsConfig) -> File:
        """The file mkdocs writes for ``site_file``.

        In a preview's rebuild, the file already written when what it is made from did not change,
        or else its bytes did not: as its own source, mkdocs sees it as unmodified and leaves it.
        """
        if not _DIRTY[0]:
            return File.generated(config, site_file.uri, content=site_file.make())
        written = os.path.join(config.site_dir, *site_file.uri.split("/"))
        last = MEMORY.files.get(site_file.uri) if os.path.isfile(written) else None
        content = None
        if last is not None and site_file.inputs is not None and last.inputs == site_file.inputs:
            made = last
        else:
            content = site_file.make()
            made = MadeFile(site_file.inputs, hashlib.blake2b(content).digest())
        self.files_made[site_file.uri] = made
        if last is not None and last.digest == made.digest:
            return File.generated(config, site_file.uri, abs_src_path=written)
        assert content is not None
        return File.generated(config, site_file.uri, content=content)

    def _compare_signature(self, config: MkDocsConfig) -> None:
        """For a preview's rebuild: when something every page shows changed, forget the last rebuild."""
        assert self.project is not None and self.site is not None
        listed = sorted(page.uri for page in self.site.pages if page.listed)
        self.signature = site_signature(
            files=[Path(config.config_file_path), self.project.config_dir / SETTINGS_FILE],
            folders=[self.project.config_dir / THEME_OVERRIDES, Path(config.docs_dir),
                     *([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])],
            extra=[config.site_url or "", str(config.use_directory_urls), repr(self.project.years), *self.assets,
                   *listed])
        if self.signature != MEMORY.signature:  # rebuild every page and file
            clean_directory(config.site_dir)
            MEMORY.forget()

    def _mark_unchanged(self, files: Files, config: MkDocsConfig) -> None:
        """For a preview's rebuild: draw every generated page now, and mark those that did not change."""
        assert self.site is not None
        # A hand-written page's links to record pages are resolved (or warned of) when it is read.
        pages = self.page_addresses = hashlib.blake2b(
            "\0".join(sorted(f.src_uri for f in files.documentation_pages())).encode(), digest_size=16).digest()
        for file in files.documentation_pages():
            if not isinstance(file, GeneratedPage):
                # Nothing a hand-written page shows changed (the signature holds every one of them)
                # while no page came or went, except on the home page, which shows records.
                kept = MEMORY.handwritten.get(file.src_uri) \
                    if file.src_uri != "index.md" and pages == MEMORY.page_addresses else None
                if kept is not None and os.path.isfile(file.abs_dest_path):
                    self.kept_handwritten[file.src_uri] = kept
                file.is_modified = _always(file.src_uri not in self.kept_handwritten)  # type: ignore[method-assign]
                continue
            site_page = self.site.page(file.src_uri)
            assert site_page is not None
            html = self.drawn[file.src_uri] = self._draw(site_page, "")
            digest = self.digests[file.src_uri] = page_digest(site_page.title, site_page.toc, html)
            file.unchanged = MEMORY.pages.get(file.src_uri) == digest and os.path.isfile(file.abs_dest_path)
        made = (files.get_file_from_path(uri) for uri in [*self.digests, *(f.uri for f in self.site.files)])
        self.outputs = {file.abs_dest_path for file in made if file is not None}
        remove_vanished(MEMORY.outputs, self.outputs, config.site_dir)

    def _draw(self, site_page: SitePage, intro: str) -> str:
        assert self.site is not None and self.renderer is not None
        return self.renderer.render(site_page.template, site=self.site.model, page_uri=site_page.uri,
                                    intro=intro, **site_page.context)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        site_page = self.site.page(page.file.src_uri) if self.site is not None else None
        self.populated.add(page.url)
        if site_page is not None and page.file.src_uri in self.drawn:
            html = self.drawn.pop(page.file.src_uri)
        elif site_page is not None:
            html = self._draw(site_page, html if page.file.generated_by is None else "")
        if site_page is None:  # a hand-written page: its title is HTML
            self.search_pages[page.url] = (page.url, plain(page.title or ""), html)
            self.handwritten[page.file.src_uri] = (page.title, dict(page.meta))
        elif site_page.template not in NOT_SEARCHED:
            self.search_pages[page.url] = (page.url, site_page.title, html)
        if not _searched(page):
            self.search_pages.pop(page.url, None)
        return html

    @event_priority(-100)  # last: the guards read what every other plugin has written
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._forget_epoch()
        writing = self._stop_page_writing()
        started = timer.perf_counter()
        if writing is not None and writing.index is not None:
            index = writing.index
        else:
            job = self.search_job or IndexJob(list(self.search_pages.values()), background=False)
            self.search_job = None
            index = job.result()
        write_files(Path(config.site_dir), index)  # before the guards, which read it too
        log.debug(f"搜索索引：{len(self.search_pages)} 个页面，{len(index)} 个文件，"
                  f"等待和写入 {timer.perf_counter() - started:.2f} 秒。")
        assert self.project is not None
        # A preview's rebuild reads only what it wrote: the files it left were checked when written.
        # (A second early: a file's time comes from a coarser clock than time.time_ns.)
        since = self.started_ns - 1_000_000_000 if _DIRTY[0] else None
        report = check_site(Path(config.site_dir), guards_for(self.project, config.site_url, self.theme_files),
                            written_since=since)
        log.debug(f"发布前检查：{report.files} 个文件，读了 {report.scanned_bytes / 1e6:.1f} MB，"
                  f"用时 {report.seconds:.2f} 秒。")
        if report.findings:
            raise PluginError(failure_message(report.findings))
        self._build_ended()
        if _DIRTY[0]:  # only now: a failed rebuild leaves the next one to rebuild everything
            MEMORY.signature, MEMORY.pages, MEMORY.outputs = self.signature, self.digests, self.outputs
            MEMORY.search = dict(self.search_pages)
            MEMORY.handwritten = {**self.kept_handwritten, **self.handwritten}
            MEMORY.files = self.files_made
            MEMORY.page_addresses = self.page_addresses

    def on_build_error(self, *, error: Exception) -> None:
        self._build_ended()
        self._forget_epoch()
        self._stop_page_writing()
        MEMORY.forget()
        if self.search_job is not None:
            self.search_job.cancel()
            self.search_job = None

    def _build_ended(self) -> None:
        if _SERVING[0]:
            _REBUILDING[0] = True
            PREVIEW_COLLECTION.resume_later()

    def _stop_page_writing(self) -> SharedPageWriting | None:
        writing, self.page_writing = self.page_writing, None
        if writing is not None:
            writing.uninstall()
        return writing

    def _forget_epoch(self) -> None:
        if getattr(self, "_epoch_set", False):
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self._epoch_set = False

    def on_shutdown(self) -> None:
        if _SERVING[0]:
            PREVIEW_COLLECTION.stop()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.project is not None
        if self.project.config_dir.is_dir():
            server.watch(str(self.project.config_dir))
        for folder, recursive in watched_data(self.project):
            server.watch(str(folder), recursive=recursive)
        return server


def watched_data(project: Project) -> list[tuple[Path, bool]]:
    """The folders of ``data/`` a preview watches for saves, and whether with all below them.

    mkdocs serve looks at every watched file twice a second, in the process that rebuilds: a
    preview of some years watches only those years' folders (and the records beside them, such as
    ``workplans/2026.yaml``), not the twenty years of a whole archive.
    """
    data = project.data_dir
    if not data.is_dir():
        return []
    if project.years is None:
        return [(data, True)]
    watched = [(data, False)]
    for kind in sorted(p for p in data.iterdir() if p.is_dir() and not p.name.startswith(".")):
        watched.append((kind, False))
        watched += [(folder, True) for folder in sorted(kind.iterdir())
                    if folder.is_dir() and not folder.name.startswith(".") and previewed(project, kind, folder / "_")]
    return watched


def _quiet_about_dirty_builds(record: logging.LogRecord) -> bool:
    """mkdocs warns on every --dirty rebuild that navigation may be stale; the plugin sees to it."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def _always(answer: bool) -> Callable[[], bool]:
    return lambda: answer


def _searched(page: Page) -> bool:
    """Whether a page goes into the search index: all but those whose front matter says ``search: {exclude: true}``."""
    option = page.meta.get("search") if isinstance(page.meta, dict) else None
    return not (isinstance(option, dict) and option.get("exclude"))


def _theme_files(files: Files, config: MkDocsConfig) -> frozenset[str]:
    """Return the site paths of the files the installed theme ships (its scripts, styles, fonts).

    The guards do not read them: the same code on every site, nothing from the records in it. A
    project's own ``custom_dir`` and ``site_config/theme/`` are not the theme's: their files are read
    like any other.
    """
    own = {config.theme.custom_dir} | {d for d in config.theme.dirs if Path(d).name == THEME_OVERRIDES
                                          and Path(d).parent.name == "site_config"}
    folders = {os.path.normpath(d) for d in config.theme.dirs if d not in own}
    return frozenset(f.dest_uri for f in files if f.src_dir and os.path.normpath(f.src_dir) in folders)


def _skeleton(title: str, toc: list[tuple[str, str]]) -> str:
    """Return the Markdown mkdocs reads for a generated page: its title and its headings.

    The page's body comes from its template in ``on_page_content``; the headings here only give
    mkdocs the table of contents.
    """
    # mkdocs and the theme treat a page title as HTML (it lands in <title> unescaped), so a title
    # made from record text is escaped here.
    lines = ["---", f"title: {json.dumps(str(escape(title)), ensure_ascii=False)}", "---", ""]
    lines += [f"## {markdown_text(heading)} {{ #{anchor} }}\n" for anchor, heading in toc]
    return "\n".join(lines)
