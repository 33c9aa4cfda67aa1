"""Command line: `python -m build_tools build | check | golden`."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from .model import BuildError

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools", description="Build the Digital Fujian Policy Library.")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build the whole site into site/ (both scripts, exports, offline zip)")
    build_cmd.add_argument("--no-zip", action="store_true", help="skip the offline zip (faster while editing)")
    build_cmd.add_argument("--strict", action="store_true", help="fail on warnings (structure doubts, undecided conversions)")
    check_cmd = commands.add_parser("check", help="validate seeds, sidecars and curated YAML without building")
    check_cmd.add_argument("--strict", action="store_true", help="fail on warnings (structure doubts, undecided conversions)")
    serve_cmd = commands.add_parser("serve", help="preview one script, regenerating pages as you edit seeds/, curation/, templates/, docs/")
    serve_cmd.add_argument("--script", choices=("zh-Hans", "zh-Hant"), default="zh-Hans")
    serve_cmd.add_argument("--address", default="127.0.0.1:8000", help="host:port to serve on (default 127.0.0.1:8000)")
    outline_cmd = commands.add_parser("outline", help="print the tree a document is parsed into (label, ID, first words, seed line)")
    outline_cmd.add_argument(
        "document", help="the document's ID (its file name in seeds/ without .txt), or a path to a .txt, .md or .html with its .yml"
    )
    golden = commands.add_parser("golden", help="regenerate tests/golden/ from the seeds")
    golden.add_argument("--check", action="store_true", help="only report whether tests/golden/ is up to date")
    args = parser.parse_args(argv)
    root = root or ROOT

    logging.basicConfig(format="%(levelname)s: %(message)s", level=logging.WARNING)
    try:
        if args.command == "build":
            from .build import build, print_warnings

            report = build(root, offline_zip=not args.no_zip, strict=args.strict)
            print_warnings(report.warnings)
            if report.unchanged:
                print(f"{report.site_dir} is up to date: no input changed since the build that wrote it.")
                return 0
            stages = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in report.timings.items())
            print(f"Built {len(report.documents)} documents into {report.site_dir} ({stages}).")
        elif args.command == "check":
            from .build import print_warnings, strict_problems
            from .pages import pages
            from .project import load_project

            project = load_project(root, suggestions=False)
            pages(project)  # every page rendered in memory: a template that does not render is named with its line
            documents, warnings = project.documents, project.warnings()
            if args.strict and warnings:
                raise BuildError(strict_problems(warnings))
            print_warnings(warnings)
            print(f"OK: {len(documents)} documents, {sum(1 for d in documents for _ in d.walk())} provisions.")
        elif args.command == "outline":
            from .convert import load_converter
            from .corpus import load_corpus
            from .outline import outline
            from .read import SEED_SUFFIXES

            path = Path(args.document)
            seeds_dir, slug = (path.parent, path.stem) if path.suffix in SEED_SUFFIXES else (root / "seeds", args.document)
            converter, _ = load_converter(root)
            found = [d for d in load_corpus(root, converter, seeds_dir, only=slug) if d.id == slug]
            if not found:
                print(
                    f"{args.document}: no such document; expected the ID of a seeds/<ID>.txt (.md, .html) or a path to one.",
                    file=sys.stderr,
                )
                return 1
            print(outline(found[0]), end="")
        elif args.command == "serve":
            from .preview import serve

            serve(root, args.script, args.address)
        elif args.command == "golden":
            from .golden import write_golden

            changed = write_golden(root, check=args.check)
            if args.check and changed:
                print("tests/golden/ is out of date: " + ", ".join(changed) + ". Run: python -m build_tools golden")
                return 1
            print("tests/golden/ " + ("updated: " + ", ".join(changed) if changed else "is up to date."))
    except BuildError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
            if os.environ.get("GITHUB_ACTIONS") == "true":
                # Shown on the pull request's diff, at the line the editor has to fix.
                print(f"::error file={problem.path},line={max(problem.line, 1)}::{problem.message}")
        print(f"Build failed with {len(error.problems)} problem(s); site/ was left as it was.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
