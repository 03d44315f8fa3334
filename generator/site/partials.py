"""Theme partials drawn once per folder instead of once per page.

Material draws the whole navigation (the sidebar, the tabs) and the search box into every page,
and that is most of what drawing a page costs. For a page outside the navigation (every record
page, every calendar month) those partials cannot tell one page from its siblings: no item is
active, no table of contents is folded in, and every link in them is relative to the page's
folder. So the first page of a folder draws them and its siblings reuse the HTML, byte for byte
(``tests/test_site_partials.py`` builds a site both ways and compares every file).

Pages in the navigation, and any page whose own folder holds a navigation page, are drawn as
usual: their navigation is not the same as their neighbours'.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from typing import Any

# Partials whose output depends on the page only through where it is.
REUSED_PARTIALS = ("partials/nav.html", "partials/tabs.html", "partials/search.html")

RenderFunc = Callable[[Any], Iterator[str]]


class PartialReuse:
    """Draws the reused partials once per (partial, folder); counts what it drew and reused."""

    def __init__(self, nav_urls: set[str]) -> None:
        self.nav_urls = nav_urls
        self.drawn: dict[tuple[str, str], str] = {}
        self.reused = 0

    def install(self, env: Any) -> None:
        """Wrap each partial the theme has, in the environment mkdocs draws pages with."""
        for name in REUSED_PARTIALS:
            template = env.get_template(name)
            if not getattr(template.root_render_func, "unionsite_reused", False):
                template.root_render_func = self._wrapped(name, template.root_render_func)
        # jinja keeps 400 templates and Material has more (each icon is one): the wrapped ones
        # must not be dropped and reloaded unwrapped halfway through a build.
        env.cache = None if env.cache is None else _keep_all(env)

    def place(self, page: Any) -> str | None:
        """Where a page stands, for its reusable partials; None when it must draw its own."""
        url = getattr(page, "url", None)
        if not isinstance(url, str) or url in self.nav_urls or url == "":
            return None
        folder, last = posixpath.split(url)
        if "." in last:  # page.html: links are relative to its folder, shared with its siblings
            return folder + "/"
        if any(target.startswith(url) for target in self.nav_urls):
            return None  # a navigation page inside this page's own folder: its links differ
        # folder/page/: links are relative to the page's own folder, one below its parent
        return posixpath.dirname(url.rstrip("/")) + "/*/"

    def _wrapped(self, name: str, render: RenderFunc) -> RenderFunc:
        def reused(context: Any) -> Iterator[str]:
            place = self.place(context.get("page"))
            if place is None:
                yield from render(context)
                return
            html = self.drawn.get((name, place))
            if html is None:
                html = self.drawn[(name, place)] = "".join(render(context))
            else:
                self.reused += 1
            yield html

        reused.unionsite_reused = True  # type: ignore[attr-defined]
        return reused


def _keep_all(env: Any) -> dict[Any, Any]:
    """The environment's template cache, unbounded (a build loads a few hundred templates)."""
    return dict(env.cache.items())
