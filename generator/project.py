"""A site root: the folders an officer works in, and the settings in ``site_config/``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog, CatalogError, load_catalog

SETTINGS_FILE = "settings.yaml"


def parse_years(text: str) -> tuple[int, int]:
    """``2026`` or ``2024-2026`` as (first, last); ValueError otherwise."""
    first, _, last = text.strip().partition("-")
    years = (int(first), int(last or first))
    if not 1900 <= years[0] <= years[1] <= 2999:
        raise ValueError(text)
    return years


@dataclass(frozen=True)
class Settings:
    """Site-wide settings that validation and pages depend on."""

    site_name: str = "工会信息公开"
    union_name: str = "工会"
    publicity_min_days: int = 5
    proposal_min_cosigners: int = 2
    # Where a record's history can be read, ``{path}`` standing for the record's file, e.g.
    # https://github.com/ORG/REPO/commits/main/{path}; no history links when unset.
    source_history_url: str | None = None
    source_repository_url: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    contact_address: str | None = None
    logo: str | None = None  # a file under content/
    icp_number: str | None = None  # 备案号 shown in the footer, as mainland sites must
    # Proposals whose proposer did not consent: "title_only" lists number, title and status;
    # "hidden" leaves them out of the site and its open data entirely.
    unconsented_proposals: str = "title_only"
    # Numbers allowed on published pages although they look like a mobile number (the office's).
    public_numbers: tuple[str, ...] = ()
    # Whether the officer guide (content/guide/) appears in the site's navigation.
    guide_in_nav: bool = True


@dataclass(frozen=True)
class Project:
    """The folder holding ``data/``, ``site_config/``, ``content/`` and ``mkdocs.yml``."""

    root: Path
    # A preview of some years only (first, last): records of other years are not read, only
    # their ids are known. None reads everything, as publishing always does.
    years: tuple[int, int] | None = None
    # Keep parsed records in memory between builds of one process (mkdocs serve), re-reading a
    # file only when its size or modification time changes.
    reuse_parsed: bool = False

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def config_dir(self) -> Path:
        return self.root / "site_config"

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def templates_dir(self) -> Path:
        return self.config_dir / "templates"

    def relpath(self, path: Path) -> str:
        """Return ``path`` relative to the root, with forward slashes, as problems show it."""
        text, root = str(path), str(self.root)
        if text.startswith(root) and text[len(root):len(root) + 1] == os.sep:  # without pathlib: 10,000s of files
            return text[len(root) + 1:].replace(os.sep, "/")
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def catalog(self) -> Catalog:
        """Return the table catalog; raise CatalogError when ``site_config/`` is unusable."""
        if not self.config_dir.is_dir():
            raise CatalogError(f"找不到 site_config/ 目录（在 {self.root} 下）；请用 --root 指向网站根目录。")
        return load_catalog(self.config_dir)

    def settings(self) -> Settings:
        """Return the site settings, defaults filling what the file leaves out or gets wrong.

        ``unionsite validate`` reports what is wrong (see ``generator.settings``).
        """
        from .settings import read_settings  # it checks with the record machinery, which needs Project

        return read_settings(self).settings
