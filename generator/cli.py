"""The ``unionsite`` command: a thin door into the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .project import Project

ROOT_OPTION = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
    show_default=True, help="网站根目录：包含 data/、site_config/、content/ 和 mkdocs.yml 的文件夹。")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="unionsite")
def cli() -> None:
    """工会信息公开网站工具：检查记录、生成网站、导入表单。"""


@cli.command()
@ROOT_OPTION
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="输出格式：text 供阅读，json 供 CI 标注。")
@click.option("--strict", is_flag=True, help="把警告也当作错误。")
def validate(root: Path, output_format: str, strict: bool) -> None:
    """检查 data/ 中的全部记录，列出每个问题；没有问题时退出码为 0，否则为 1。"""
    from .validation import validate_project

    result = validate_project(Project(root.resolve()), strict=strict)
    report = result.report
    click.echo(report.as_json() if output_format == "json" else report.as_text())
    sys.exit(0 if report.valid else 1)


@cli.command()
@ROOT_OPTION
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="输出目录，默认为 mkdocs.yml 中的 site_dir（通常是 site/）。")
@click.option("--strict", is_flag=True, help="有任何警告也中止生成。")
def build(root: Path, site_dir: Path | None, strict: bool) -> None:
    """检查记录并生成静态网站。"""
    from .building import BuildFailed, build_site

    try:
        written = build_site(root.resolve(), site_dir=site_dir, strict=strict)
    except BuildFailed as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo(f"网站已生成：{written}")


def main(argv: list[str] | None = None) -> None:
    """Run the command line with ``argv`` (default: the process arguments)."""
    cli.main(args=argv, prog_name="unionsite")
