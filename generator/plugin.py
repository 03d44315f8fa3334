"""The mkdocs plugin: validates the records, then adds the pages made from them.

It is a thin door into the library; ``unionsite validate`` reaches the same functions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from .project import Project
from .site.pages import generated_pages
from .site.render import Renderer
from .validation import Validation, validate_project

log = get_plugin_logger(__name__)


class UnionSiteConfig(Config):
    root = config_options.Optional(config_options.Dir(exists=True))
    strict = config_options.Type(bool, default=False)


class UnionSitePlugin(BasePlugin[UnionSiteConfig]):
    """Adds the record pages to a mkdocs build and fails the build on invalid records."""

    def __init__(self) -> None:
        self.validation: Validation | None = None
        self.project: Project | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        root = self.config.root or Path(config.config_file_path).parent
        self.project = Project(Path(root).resolve())
        self.validation = validate_project(self.project, strict=self.config.strict)
        report = self.validation.report
        for problem in report.sorted():
            if problem not in report.errors:
                log.warning(problem.as_text())
        if not report.valid:
            lines = "\n".join(p.as_text() for p in sorted(set(report.errors)))
            raise PluginError(f"记录检查未通过：\n{lines}\n{report.summary()}")
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.project is not None and self.validation is not None
        renderer = Renderer(self.project.templates_dir)
        for page in generated_pages(self.validation.files, renderer):
            files.append(File.generated(config, page.uri, content=page.content))
        return files

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.project is not None
        for folder in (self.project.data_dir, self.project.config_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server
