"""``unionsite new KIND``: the click side of scaffolding.

Each kind is a subcommand whose field flags come from the schemas of the site being worked on
(``--root``, read before the flags are parsed), so ``--help`` lists the fields that site's
records have. Missing required values are asked for only when the command runs in a terminal;
otherwise the command names the flags to add and exits with code 2, writing nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from .kinds import KINDS, PUBLICITY, Kind

if TYPE_CHECKING:
    from .asks import Ask
    from .service import Draft, Scaffold

ROOT_HELP = "网站根目录：包含 data/、site_config/、content/ 和 mkdocs.yml 的文件夹。"
NEXT_STEP = "下一步：用编辑器补充其余字段，然后运行 make serve 预览。"
EPILOG = ("字段选项来自网站 site_config/schemas/ 中的表结构（在网站根目录运行或加 --root 才会列出）；"
          "必填的内容没有给出时，在终端中会逐项询问。")
ASKED_IN_TERMINAL = "（在终端中直接运行这条命令时，缺少的内容会逐项询问。）"


def interactive() -> bool:
    """Tell whether someone is at the keyboard to answer questions."""
    return sys.stdin.isatty()


class NewGroup(click.Group):
    """``unionsite new``: one subcommand per kind of record."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in KINDS.values():
            self.add_command(KindCommand(kind))


class KindCommand(click.Command):
    """``unionsite new KIND``: fixed options, plus one per field of the site's schema."""

    def __init__(self, kind: Kind) -> None:
        params: list[click.Parameter] = [
            click.Option(["--year"], type=click.IntRange(1949, 2100), metavar="年份",
                         help="记录所属的年份，决定编号和存放的文件夹；默认取记录日期的年份，没有日期时为今年。"),
            click.Option(["--id", "record_id"], metavar="编号",
                         help="指定编号（一般不需要：默认取该年下一个未用的编号）；编号已被使用时拒绝。"),
            click.Option(["--publish"], is_flag=True,
                         help="直接设为已发布（state: published）；默认是草稿（draft），不会发布。"),
            click.Option(["--dry-run", "--print", "dry_run"], is_flag=True,
                         help="只显示将要写入的内容，不写任何文件。"),
            click.Option(["--root"], type=click.Path(file_okay=False, path_type=Path), default=Path("."),
                         show_default=True, help=ROOT_HELP),
        ]
        if kind.name == "workplan-item":
            params = [p for p in params if p.name != "publish"]  # items have no state of their own
        if kind.name == "notice":
            params.insert(0, click.Option(["--publicity"], is_flag=True,
                                          help=f"新建公示（等同于 --kind {PUBLICITY}）。"))

        def callback(**values: Any) -> None:
            run(kind, values)

        super().__init__(kind.name, params=params, callback=callback, help=kind.help, short_help=kind.summary,
                         epilog=EPILOG)
        self.kind = kind

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[_meta_key("root")] = _root_in(args)
        if not self._field_options(ctx):  # no site there: let the run say so, not click's "No such option"
            ctx.ignore_unknown_options = ctx.allow_extra_args = True
        return super().parse_args(ctx, args)

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        return [*self._field_options(ctx), *super().get_params(ctx)]

    def _field_options(self, ctx: click.Context) -> list[click.Parameter]:
        key = _meta_key(f"options:{self.kind.name}")
        if key not in ctx.meta:
            ctx.meta[key] = [_option(ask, self.kind) for ask in _asks(self.kind, ctx.meta.get(_meta_key("root")))]
        options: list[click.Parameter] = ctx.meta[key]
        return options


def _meta_key(name: str) -> str:
    return f"unionsite.new.{name}"


def _root_in(args: Sequence[str]) -> Path:
    """The --root among the arguments, before click parses them: the field flags depend on it."""
    for index, arg in enumerate(args):
        if arg == "--root" and index + 1 < len(args):
            return Path(args[index + 1])
        if arg.startswith("--root="):
            return Path(arg.removeprefix("--root="))
    return Path(".")


def _asks(kind: Kind, root: Path | None) -> list[Ask]:
    from ..catalog import CatalogError
    from ..project import Project
    from .asks import build_asks

    project = Project((root or Path(".")).resolve())
    try:
        return build_asks(kind, project.catalog(), project.settings())
    except CatalogError:
        return []  # no site here: the command says so when it runs


def _option(ask: Ask, kind: Kind) -> click.Option:
    must = ask.required and ask.name not in kind.defaulted and not (kind.today_default and ask.name == kind.dated_by)
    text = f"{ask.title}{'（必填）' if must else ''}：{ask.explanation()}"
    if ask.boolean:
        return click.Option([f"{ask.flag}/--no-{ask.flag[2:]}", ask.name], default=None, help=text)
    if ask.child is not None:
        return click.Option([ask.flag, ask.name], multiple=True, metavar=_metavar(ask), help=text)
    return click.Option([ask.flag, ask.name], metavar=_metavar(ask), help=text)


def _metavar(ask: Ask) -> str:
    if ask.child is not None:
        return "编号" if ask.child.value else "姓名"
    assert ask.spec is not None
    if ask.choices:
        return "选项"
    if ask.spec.type == "date":
        return "日期"
    if ask.spec.temporal:
        return "日期时间"
    return "整数" if ask.spec.type == "integer" else "文字"


