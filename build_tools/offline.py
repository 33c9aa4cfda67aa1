"""Package the built site as a reproducible zip for reading offline, and state its size for every page to show.

The size is known only once the zip exists, after MkDocs has written the pages: it goes into download/size.js, which
the footer loads (templates/theme/partials/copyright.html). The zip leaves download/ out, so it never holds itself."""

from __future__ import annotations

import json
import os
import re
import time
import zipfile
from pathlib import Path

ZIP_NAME = "digital-fujian-policy-library.zip"
ZIP_DIR = "digital-fujian-policy-library"
SIZE_SCRIPT = "size.js"
EARLIEST_ZIP_TIME = 315532800  # 1980-01-01: a zip file cannot hold an earlier time
# What only the hosted site has (the download link and download/size.js), marked in the footer's template: the copy
# leaves it out, so that no page of the copy links to a file it does not hold.
ONLINE_ONLY = re.compile(rb"<!-- dfl:online -->.*?<!-- /dfl:online -->\s*", re.S)


def _size_label(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _hosted_only(relative: Path) -> bool:
    """What a copy read from file:// never opens, left out of it:
    - download/ (the zip itself) and the site root's 404.html (a host's page for missing addresses);
    - the hosted site's search indexes: Pagefind's (it cannot run from file://) and Material's (a whole-corpus file
      of each script, a quarter of the zip at 5,000 documents); a copy searches search/dfl-offline.js
      (search.offline_index);
    - each document's JSON under data/documents/, which programs fetch from the hosted site (no page links to them;
      the whole corpus is in the copy as data/corpus.json.gz)."""
    parts = relative.parts
    return (
        parts[0] == "download"
        or relative.as_posix() == "404.html"
        or "pagefind" in parts
        or (relative.name.startswith("search_index.") and len(parts) == 3 and parts[1] == "search")
        or parts[:2] == ("data", "documents")
    )


def _write_zip(site: Path, target: Path) -> int:
    stamp = max(int(os.environ.get("SOURCE_DATE_EPOCH", EARLIEST_ZIP_TIME)), EARLIEST_ZIP_TIME)
    date_time = time.gmtime(stamp)[:6]
    files = sorted(p for p in site.rglob("*") if p.is_file() and p != target and not _hosted_only(p.relative_to(site)))
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{ZIP_DIR}/{path.relative_to(site).as_posix()}", date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            data = path.read_bytes()
            if path.suffix == ".html":
                data = ONLINE_ONLY.sub(b"", data)
            archive.writestr(info, data, compresslevel=6)
        readme = zipfile.ZipInfo(f"{ZIP_DIR}/README.txt", date_time=date_time)
        readme.external_attr = 0o644 << 16
        archive.writestr(readme, README, compress_type=zipfile.ZIP_DEFLATED)
    return target.stat().st_size


def package(site: Path) -> Path:
    """Zip the site into site/download/, and write the zip's size into site/download/size.js for the pages."""
    target = site / "download" / ZIP_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    label = json.dumps(_size_label(_write_zip(site, target)))
    (target.parent / SIZE_SCRIPT).write_text(f"var dflOfflineSize = {label};\n", encoding="utf-8")
    return target


README = """数字福建政策文库 · 离线版 / 數字福建政策文庫 · 離線版

解压后用浏览器打开 index.html（简体：zh-Hans/index.html，繁體：zh-Hant/index.html）。
无需联网：页面、链接、简繁切换和检索都在本地运行。

Unzip and open index.html in a browser. Everything, search included, works without a network.
"""
