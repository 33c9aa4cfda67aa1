"""Generate a synthetic corpus of N documents from the seeds' own structures, for the benchmark.

The five real seeds (and their curation) are kept; each further document takes one real seed as its template
(so parts, sections, tasks, responsible units, page chrome and the original script all come from a real text),
keeps every line's marker and lead sentence, and replaces the rest of each paragraph with a paragraph drawn from
the real seeds of the same script. Deterministic: the same N gives the same files.

    python benchmarks/generate.py --documents 1000 --out /tmp/corpus/seeds
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
UNITS = re.compile(r"[〔(（]\s*责任单位.*$")
BODY = re.compile(r"[。！？]")


def _pools(seeds: Path) -> dict[str, list[str]]:
    pools: dict[str, list[str]] = {"zh-Hans": [], "zh-Hant": []}
    for text_path in sorted(seeds.glob("*.txt")):
        meta = yaml.safe_load(text_path.with_suffix(".yml").read_text(encoding="utf-8"))
        for line in text_path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) > 60 and BODY.search(line) and not line.startswith("-"):
                body = UNITS.sub("", line.split("。", 1)[-1])
                if len(body) > 40:
                    pools[meta["original_script"]].append(body)
    return pools


def _recombine(line: str, pool: list[str], rng: random.Random) -> str:
    """Keep the marker, lead sentence and units of a body line; draw the rest from the pool."""
    stripped = line.strip()
    if len(stripped) <= 60 or not BODY.search(stripped) or stripped.startswith("-"):
        return line
    indent = line[: len(line) - len(line.lstrip())]
    head, _, rest = stripped.partition("。")
    units = UNITS.search(rest)
    return f"{indent}{head}。{rng.choice(pool)}{units.group(0) if units else ''}"


def generate(out: Path, documents: int, seeds: Path = ROOT / "seeds") -> list[str]:
    """Write seeds for `documents` documents (the real ones included) into out; returns the new IDs."""
    out.mkdir(parents=True, exist_ok=True)
    templates = sorted(seeds.glob("*.txt"))
    for path in templates:
        shutil.copyfile(path, out / path.name)
        shutil.copyfile(path.with_suffix(".yml"), out / path.with_suffix(".yml").name)
    pools = _pools(seeds)
    created = []
    for number in range(len(templates), documents):
        template = templates[number % len(templates)]
        meta = yaml.safe_load(template.with_suffix(".yml").read_text(encoding="utf-8"))
        rng = random.Random(number)
        title = meta["title"]
        new_title = f"{title}（样本{number:04d}）" if meta["original_script"] == "zh-Hans" else f"{title}（樣本{number:04d}）"
        raw = template.read_text(encoding="utf-8").replace(title, new_title)
        pool = pools[meta["original_script"]]
        text = "\n".join(_recombine(line, pool, rng) for line in raw.split("\n"))
        year = 2000 + (number * 7) % 26
        meta.update(title=new_title, date=f"{year}-{1 + number % 12:02d}-{1 + number % 28:02d}")
        meta.pop("short_title", None)
        meta.pop("effective_date", None)
        meta.pop("date_note", None)
        slug = f"sample-{number:04d}-{template.stem}"
        (out / f"{slug}.txt").write_text(text, encoding="utf-8")
        (out / f"{slug}.yml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=True), encoding="utf-8")
        created.append(slug)
    return created


PROJECT_FILES = ("mkdocs.yml", "mkdocs.zh-Hant.yml", "curation", "docs", "templates")


def scratch_project(scratch: Path, documents: int) -> Path:
    """A copy of the project's inputs in scratch/project, its seeds a generated corpus of this many documents."""
    project = scratch / "project"
    project.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        else:
            shutil.copyfile(source, project / name)
    generate(project / "seeds", documents)
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    generate(args.out, args.documents)


if __name__ == "__main__":
    main()
