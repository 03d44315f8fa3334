"""The baseline: the same pages as a built site, as plain Markdown files that mkdocs-material builds alone.

For every page of the built site (each ``index.html``) one Markdown file at the same address holds
the page's article text: its title as ``# heading``, its headings, and everything else as
paragraphs (a table row becomes one paragraph), so the text volume is the same. The baseline's
mkdocs.yml keeps the real one's site name and address, theme and features, Markdown extensions,
``extra`` and navigation (with the officer guide when the generator adds it); record pages stay
out of the navigation, as in the real site. Of the plugins it keeps only Material's own (its
search among them, with the same options) and none of the project's.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

ARTICLE_START = '<article class="md-content__inner md-typeset">'
ARTICLE_END = "</article>"
# Material's built-in plugins (with and without the material/ prefix): the baseline may use these.
MATERIAL_PLUGINS = {"search", "tags", "offline", "social", "privacy", "blog", "info", "group", "meta", "optimize",
                    "projects", "typeset"}
SKIPPED = {"script", "style", "svg", "noscript", "template", "button"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BLOCKS = {"p", "div", "section", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr",
          "caption", "blockquote", "figure", "figcaption", "details", "summary", "pre", "br", "header", "footer",
          "nav", "form", "fieldset", "hr", "article", "aside", "main"}
CELLS = {"td", "th"}
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}|])")
LINE_START_SPECIAL = re.compile(r"^(\d*)([#>+=\-.)])")  # a heading, quote, list item or rule


@dataclass
class BaselineSite:
    """A plain-Markdown copy of a built site, ready to build: where it is and what it holds."""

    root: Path
    config: Path
    pages: int
    search: bool  # whether Material's search plugin is on (as in the real mkdocs.yml)
    plugins: list[str]
    dropped: list[str] = field(default_factory=list)  # what of the real mkdocs.yml the baseline leaves out


class ArticleText(HTMLParser):
    """Collects an article's blocks as (heading level or 0, text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[int, str]] = []
        self.words: list[str] = []
        self.level = 0
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in HEADINGS:
            self.flush()
            self.level = HEADINGS[tag]
        elif tag in BLOCKS:
            self.flush()
        elif tag in CELLS:
            self.words.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in HEADINGS or tag in BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.words.append(data)

    def flush(self) -> None:
        text = " ".join("".join(self.words).split())
        if text:
            self.blocks.append((self.level, text))
        self.words = []
        self.level = 0


def article_html(page_html: str) -> str | None:
    """The HTML of a Material page's article, or None if it has none."""
    start = page_html.find(ARTICLE_START)
    end = page_html.rfind(ARTICLE_END)
    if start < 0 or end < start:
        return None
    return page_html[start + len(ARTICLE_START):end]


def page_title(page_html: str) -> str:
    """The page's own title from ``<title>`` (Material writes "page - site")."""
    found = re.search(r"<title>(.*?)</title>", page_html, re.S)
    parser = ArticleText()
    parser.feed(found.group(1) if found else "")
    parser.close()
    parser.flush()
    text = parser.blocks[0][1] if parser.blocks else ""
    return text.rsplit(" - ", 1)[0]


def escape_markdown(text: str) -> str:
    """``text`` as Markdown that renders as exactly this text."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return LINE_START_SPECIAL.sub(r"\1\\\2", text)


def page_markdown(page_html: str) -> str | None:
    """A built page as simple Markdown: title, headings and paragraphs; None if it has no article."""
    article = article_html(page_html)
    if article is None:
        return None
    parser = ArticleText()
    parser.feed(article)
    parser.close()
    parser.flush()
    blocks = parser.blocks
    if not any(level == 1 for level, _ in blocks):
        blocks = [(1, page_title(page_html)), *blocks]
    return "\n\n".join(("#" * level + " " if level else "") + escape_markdown(text) for level, text in blocks) + "\n"


def built_pages(site_dir: Path) -> list[PurePosixPath]:
    """The pages of a site built with directory URLs: each folder's ``index.html``, as paths in the site."""
    return sorted(PurePosixPath(p.relative_to(site_dir).as_posix()) for p in site_dir.rglob("index.html"))


def source_path(page: PurePosixPath, folders_with_pages: set[PurePosixPath], nav_paths: set[str]) -> str:
    """The Markdown file that mkdocs builds into ``page``: ``dir/index.md`` for a folder of pages, else ``dir.md``."""
    folder = page.parent
    if folder == PurePosixPath(".") or folder in folders_with_pages or f"{folder}/index.md" in nav_paths:
        return "index.md" if folder == PurePosixPath(".") else f"{folder}/index.md"
    return f"{folder}.md"


