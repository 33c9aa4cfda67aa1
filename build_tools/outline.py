"""`python -m build_tools outline <document>`: the tree a document was parsed into, for a maintainer to check in a minute."""

from __future__ import annotations

from .model import Document


def outline(document: Document, width: int = 24) -> str:
    """Form, then one line per provision: indented label, ID, the first words, the seed line; then the diagnostics."""
    out = [f"{document.seed_path}: {document.meta.title}", f"form: {document.form} ({document.form_reason})", ""]
    depth = {p.id: 0 for p in document.provisions}
    for provision in document.walk():
        if provision.parent:
            depth[provision.id] = depth[provision.parent] + 1
        words = (provision.heading or provision.text).replace("\n", " ")
        words = words[:width] + ("…" if len(words) > width else "")
        line = f"line {provision.lines[0]}" if provision.lines else ""
        out.append(f"{'  ' * depth[provision.id]}{provision.label}\t{provision.id}\t{words}\t{line}".rstrip())
    counts: dict[str, int] = {}
    for provision in document.walk():
        counts[provision.kind] = counts.get(provision.kind, 0) + 1
    out += ["", "counts: " + ", ".join(f"{kind} {count}" for kind, count in counts.items())]
    if document.diagnostics:
        out += ["", *(f"warning: {d}" for d in document.diagnostics)]
    return "\n".join(out) + "\n"