def run(kind: Kind, values: dict[str, Any]) -> None:
    """Make the record: take the flags, ask for what is missing, check, then write or show it."""
    from ..dates import today_in_china
    from ..project import Project
    from .service import Scaffold, ScaffoldError

    root: Path = values.pop("root")
    dry_run: bool = values.pop("dry_run")
    publicity: bool = values.pop("publicity", False)
    asking = interactive()
    try:
        scaffold = Scaffold(Project(root.resolve()), kind.name, today_in_china(), values.pop("year"),
                            values.pop("record_id"), values.pop("publish", False))
    except ScaffoldError as exc:
        _fail(str(exc))
    errors = _give_flags(scaffold, values, publicity)
    missing = [ask for ask in scaffold.missing() if ask.flag not in errors]
    if not asking and (errors or missing):
        _fail(_not_given(errors, missing))
    for message in errors.values():
        click.echo(message, err=True)
    while (missing := scaffold.missing()):
        _ask(scaffold, missing[0])
    draft = _settle(scaffold, asking)
    if dry_run:
        click.echo(draft.preview, nl=False)
        click.echo(f"（预演：没有写入任何文件；去掉 --dry-run 即写入 {draft.relpath}。）", err=True)
        return
    try:
        draft.write()
    except ScaffoldError as exc:
        _fail(str(exc))
    click.echo(_done(scaffold, draft))
    click.echo(NEXT_STEP)


def _give_flags(scaffold: Scaffold, values: dict[str, Any], publicity: bool) -> dict[str, str]:
    """Take every flag given; return the problems, by flag."""
    from .asks import BadValue

    errors: dict[str, str] = {}
    if publicity:
        if values.get("kind") not in (None, PUBLICITY):
            errors["--kind"] = f"--kind：--publicity 表示新建{PUBLICITY}，与 --kind {values['kind']} 矛盾。"
        else:
            values["kind"] = PUBLICITY
    for name, raw in values.items():
        if raw is None or raw == () or name not in scaffold.asks:
            continue
        ask = scaffold.asks[name]
        try:
            scaffold.give(name, raw)
        except BadValue as exc:
            errors.setdefault(ask.flag, f"{ask.flag}：{exc}")
    return errors


def _not_given(errors: dict[str, str], missing: list[Ask]) -> str:
    lines = ["没有写入任何文件。"]
    if errors:
        lines += ["以下选项的值有误：", *(f"  {message}" for message in errors.values())]
    if missing:
        lines += ["还缺少下列必填内容，请加上这些选项再运行：",
                  *(f"  {ask.flag} {ask.title}：{ask.explanation(note=False)}" for ask in missing), ASKED_IN_TERMINAL]
    return "\n".join(lines)


def _ask(scaffold: Scaffold, ask: Ask) -> None:
    """Ask for one value in the terminal until the answer can be used."""
    from .asks import BadValue

    click.echo(f"{ask.label}：{ask.explanation(note=False)}")
    if ask.name == "section":
        for number, title in sorted(scaffold.sections().items()):
            click.echo(f"  {number} {title}")
    for number, choice in enumerate(ask.choices, start=1):
        click.echo(f"  {number} {choice}")
    hint = "（是/否）" if ask.boolean else "（序号或名称）" if ask.choices else ""
    suggestion = scaffold.suggestion(ask)
    while True:
        raw: str = click.prompt(f"{ask.title}{hint}", default=suggestion, prompt_suffix="：")
        if ask.choices and raw.strip().isdigit() and 1 <= int(raw) <= len(ask.choices):
            raw = ask.choices[int(raw) - 1]
        try:
            scaffold.give(ask.name, raw)
            return
        except BadValue as exc:
            click.echo(str(exc), err=True)


def _settle(scaffold: Scaffold, asking: bool) -> Draft:
    """The draft once the project, checked with it, has no problem in it; in a terminal, ask again."""
    from .service import ScaffoldError

    while True:
        try:
            draft = scaffold.draft()
        except ScaffoldError as exc:
            _fail(str(exc))
        problems = draft.problems()
        if not problems:
            return draft
        click.echo("新记录有以下问题，没有写入：", err=True)
        click.echo("\n".join(p.as_text() for p in problems), err=True)
        names = [name for name in scaffold.asks if name in {scaffold.ask_for_field(p.field) for p in problems}]
        if not asking or not names:
            sys.exit(2)
        for name in names:
            scaffold.forget(name)
            _ask(scaffold, scaffold.asks[name])


def _done(scaffold: Scaffold, draft: Draft) -> str:
    if draft.added is not None:
        return (f"已在 {draft.relpath} 第 {scaffold.values.get('section')} 部分末尾添加条目 {draft.record_id}"
                f"（第 {draft.added.start}–{draft.added.stop - 1} 行），检查无误。")
    state = "已发布" if scaffold.publish else "草稿，不会发布"
    return f"已新建{scaffold.table.title} {draft.record_id}：{draft.relpath}（{state}），检查无误。"


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(2)