def nav_paths(nav: Any) -> set[str]:
    """Every Markdown file that the ``nav`` configuration names."""
    if isinstance(nav, str):
        return {nav} if nav.endswith(".md") else set()
    if isinstance(nav, dict):
        return set().union(*(nav_paths(v) for v in nav.values())) if nav else set()
    if isinstance(nav, list):
        return set().union(*(nav_paths(v) for v in nav)) if nav else set()
    return set()


def not_in_nav_patterns(sources: list[str], in_nav: set[str]) -> list[str]:
    """Few gitignore patterns (mkdocs's ``not_in_nav``) covering every source outside the navigation.

    A folder holding no navigation page at any depth is named once (``/events/2017/``); a page next
    to a navigation page is named on its own.
    """
    nav_ancestors = {str(a) for p in in_nav for a in PurePosixPath(p).parents}
    patterns: set[str] = set()
    for source in sources:
        if source in in_nav:
            continue
        path = PurePosixPath(source)
        top = None
        for ancestor in reversed(path.parents):  # from the outermost folder inwards
            if str(ancestor) not in nav_ancestors:
                top = ancestor
                break
        patterns.add(f"/{top}/" if top is not None else f"/{source}")
    return sorted(patterns)


def effective_nav(root: Path, nav: Any) -> Any:
    """The navigation the generator builds with: mkdocs.yml's, with the officer guide when it adds one."""
    try:
        from generator.plugin import with_guide
        from generator.project import Project
    except ImportError:
        return nav
    if nav is None or not Project(root).settings().guide_in_nav:
        return nav
    return with_guide(nav, root / "content")


def baseline_config(real: dict[str, Any], nav: Any, patterns: list[str]) -> tuple[dict[str, Any], list[str], list[str]]:
    """The baseline's mkdocs.yml from the real one; also the plugins kept and what was left out."""
    kept_plugins: list[Any] = []
    names: list[str] = []
    dropped: list[str] = []
    plugins = real.get("plugins")
    entries = plugins if isinstance(plugins, list) else [{k: v} for k, v in (plugins or {}).items()]
    for entry in entries:
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name.removeprefix("material/") in MATERIAL_PLUGINS:
            kept_plugins.append(entry)
            names.append(name)
        else:
            dropped.append(f"plugin {name}")
    theme = dict(real.get("theme") or {})
    if theme.pop("custom_dir", None) is not None:
        dropped.append("theme.custom_dir")
    for key in ("extra_css", "extra_javascript", "hooks", "watch"):
        if real.get(key):
            dropped.append(key)
    config: dict[str, Any] = {key: real[key] for key in ("site_name", "site_description", "site_url", "extra",
                                                         "markdown_extensions", "copyright") if key in real}
    config.update(docs_dir="docs", site_dir="site", use_directory_urls=True, theme=theme, plugins=kept_plugins,
                  nav=nav, not_in_nav="\n".join(patterns))
    return config, names, dropped


def write_baseline(site_dir: Path, real_config: Path, out: Path) -> BaselineSite:
    """Write the plain-Markdown baseline of the site built in ``site_dir`` from ``real_config`` into ``out``."""
    real = yaml.safe_load(real_config.read_text(encoding="utf-8")) or {}
    if real.get("use_directory_urls", True) is False:
        raise ValueError("the baseline expects a site built with directory URLs")
    nav = effective_nav(real_config.parent, real.get("nav"))
    in_nav = nav_paths(nav)
    pages = built_pages(site_dir)
    folders_with_pages = {a for p in pages for a in p.parent.parents}
    docs = out / "docs"
    sources: list[str] = []
    for page in pages:
        markdown = page_markdown((site_dir / page).read_text(encoding="utf-8"))
        if markdown is None:
            continue
        source = source_path(page, folders_with_pages, in_nav)
        target = docs / source
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
        sources.append(source)
    config, plugins, dropped = baseline_config(real, nav, not_in_nav_patterns(sources, in_nav))
    config_path = out / "mkdocs.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return BaselineSite(out, config_path, len(sources), any(p.removeprefix("material/") == "search" for p in plugins),
                        plugins, dropped)


def main() -> None:
    """``python -m benchmarks.baseline SITE_DIR MKDOCS_YML OUT``: write the baseline; print what it holds (JSON)."""
    site_dir, real_config, out = (Path(a) for a in sys.argv[1:4])
    written = write_baseline(site_dir, real_config, out)
    print(json.dumps({**asdict(written), "root": str(written.root), "config": str(written.config)},
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
