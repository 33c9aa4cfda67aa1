"""Package the built site as a reproducible zip for reading offline, and state its size on every page."""

from __future__ import annotations

import os
import re
import time
import zipfile
from pathlib import Path

ZIP_NAME = "digital-fujian-policy-library.zip"
ZIP_DIR = "digital-fujian-policy-library"
SIZE_TOKEN = "DFL_OFFLINE_SIZE"  # written by templates/theme/partials/copyright.html
SIZE_TEXT = re.compile(r'data-dfl-size="[^"]*">[^<]*<')


def _size_label(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _set_size_label(site: Path, label: str) -> None:
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        updated = SIZE_TEXT.sub(f'data-dfl-size="{label}">{label}<', text.replace(SIZE_TOKEN, label))
        if updated != text:
            page.write_text(updated, encoding="utf-8")


def _write_zip(site: Path, target: Path) -> int:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    stamp = max(epoch, 315532800)
    date_time = time.gmtime(stamp)[:6]
    # Pagefind serves the hosted site only (it cannot run from file://); offline readers use Material's search.
    files = sorted(
        p
        for p in site.rglob("*")
        if p.is_file() and p != target and "download" not in p.relative_to(site).parts[:1] and "pagefind" not in p.relative_to(site).parts
    )
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{ZIP_DIR}/{path.relative_to(site).as_posix()}", date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes(), compresslevel=6)
        readme = zipfile.ZipInfo(f"{ZIP_DIR}/README.txt", date_time=date_time)
        readme.external_attr = 0o644 << 16
        archive.writestr(readme, README, compress_type=zipfile.ZIP_DEFLATED)
    return target.stat().st_size


def package(site: Path) -> Path:
    """Zip the site into site/download/; pages state the zip's size, so repeat until the stated size is stable."""
    target = site / "download" / ZIP_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    label = "…"
    for _ in range(4):
        _set_size_label(site, label)
        new_label = _size_label(_write_zip(site, target))
        if new_label == label:
            break
        label = new_label
    return target


README = """数字福建政策文库 · 离线版 / 數字福建政策文庫 · 離線版

解压后用浏览器打开 index.html（简体：zh-Hans/index.html，繁體：zh-Hant/index.html）。
无需联网：页面、链接、简繁切换和检索都在本地运行。

Unzip and open index.html in a browser. Everything, search included, works without a network.
"""
