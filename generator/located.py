"""The tree a record is read into: mappings and lists that remember where each part stands.

Both readers of record YAML (``yamlsource`` through PyYAML, ``plainyaml`` for plain text) make
these, and so does an ingest for the records it makes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple


class Position(NamedTuple):
    """Line and column, 1-based (a tuple: records hold hundreds of thousands of them)."""

    line: int
    col: int


class ScalarInfo(NamedTuple):
    """Where a scalar stands and the text it was written as."""

    position: Position
    text: str
    quoted: bool


class _NoneKnown(Mapping[Any, Any]):
    """An empty mapping that cannot be filled.

    What a mapping or list made elsewhere than in a file (an ingest's new record) has for
    positions and scalar records: one shared empty. An ingest of 100,000 rows makes half a
    million of them, whose own empty dicts held 100 MB.
    """

    __slots__ = ()

    def __getitem__(self, key: Any) -> Any:
        raise KeyError(key)

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def get(self, key: Any, default: Any = None) -> Any:  # Mapping's would raise and catch KeyError
        return default

    def __reduce__(self) -> str:  # pickled and copied as the one shared empty
        return "NONE_KNOWN"


NONE_KNOWN: Mapping[Any, Any] = _NoneKnown()


class LocatedDict(dict[str, Any]):
    """A mapping that remembers where it, each key and each scalar value stands."""

    __slots__ = ("key_positions", "position", "scalars")  # an archive holds hundreds of thousands
    position: Position
    key_positions: Mapping[str, Position]
    scalars: Mapping[str, ScalarInfo]

    def __init__(self, position: Position, key_positions: Mapping[str, Position] = NONE_KNOWN,
                 scalars: Mapping[str, ScalarInfo] = NONE_KNOWN) -> None:
        super().__init__()
        self.position = position
        self.key_positions = key_positions
        self.scalars = scalars


class LocatedList(list[Any]):
    """A sequence that remembers where it and each of its items stands."""

    __slots__ = ("item_positions", "position", "scalars")
    position: Position
    item_positions: Sequence[Position]
    scalars: Mapping[int, ScalarInfo]

    def __init__(self, position: Position, item_positions: Sequence[Position] = (),
                 scalars: Mapping[int, ScalarInfo] = NONE_KNOWN) -> None:
        super().__init__()
        self.position = position
        self.item_positions = item_positions
        self.scalars = scalars
