"""Accept/reject parity with the reference compiler on spragc's own test corpora.

For every browser class in tests/constructs/ and tests/diagnostics/ (default-mode files),
compile it with spragkit 0.1.24's codegen in-process and with spragc (`spragc build
--json`), and require that spragc emits a file exactly when the reference compiles the
class without raising. This is the "default mode is the reference's language" promise.

Run with the reference virtualenv's Python:
    .cache/refvenv/bin/python tests/reference/parity.py [--spragc target/release/spragc]
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ["constructs", "diagnostics"]
# Project-level rules the per-class reference API cannot see (two files, one class name).
PROJECT_LEVEL = {"diagnostics/spr124_a.py", "diagnostics/spr124_b.py"}
# spragc-only rules, documented in the files themselves (static compilation limits).
SPRAGC_ONLY = {"diagnostics/spr121_not_static.py"}


def reference_results(corpus: str) -> dict[tuple[str, str], str | None]:
    """(file, class) -> None when the reference compiles it, else its error's first line."""
    from sprag.dev.codegen import compile_component_class, compile_module_class
    from sprag.runtime.browser import Component, Module

    sys.path.insert(0, str(ROOT / "tests"))
    results: dict[tuple[str, str], str | None] = {}
    for path in sorted((ROOT / "tests" / corpus).glob("*.py")):
        rel = f"{corpus}/{path.name}"
        source = path.read_text(encoding="utf-8")
        if path.name == "__init__.py" or source.startswith("# spragc: extended") or rel in PROJECT_LEVEL | SPRAGC_ONLY:
            continue
        try:
            module = importlib.import_module(f"{corpus}.{path.stem}")
        except Exception as exc:
            # The module does not even import (syntax error, invalid decorator argument):
            # `sprag build` fails on it, so spragc must reject something in the file.
            results[(rel, "<file>")] = f"{type(exc).__name__}: {exc}"
            continue
        for name, value in vars(module).items():
            if not (isinstance(value, type) and value.__module__ == module.__name__):
                continue
            if not issubclass(value, (Component, Module)) or value in (Component, Module):
                continue
            try:
                if issubclass(value, Component):
                    compile_component_class(value)
                else:
                    compile_module_class(value)
                results[(rel, name)] = None
            except Exception as exc:  # the reference raises JSCodegenError and others
                results[(rel, name)] = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    return results


def spragc_results(spragc: str, corpus: str, out_dir: Path) -> tuple[dict[tuple[str, str], bool], set[str]]:
    proc = subprocess.run(
        [spragc, "build", str(ROOT / "tests" / corpus), "--out", str(out_dir / corpus), "--json"],
        capture_output=True,
        text=True,
    )
    payload = json.loads(proc.stdout)
    compiled = {(f"{corpus}/{c['file']}", c["name"]): c["output"] is not None for c in payload["classes"]}
    rejected_files = {f"{corpus}/{d['file']}" for d in payload["diagnostics"] if d["severity"] == "error"}
    return compiled, rejected_files


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--spragc", default=str(ROOT / "target" / "release" / "spragc"))
    parser.add_argument("--out", default=str(ROOT / ".cache" / "parity"))
    args = parser.parse_args()
    rows = []
    failures = 0
    for corpus in CORPORA:
        ref = reference_results(corpus)
        ours, syntax_files = spragc_results(args.spragc, corpus, Path(args.out))
        for (file, cls), ref_error in sorted(ref.items()):
            if cls == "<file>":
                ok = file in syntax_files
                rows.append((file, cls, "rejects", "rejects" if ok else "accepts", ok))
                failures += not ok
                continue
            compiled = ours.get((file, cls))
            if compiled is None:
                rows.append((file, cls, "accepts" if ref_error is None else "rejects", "missing", False))
                failures += 1
                continue
            ok = compiled == (ref_error is None)
            rows.append((file, cls, "accepts" if ref_error is None else f"rejects ({ref_error[:70]})", "accepts" if compiled else "rejects", ok))
            failures += not ok
    width = max(len(f"{r[0]}:{r[1]}") for r in rows)
    print(f"{'class'.ljust(width)}  {'reference':<20} spragc   agree")
    for file, cls, ref, ours, ok in rows:
        print(f"{(file + ':' + cls).ljust(width)}  {ref[:20]:<20} {ours:<8} {'yes' if ok else 'NO  <- ' + ref}")
    print(f"\nclasses: {len(rows)}, agreeing: {len(rows) - failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
