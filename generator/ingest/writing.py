"""Writing records back: comment-preserving YAML, atomic replacement, one ingest at a time."""

from __future__ import annotations

import contextlib
import errno
import io
import itertools
import os
import secrets
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from .. import forking
from ..yamlsource import file_bytes
from .emit import plain_safe
from .errors import IngestError

LOCK_NAME = ".unionsite-ingest.lock"


def yaml_round_trip() -> YAML:
    """The YAML engine for records: keeps comments, key order, quoting and flow lists as they are."""
    engine = YAML()
    engine.preserve_quotes = True
    engine.width = 4096  # never fold a long line of Chinese text
    engine.indent(mapping=2, sequence=4, offset=2)
    return engine


def load_record(path: Path) -> CommentedMap:
    """Load a record to change it, comments and all; IngestError when it is not a readable record."""
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml_round_trip().load(text)
    except Exception as exc:  # ruamel raises many kinds for a broken file
        raise IngestError(f"记录文件 {path.name} 无法读取（{type(exc).__name__}），导入没有写入任何内容；"
                          "请先运行 unionsite validate 修正。", code="record-unreadable") from exc
    if not isinstance(data, CommentedMap):
        raise IngestError(f"{path} 的内容不是一条记录，无法合并；请先修正（unionsite validate）。",
                          code="record-unreadable")
    data.trailing_comments = _trailing_comments(text)  # type: ignore[attr-defined]
    return data


def dump_record(data: Any) -> str:
    """The record's YAML, with the comments that ended the file it was loaded from still at the end.

    ruamel hangs a file's closing comments on its last value; when an ingest replaces that value
    (an event's sign-up counts come last) the comments would go with it.
    """
    buffer = io.StringIO()
    yaml_round_trip().dump(data, buffer)
    text = buffer.getvalue()
    tail = getattr(data, "trailing_comments", "")
    if tail and not text.endswith(tail):
        text = text.rstrip("\n") + "\n" + tail
    return text


def _trailing_comments(text: str) -> str:
    """The comment lines (and blank lines among them) after a file's last line of content."""
    lines = text.splitlines(keepends=True)
    start = len(lines)
    while start > 0 and (not lines[start - 1].strip() or lines[start - 1].lstrip().startswith("#")):
        start -= 1
    tail = "".join(lines[start:]).lstrip("\n")
    return tail if "#" in tail else ""


def yaml_value(value: Any) -> Any:
    """Return ``value`` ready for YAML: multi-line text as a block scalar, containers as ruamel's own."""
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    if isinstance(value, str) and not plain_safe(value):
        return DoubleQuotedScalarString(value)  # e.g. "Yes", "on", "007": text, as the reader must see it
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = yaml_value(item)
        return mapping
    if isinstance(value, list):
        return CommentedSeq([yaml_value(item) for item in value])
    return value


# Below this many files, a child to write them costs more than it saves.
MIN_FILES_FOR_CHILD = 1000


def write_all(paths: list[Path], text_of: Callable[[Path], str],
              private: dict[Path, Callable[[], str]] | None = None,
              meanwhile: Callable[[], None] = lambda: None) -> list[Path]:
    """Write each of ``paths`` atomically with ``text_of(path)``, and each file of ``private``
    (readable by the owner only) whose text changed; return the files written.

    Many files are written by a forked child as this process makes their texts (see
    ``forking.hand_over``): each is as much work as the other, and creating files in one
    folder is best left to one process. This process first does ``meanwhile`` (an ingest
    frees what its check built) and writes the private files (the roster of 100,000 rows
    takes seconds), while the child writes records of its own making.
    """
    private = private or {}
    folders = _Folders({os.path.dirname(path) for path in paths})
    changed: list[Path] = []

    def first_here() -> None:  # while the child starts on records of its own making
        meanwhile()
        changed[:] = [path for path, make_text in private.items() if _write_if_changed(path, make_text, True)]

    try:
        forking.hand_over(paths, lambda path: text_of(path).encode("utf-8"), folders.write,
                          lambda path: _write_if_changed(path, lambda: text_of(path)), MIN_FILES_FOR_CHILD,
                          first=first_here)
    finally:
        folders.close()
    return [*paths, *changed]


def _write_if_changed(path: Path, make_text: Callable[[], str], private: bool = False) -> bool:
    """Write a file unless it already holds its text: a repeated ingest changes nothing, and a
    file written again after a child failed is left as the child wrote it."""
    data = make_text().encode("utf-8")
    try:
        if file_bytes(path) == data:
            return False
    except OSError:
        pass  # missing, or not a file: writing it says what is wrong
    write_atomically(path, data, private=private)
    return True


class _Folders:
    """The folders many files are written into, each made if missing, listed and opened once.

    Listed once: asking about each of 10,000 new files cost up to 0.4 ms apiece while the other
    process was creating files. Opened once: a new file is made and named from its folder's
    handle (see ``_write_new``), and the folder's path is not walked again for each. Known by
    their text: a file's ``Path.parent`` is a new Path, hashed anew, for each of 100,000 files.
    """

    def __init__(self, folders: set[str]) -> None:
        self.names: dict[str, set[str]] = {}
        self.handles: dict[str, int] = {}
        for folder in folders:
            try:
                self.names[folder] = set(os.listdir(folder))
            except FileNotFoundError:
                self.names[folder] = set()
            if _NAMELESS_FILES:
                os.makedirs(folder, exist_ok=True)
                handle = _open_folder(folder)
                if handle is not None:
                    self.handles[folder] = handle

    def write(self, path: Path, data: bytes) -> None:
        """Write ``path``, one of these folders' files, atomically."""
        folder, name = os.path.split(path)
        if name in self.names[folder]:
            write_atomically(path, data, replacing=True)
        elif folder not in self.handles or not _write_new(self.handles[folder], name, data, 0o644):
            write_atomically(path, data)  # it turned out to exist, or the file system refused

    def close(self) -> None:
        for handle in self.handles.values():
            os.close(handle)
        self.handles = {}


