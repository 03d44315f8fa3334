"""Building the site with mkdocs, as ``unionsite build`` does."""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException


class BuildFailed(Exception):
    """The site could not be built; the message says why, in the officer's words."""


def build_site(root: Path, site_dir: Path | None = None, strict: bool = False) -> Path:
    """Build the site described by ``root/mkdocs.yml`` and return the folder it was written to.

    Raises BuildFailed on any problem.
    """
    options = {"site_dir": str(site_dir)} if site_dir else {}
    try:
        config = load_config(str(root / "mkdocs.yml"), strict=strict, **options)
        build(config)
        return Path(config.site_dir)
    except Abort as exc:
        # mkdocs has already logged each error; the plugin's error lists every problem.
        raise BuildFailed("网站没有生成：请先修正上面列出的问题。") from exc
    except MkDocsException as exc:
        raise BuildFailed(str(exc)) from exc
    except OSError as exc:
        raise BuildFailed(f"无法生成网站：{exc}") from exc
