"""Atomic replacement of one file: the new text whole or the old one, with the modes a reader expects."""

from __future__ import annotations

import errno
import itertools
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from generator import forking
from generator.ingest import writing
from generator.ingest.writing import write_atomically

from .dealing import deal


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def synced(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The handles os.fsync is called with, in order (each still synced)."""
    handles: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda handle: (handles.append(handle), real_fsync(handle)))
    return handles


def test_a_new_file_is_written_whole_with_the_same_modes_whatever_the_umask(tmp_path: Path) -> None:
    text = "title: 关于增设托管班的建议\ncontent: |-\n  第一行\r\n  第二行\n"
    previous = os.umask(0o077)
    try:
        write_atomically(tmp_path / "data/proposals/2024/P2024-001.yaml", text)
        write_atomically(tmp_path / "private/ingest/index.yaml", "a: b\n", private=True)
    finally:
        os.umask(previous)
    public = tmp_path / "data/proposals/2024/P2024-001.yaml"
    assert public.read_bytes() == text.encode("utf-8") and mode(public) == 0o644
    assert mode(tmp_path / "private/ingest/index.yaml") == 0o600
    assert mode(tmp_path / "private") == mode(tmp_path / "private/ingest") == 0o700
    assert sorted(p.name for p in public.parent.iterdir()) == ["P2024-001.yaml"]


def test_replacing_a_file_syncs_it_first_and_a_new_file_needs_no_sync(tmp_path: Path, synced: list[int]) -> None:
    path = tmp_path / "E2017-002.yaml"
    write_atomically(path, "old\n")
    assert synced == []
    write_atomically(path, "new\n")
    assert len(synced) == 1 and path.read_text(encoding="utf-8") == "new\n"


def test_writing_many_files_syncs_only_those_it_replaces(tmp_path: Path, synced: list[int]) -> None:
    (tmp_path / "2017").mkdir()
    (tmp_path / "2017" / "P2017-001.yaml").write_text("old\n", encoding="utf-8")
    paths = [tmp_path / "2017" / "P2017-001.yaml", tmp_path / "2017" / "P2017-002.yaml",
             tmp_path / "2018" / "P2018-001.yaml"]
    writing.write_all(paths, lambda path: f"id: {path.stem}\n")
    assert len(synced) == 1
    assert [path.read_text(encoding="utf-8") for path in paths] == [f"id: {path.stem}\n" for path in paths]


def test_a_temporary_name_left_by_another_run_is_stepped_over(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writing, "_NAMELESS_FILES", 0)  # a file system without nameless files
    monkeypatch.setattr(writing, "_SERIALS", itertools.count())
    monkeypatch.setattr(writing.secrets, "token_hex", lambda size: "abcdef")
    stale = tmp_path / f".P2024-001.yaml.{os.getpid()}-0abcdef.tmp"
    stale.write_text("left by a crash", encoding="utf-8")
    write_atomically(tmp_path / "P2024-001.yaml", "id: P2024-001\n")
    assert (tmp_path / "P2024-001.yaml").read_text(encoding="utf-8") == "id: P2024-001\n"
    assert stale.read_text(encoding="utf-8") == "left by a crash"
    assert len(list(tmp_path.iterdir())) == 2


def nameless_files(folder: Path) -> bool:
    """Whether this file system makes files without a name (O_TMPFILE) in ``folder``."""
    try:
        os.close(os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o600))
    except (AttributeError, OSError):
        return False
    return True


def test_a_new_file_is_named_only_once_written_and_a_crash_before_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not nameless_files(tmp_path):
        pytest.skip("this file system makes no file without a name: the named temporary is used (tested below)")
    seen: list[list[str]] = []
    real_link = os.link

    def link(source: str, target: str, **kwargs: object) -> None:
        seen.append(sorted(p.name for p in tmp_path.iterdir()))
        if target == "P2024-002.yaml":  # named in the folder's handle
            raise KeyboardInterrupt  # the power goes, or the officer presses Ctrl+C
        real_link(source, target, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "link", link)
    write_atomically(tmp_path / "P2024-001.yaml", "id: P2024-001\n")
    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path / "P2024-002.yaml", "id: P2024-002\n")
    assert seen == [[], ["P2024-001.yaml"]]  # nothing in the folder while the text was written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["P2024-001.yaml"]
    assert (tmp_path / "P2024-001.yaml").read_text(encoding="utf-8") == "id: P2024-001\n"
    assert mode(tmp_path / "P2024-001.yaml") == 0o644


@pytest.mark.parametrize("refusal", ["open", "link"])
def test_where_nameless_files_are_refused_a_named_temporary_writes_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refusal: str) -> None:
    supported = nameless_files(tmp_path)
    real_open, real_link = os.open, os.link
    refused: list[str] = []

    def open_(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & getattr(os, "O_TMPFILE", 0) == getattr(os, "O_TMPFILE", -1) and refusal == "open":
            refused.append("open")
            raise OSError(errno.EOPNOTSUPP, "Operation not supported")
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    def link(*args: object, **kwargs: object) -> None:
        if refusal == "link":
            refused.append("link")
            raise OSError(errno.EXDEV, "Invalid cross-device link")  # no /proc to name it through
        real_link(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "link", link)
    monkeypatch.setattr(writing, "_NAMELESS_FILES", getattr(os, "O_TMPFILE", 0))
    for number in (1, 2):
        write_atomically(tmp_path / f"P2024-00{number}.yaml", f"id: P2024-00{number}\n")
    if supported or refusal == "open":  # (without them, the link is never reached)
        assert refused == [refusal]  # asked once; then not again
        assert writing._NAMELESS_FILES == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["P2024-001.yaml", "P2024-002.yaml"]
    assert [(tmp_path / f"P2024-00{n}.yaml").read_text(encoding="utf-8") for n in (1, 2)] == \
        ["id: P2024-001\n", "id: P2024-002\n"]
    assert mode(tmp_path / "P2024-002.yaml") == 0o644


def test_a_file_thought_new_that_exists_is_replaced_and_synced(tmp_path: Path, synced: list[int]) -> None:
    path = tmp_path / "P2024-001.yaml"
    path.write_text("old\n", encoding="utf-8")
    write_atomically(path, "new\n", replacing=False)
    assert path.read_text(encoding="utf-8") == "new\n" and len(synced) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["P2024-001.yaml"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "E2017-002.yaml"
    path.write_text("old\n", encoding="utf-8")

    def full(handle: int, data: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(path, "new\n")
    assert [p.name for p in tmp_path.iterdir()] == ["E2017-002.yaml"]
    assert path.read_text(encoding="utf-8") == "old\n"


def test_a_short_write_is_carried_on_until_the_text_is_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda handle, data: real_write(handle, bytes(data[:5])))
    text = "content: 教职工反映相关服务有待改进，特提出此案。\n"
    write_atomically(tmp_path / "P2024-001.yaml", text)
    assert (tmp_path / "P2024-001.yaml").read_bytes() == text.encode("utf-8")


class WriterLog:
    """Which process wrote which file, through spies on the two ways a file is written: lines in
    a file, which both processes append to."""

    def __init__(self, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.path = path
        self.parent = os.getpid()
        real_write_new, real_write_through_temporary = writing._write_new, writing._write_through_temporary

        def write_new(folder: int, name: str, *args: Any) -> bool:
            self.note(name)
            return real_write_new(folder, name, *args)

        def write_through_temporary(path: Path, *args: Any, **kwargs: Any) -> None:
            self.note(path.name)
            real_write_through_temporary(path, *args, **kwargs)

        monkeypatch.setattr(writing, "_write_new", write_new)
        monkeypatch.setattr(writing, "_write_through_temporary", write_through_temporary)

    def note(self, name: str) -> None:
        with self.path.open("a", encoding="utf-8") as log:
            log.write(f"{'here' if os.getpid() == self.parent else 'child'} {name}\n")

    def written(self, who: str) -> list[str]:
        lines = self.path.read_text(encoding="utf-8").splitlines() if self.path.exists() else []
        return [line.split(" ", 1)[1] for line in lines if line.startswith(who + " ")]


@pytest.fixture
def two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forking, "may_fork", lambda: True)  # the browser tests' server thread may be running
    monkeypatch.setattr(writing, "MIN_FILES_FOR_CHILD", 10)


@pytest.mark.usefixtures("two_processes")
def test_many_files_are_written_whole_by_the_child_and_made_by_either(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    deal(monkeypatch, {1, 3})  # the child makes the texts of the second and fourth runs (two files each)
    log = WriterLog(tmp_path / "log", monkeypatch)
    out = tmp_path / "out"
    (out / "2017").mkdir(parents=True)
    (out / "2017" / "P001.yaml").write_text("old\n", encoding="utf-8")
    paths = [out / f"{year}" / f"P{number:03d}.yaml" for year in (2017, 2018) for number in range(60)]

    def text_of(path: Path) -> str:  # each file says which process made its text
        return f"id: {path.stem}\n" + "说明：" * 2000 + f"\n# {os.getpid()}\n"

    assert writing.write_all(paths, text_of) == paths
    assert log.written("here") == []
    assert sorted(log.written("child")) == sorted(path.name for path in paths)  # each once, the old file too
    assert sorted(out.rglob("*")) == sorted([*paths, out / "2017", out / "2018"])  # no temporaries
    made_here = [path.read_text(encoding="utf-8").endswith(f"# {os.getpid()}\n") for path in paths]
    assert [index for index, here in enumerate(made_here) if not here] == [2, 3, 6, 7]
    assert all(path.read_text(encoding="utf-8").startswith(f"id: {path.stem}\n" + "说明：" * 2000) for path in paths)
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o644 for path in paths)


@pytest.mark.usefixtures("two_processes")
def test_private_files_are_written_here_first_and_only_when_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = WriterLog(tmp_path / "log", monkeypatch)
    roster, index = tmp_path / "private/ingest/roster.csv", tmp_path / "private/ingest/index.yaml"
    index.parent.mkdir(parents=True)
    index.write_text("key: P2024-001\n", encoding="utf-8")
    before = index.stat()
    paths = [tmp_path / f"data/P{number:03d}.yaml" for number in range(20)]
    meanwhile: list[tuple[int, bool]] = []  # done here, once, before the private files
    written = writing.write_all(paths, lambda path: f"id: {path.stem}\n", {
        roster: lambda: f"key,row\n# {os.getpid()}\n", index: lambda: "key: P2024-001\n"},
        meanwhile=lambda: meanwhile.append((os.getpid(), roster.exists())))
    assert meanwhile == [(os.getpid(), False)]
    assert written == [*paths, roster]  # the index already held its text
    assert log.written("here") == ["roster.csv"]
    assert sorted(log.written("child")) == [path.name for path in paths]
    assert roster.read_text(encoding="utf-8") == f"key,row\n# {os.getpid()}\n" and mode(roster) == 0o600
    assert (index.stat().st_ino, index.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


@pytest.mark.usefixtures("two_processes")
def test_files_a_failed_child_left_unwritten_are_written_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deal(monkeypatch, set())  # every text is made here
    log = WriterLog(tmp_path / "log", monkeypatch)
    parent = os.getpid()
    real_write_new = writing._write_new

    def write_new(folder: int, name: str, *args: Any) -> bool:
        if os.getpid() != parent and name == "P007.yaml":
            os._exit(3)  # the child dies before writing its eighth file
        return real_write_new(folder, name, *args)

    monkeypatch.setattr(writing, "_write_new", write_new)
    out = tmp_path / "out"
    paths = [out / f"P{number:03d}.yaml" for number in range(100)]
    writing.write_all(paths, lambda path: f"id: {path.stem}\n")
    assert log.written("child") == [f"P{number:03d}.yaml" for number in range(7)]
    # Every file is looked at again here; those the child wrote, already whole, are left as they are.
    assert log.written("here") == [f"P{number:03d}.yaml" for number in range(7, 100)]
    assert sorted(out.iterdir()) == paths
    assert all(path.read_text(encoding="utf-8") == f"id: {path.stem}\n" for path in paths)


@pytest.mark.usefixtures("two_processes")
def test_when_this_process_fails_the_child_writes_what_it_was_sent_and_ends(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deal(monkeypatch, set())  # every text is made here
    log = WriterLog(tmp_path / "log", monkeypatch)
    out = tmp_path / "out"
    paths = [out / f"P{number:03d}.yaml" for number in range(100)]

    def text_of(path: Path) -> str:
        if path.stem == "P004":
            raise OSError(28, "No space left on device")
        return f"id: {path.stem}\n"

    with pytest.raises(OSError, match="No space left"):
        writing.write_all(paths, text_of)
    assert log.written("child") == [f"P{number:03d}.yaml" for number in range(4)]
    assert sorted(p.name for p in out.iterdir()) == [f"P{number:03d}.yaml" for number in range(4)]  # no temporary
    assert all(path.read_text(encoding="utf-8") == f"id: {path.stem}\n" for path in paths[:4])