def write_atomically(path: Path, text: str | bytes, private: bool = False, replacing: bool | None = None) -> None:
    """Replace ``path`` with ``text`` so that a reader sees the old file or the new, never half of one.

    ``replacing`` says whether ``path`` exists (None: look), that is whether there is old content
    that must survive a crash; an ingest holds the lock, so no other run makes the file meanwhile.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    if private:  # the file is the owner's alone; so are the folders of private/ it sits in
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in [path.parent, *path.parents]:
            if "private" not in parent.parts:
                break
            parent.chmod(0o700)
            if parent.name == "private":
                break
    mode = 0o600 if private else 0o644
    exists = os.path.exists(path) if replacing is None else replacing
    if not exists and _NAMELESS_FILES:
        folder = _open_folder(path.parent)
        if folder is not None:
            try:
                if _write_new(folder, path.name, data, mode):
                    return
            finally:
                os.close(folder)
        exists = os.path.exists(path)  # it may have turned out to exist
    _write_through_temporary(path, data, mode, sync=exists)


def _open_folder(folder: str | Path) -> int | None:
    """A handle on ``folder`` to make files in; None when it cannot be opened (it is missing)."""
    try:
        return os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None


def _write_new(folder: int, name: str, data: bytes, mode: int) -> bool:
    """Write a new file ``name`` in the folder open as ``folder``, so that it appears whole or
    not at all, and say whether it could be done so.

    The text goes into a file without a name in the folder (Linux's O_TMPFILE), named once
    written. The folder changes once, where a named temporary file changes it twice (create,
    rename): for 20,000 new files the kernel took 1.6 to 1.9 times as long that way, and two
    processes writing into one folder wait on each other at each change. A crash leaves nothing
    behind. False where the system or the file system does not allow it, or the file turned out
    to exist: the named temporary file then does the work.
    """
    global _NAMELESS_FILES
    if not _NAMELESS_FILES:
        return False
    try:
        handle = os.open(".", _NAMELESS_FILES | os.O_WRONLY, mode, dir_fd=folder)
    except OSError as error:  # that way says what else is wrong
        if error.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
            _NAMELESS_FILES = 0  # a file system (or kernel) without them: not asked again
        return False
    try:
        _write_whole(handle, data)
        os.fchmod(handle, mode)  # whatever the umask
        # Named through /proc: linkat follows that link to the file (AT_SYMLINK_FOLLOW).
        os.link(f"/proc/self/fd/{handle}", name, dst_dir_fd=folder, follow_symlinks=True)
    except FileExistsError:
        return False
    except OSError as error:
        if error.errno not in (errno.ENOENT, errno.EXDEV, errno.EPERM, errno.EACCES, errno.ENOTSUP):
            raise  # the disk is full, or the like: as writing it the other way would say
        _NAMELESS_FILES = 0  # no /proc to name it through
        return False
    finally:
        os.close(handle)
    return True


def _write_through_temporary(path: Path, data: bytes, mode: int, sync: bool) -> None:
    """Write a hidden file beside ``path`` and rename it over ``path``: the old file stays whole
    until the new one is (``sync``: on the disk, where there is an old file to lose)."""
    folder = str(path.parent)
    try:
        handle, temporary = _temporary_file(folder, path.name)
    except FileNotFoundError:  # made only when missing: an ingest writes thousands of files into a few folders
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = _temporary_file(folder, path.name)
    try:
        try:
            _write_whole(handle, data)
            os.fchmod(handle, mode)  # whatever the umask
            if sync:  # a new file has no old content to lose
                os.fsync(handle)
        finally:
            os.close(handle)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _write_whole(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view):]


def _temporary_file(folder: str, name: str) -> tuple[int, str]:
    """Open a new hidden file beside ``name`` for writing, readable by the owner only; return it and its path.

    What ``tempfile.mkstemp`` does, for the one case an ingest needs: it writes thousands of files,
    and the general function cost more than the writing.
    """
    for _ in range(100):
        temporary = f"{folder}/.{name}.{os.getpid()}-{next(_SERIALS)}{secrets.token_hex(3)}.tmp"
        try:
            return os.open(temporary, _CREATE, 0o600), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "没有可用的临时文件名", f"{folder}/.{name}.*.tmp")


# As mkstemp opens: never through a link, and on Windows in binary mode (no \r added before \n).
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
# Files without a name until written: Linux only (0 elsewhere, or once a file system refused them).
_NAMELESS_FILES = getattr(os, "O_TMPFILE", 0) if sys.platform.startswith("linux") else 0
_SERIALS = itertools.count()


@contextmanager
def ingest_lock(root: Path) -> Iterator[None]:
    """Hold the root's ingest lock; raise IngestError at once when another ingest holds it."""
    lock = FileLock(str(root / LOCK_NAME), timeout=0)
    try:
        with lock:
            yield
    except Timeout as exc:
        raise IngestError("另一个导入正在进行（或上次导入异常中止后锁文件仍被占用）；请稍后再试。",
                          code="ingest-locked") from exc
