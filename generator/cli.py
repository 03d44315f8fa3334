"""The ``unionsite`` command: a thin door into the library."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from .project import Project
from .scaffold.command import NewGroup

ROOT_OPTION = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
    show_default=True, help="网站根目录：包含 data/、site_config/、content/ 和 mkdocs.yml 的文件夹。")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="unionsite")
def cli() -> None:
    """工会信息公开网站工具：检查记录、生成网站、导入表单。"""


@cli.command()
@ROOT_OPTION
@click.option("--format", "output_format", type=click.Choice(["text", "json", "github", "codeclimate"]),
              default="text", show_default=True,
              help="输出格式：text 供阅读；json 供其他程序；github 在 GitHub 的拉取请求中标注出错的行；"
                   "codeclimate 是 GitLab 合并请求的代码质量报告。")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="把 --format 指定格式的报告写入这个文件，屏幕上仍显示文字报告（CI 用）。")
@click.option("--strict", is_flag=True, help="把警告也当作错误。")
def validate(root: Path, output_format: str, output: Path | None, strict: bool) -> None:
    """检查 data/ 中的全部记录，列出每个问题；没有问题时退出码为 0，否则为 1。"""
    from .reporting import formatted_report
    from .validation import validate_project

    result = validate_project(Project(root.resolve()), strict=strict)
    report = result.report
    formatted = formatted_report(report, output_format)
    if output:
        try:
            output.write_text(formatted + "\n", encoding="utf-8")
        except OSError as exc:
            click.echo(f"无法写入报告 {output}：{exc.strerror}", err=True)
            sys.exit(2)
        click.echo(report.as_text())
    else:
        click.echo(formatted)
    sys.exit(0 if report.valid else 1)



@cli.command()
@ROOT_OPTION
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="输出目录，默认为 mkdocs.yml 中的 site_dir（通常是 site/）。")
@click.option("--strict", is_flag=True, help="有任何警告也中止生成。")
def build(root: Path, site_dir: Path | None, strict: bool) -> None:
    """检查记录并生成静态网站。"""
    from .building import BuildFailed, build_site

    gc.enable()  # see run: a build's Markdown converters are freed only by the collector
    try:
        written = build_site(root.resolve(), site_dir=site_dir, strict=strict)
    except BuildFailed as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo(f"网站已生成：{written}")


@cli.command()
@ROOT_OPTION
@click.option("--form", "form_name", required=True, help="表单定义的名称（site_config/forms/ 下的文件名，如 signup）。")
@click.argument("export", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="只预演：列出每一行的结果，不写入任何文件（建议先这样运行）。")
@click.option("--platform", type=click.Choice(["wjx", "tencent", "jinshuju", "msforms", "google", "generic"]),
              help="导出文件来自哪个平台；不指定时根据表头自动识别。")
@click.option("--event", help="活动报名表：报名的活动编号，如 E2024-003。")
@click.option("--session", help="提案征集表：会议届次。")
@click.option("--award-list", "award_list", help="评优推荐表：表彰名单编号，如 A2024-05。")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="把每一行的结果写成 JSON（含个人信息，只能写在 private/ 下或仓库以外）。")
@click.option("--all-rows", is_flag=True, help="列出每一行，而不只是需要注意的行。")
def ingest(root: Path, form_name: str, export: Path, dry_run: bool, platform: str | None, event: str | None,
           session: str | None, award_list: str | None, report_path: Path | None, all_rows: bool) -> None:
    """导入问卷星、腾讯问卷、金数据、Microsoft Forms 或 Google Forms 的导出文件，合并到 data/ 中的记录。"""
    from .ingest.errors import IngestError
    from .ingest.service import report_path_allowed, run_ingest
    from .ingest.summary import summary_lines
    from .ingest.writing import write_atomically

    project = Project(root.resolve())
    if report_path and not report_path_allowed(project, report_path):
        click.echo("报告含有个人信息，只能写在 private/ 目录下或仓库以外；请换一个 --report 路径。", err=True)
        sys.exit(2)
    if report_path and report_path_allowed(project, report_path) and project.root.resolve() in \
            report_path.resolve().parents:
        report_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # under private/
    if report_path and not report_path.resolve().parent.is_dir():
        click.echo(f"无法写入报告：目录 {report_path.parent} 不存在。", err=True)
        sys.exit(2)
    options = {"event": event, "session": session, "award_list": award_list}
    bar = ProgressBar() if sys.stderr.isatty() else None
    try:
        result = run_ingest(project, form_name, export, {k: v for k, v in options.items() if v}, platform, dry_run,
                            bar)
    except IngestError as exc:
        click.echo(f"导入失败 [{exc.code}]：{exc}", err=True)
        sys.exit(2)
    finally:
        if bar:
            bar.finish()
    click.echo("\n".join(summary_lines(result.plan, all_rows or dry_run, result.problems, dry_run,
                                         len(result.written))))
    if report_path:
        write_atomically(report_path, result.plan.report_json() + "\n", private=True)
    sys.exit(1 if result.problems else 0)


@cli.command()
@ROOT_OPTION
@click.option("--years", type=click.IntRange(1, 50), default=20, show_default=True,
              help="生成多少年的记录（截至 2026 年）。")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="写入的新目录（必须不存在或为空）；生成后可在其中运行 mkdocs build。")
@click.option("--seed", type=int, default=0, show_default=True, help="随机种子：同一种子生成完全相同的文件。")
def demo(root: Path, years: int, out: Path, seed: int) -> None:
    """生成多年虚构但逼真的示例记录（含本网站的 site_config/、content/ 和 mkdocs.yml），用于试用和性能测试。"""
    from .demo import write_demo_archive

    if out.exists() and any(out.iterdir()):
        click.echo(f"目录 {out} 不是空的；示例数据只写入新目录。", err=True)
        sys.exit(2)
    summary = write_demo_archive(out, years=years, seed=seed, source_root=root.resolve())
    click.echo("\n".join(summary.lines()))


@cli.group(cls=NewGroup)
def new() -> None:
    """新建一条记录：活动、公示公告、提案、表彰名单或工作要点条目。

    \b
    写出的骨架中每个字段上方都有中文说明，编号取该年下一个未用的编号，新记录默认是草稿。
    必填的内容用选项给出（如 --title），在终端中运行时缺少的会逐项询问；
    写入前先检查，保证新记录能通过 unionsite validate。
    每个类别都接受 --root、--year、--id 和 --dry-run，全部选项见 unionsite new 类别 --help。
    """


class ProgressBar:
    """A progress bar on the terminal for exports of more than a few thousand rows."""

    SHOWN_FROM = 5000

    def __init__(self) -> None:
        self.bar: Any = None

    def start(self, rows: int) -> None:
        if rows >= self.SHOWN_FROM:
            self.bar = click.progressbar(length=rows, label="读取", file=sys.stderr)
            self.bar.__enter__()

    def advance(self, rows: int) -> None:
        if self.bar is not None:
            self.bar.update(rows)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def main(argv: list[str] | None = None) -> None:
    """Run the command line with ``argv`` (default: the process arguments)."""
    cli.main(args=argv, prog_name="unionsite")


def run() -> None:
    """The process entry point: ``main``, then exit without tearing the heap down.

    After validating or ingesting thousands of records, freeing their objects one by one takes
    longer than a second and achieves nothing: every file is written and closed by then. The
    exit happens while the ``SystemExit`` is still held, because its traceback keeps the
    command's frame, and so its records, alive: letting go of it would free them all.

    The cycle collector is off for the command: a command runs once and ends, and validating or
    ingesting makes few reference cycles. Turned back on after a validation, the collector's
    first pass walked every object the records were read into (0.3 s at 20 years). ``build``
    turns it on again: mkdocs makes a Markdown converter for every page, which only the
    collector frees.
    """
    gc.disable()
    try:
        main()
    except SystemExit as exited:
        _exit_now(exited.code)
    _exit_now(0)


def _exit_now(code: object) -> NoReturn:
    """Flush the output and end the process with ``code``, as ``sys.exit`` would read it."""
    if isinstance(code, str):
        click.echo(code, err=True)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 0)
