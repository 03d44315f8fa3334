"""Search: the bytes a reader's browser downloads to run one query on a built site, gzip -6 as served.

The project's own chunked index will provide ``generator.site.search.query_bytes(site_dir, query)``;
when it is importable it is used. Otherwise the site uses Material's search, which fetches, for any
query, its web worker, the language scripts the worker imports for the index's languages, and the
whole ``search/search_index.json``.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

MATERIAL_METHOD = "material: worker + lunr language scripts + search/search_index.json, gzip -6"
OWN_METHOD = "generator.site.search.query_bytes"
LUNR = Path("assets/javascripts/lunr")


def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def material_files(site_dir: Path) -> list[Path]:
    """The files Material's search fetches for a query (the same for every query)."""
    index = site_dir / "search" / "search_index.json"
    workers = sorted(p for p in (site_dir / "assets/javascripts/workers").glob("search.*.js")
                     if not p.name.endswith(".map"))
    if not index.is_file() or not workers:
        raise FileNotFoundError(f"{site_dir} has no Material search (search/search_index.json and its worker)")
    languages = json.loads(index.read_text(encoding="utf-8")).get("config", {}).get("lang", ["en"])
    scripts: list[Path] = []
    for lang in languages:  # as the worker's setupSearchLanguages does
        if lang == "ja":
            scripts.append(LUNR / "tinyseg.js")
        elif lang in ("hi", "th"):
            scripts.append(LUNR / "wordcut.js")
        if lang != "en":
            scripts.append(LUNR / f"min/lunr.{lang}.min.js")
    if len(languages) > 1:
        scripts.append(LUNR / "min/lunr.multi.min.js")
    if scripts:
        scripts.insert(0, LUNR / "min/lunr.stemmer.support.min.js")
    return [workers[0], *(site_dir / s for s in scripts), index]


def material_query_bytes(site_dir: Path) -> int:
    return sum(gzipped_size(path) for path in material_files(site_dir))


def query_bytes(site_dir: Path, query: str) -> tuple[int, str]:
    """(gzip bytes one query downloads, how they were measured)."""
    try:
        from generator.site.search import query_bytes as own_query_bytes  # the project's own index, once it lands
    except ImportError:
        return material_query_bytes(site_dir), MATERIAL_METHOD
    return int(own_query_bytes(site_dir, query)), OWN_METHOD


def main() -> None:
    """``python -m benchmarks.searchbytes SITE_DIR QUERY ...``: print {query: {"bytes", "method"}} as JSON."""
    site_dir = Path(sys.argv[1])
    found = {query: dict(zip(("bytes", "method"), query_bytes(site_dir, query), strict=True))
             for query in sys.argv[2:]}
    print(json.dumps(found, ensure_ascii=False))


if __name__ == "__main__":
    main()
