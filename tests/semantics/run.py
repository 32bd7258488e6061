#!/usr/bin/env python3
"""Semantic test: spragc's JavaScript must mean what the Python means.

For every `case_*` method of every sprag `Module` subclass in the case files
(default: tests/semantics/cases.py and tests/semantics/gaps.py):

1. run it in CPython (fresh instance per case) -> expected value;
2. compile the class with spragc (`spragc compile FILE --json`, default mode) and with
   the reference compiler (`sprag.dev.codegen.compile_module_class`, spragkit 0.1.24),
   run the same method (camelCase) in Node through tests/semantics/run_cases.mjs;
3. compare JSON (sorted keys; 2.0 == 2; tuples are lists).

Checks (any failure -> exit status 1):
  * spragc's result equals CPython's, for every case;
  * a case marked `# bug: SPRnnn` on its `def` line: the reference's result differs from
    CPython's (the bug is real) and spragc reported SPRnnn in that case method or in a
    non-case method of its class (the helper the case calls);
  * a case marked `# both`: the reference's result equals CPython's too;
  * a case marked `# gap`: a known difference spragc does not fix yet; it must still
    differ (so a fix gets noticed and the case moves to cases.py);
  * every case runs in CPython without raising.

Stdlib only. Needs the reference venv's Python (it imports `sprag`); when started with
another interpreter it re-runs itself with $REF_PYTHON.

    python3 tests/semantics/run.py [--spragc PATH] [--ragot-js PATH] [--ref-python PATH]
                                   [--node PATH] [--build] [-k SUBSTRING] [--keep DIR]
                                   [--verbose] [CASE_FILE.py ...]

Environment: SPRAGC (default target/release/spragc), RAGOT_JS (default
.cache/spragkit-assets/ragot.esm.min.js), REF_PYTHON (default .cache/refvenv/bin/python),
NODE (default node). Relative defaults are resolved against the repository root.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import inspect
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RUN_CASES = HERE / "run_cases.mjs"
DEFAULT_CASE_FILES = [HERE / "cases.py", HERE / "gaps.py"]
MARKER = re.compile(r"#\s*(?:(both)\b|bug:\s*(SPR\d{3}(?:\s*,\s*SPR\d{3})*)|(gap)\b)")
NODE_TIMEOUT = 60
CASE_TIMEOUT = 20


def repo_path(value: str) -> Path:
    p = Path(value)
    return p if p.is_absolute() else ROOT / p


# ---------------------------------------------------------------------------- values


def canonical(value, *, _depth=0):
    """JSON-ready value in the form both sides are compared in."""
    if _depth > 200:
        raise ValueError("value nested too deeply")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return {"$js": "NaN"}
        if math.isinf(value):
            return {"$js": "Infinity" if value > 0 else "-Infinity"}
        if value.is_integer() and abs(value) < 2**53:
            return int(value)
        return value
    if isinstance(value, (list, tuple)):
        return [canonical(v, _depth=_depth + 1) for v in value]
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if isinstance(k, bool) or k is None:
                key = json.dumps(k)
            elif isinstance(k, (int, float)):
                key = json.dumps(canonical(k))
            elif isinstance(k, str):
                key = k
            else:
                raise TypeError(f"dict key {k!r} is not JSON-serialisable")
            out[key] = canonical(v, _depth=_depth + 1)
        return out
    raise TypeError(f"{type(value).__name__} value {value!r} is not JSON-serialisable")


def dumps(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=False)


@dataclass
class Outcome:
    """A case's result on one side: a canonical JSON text, or an error message."""

    value: str | None = None
    error: str | None = None

    @classmethod
    def ok(cls, value) -> "Outcome":
        try:
            return cls(value=dumps(canonical(value)))
        except (TypeError, ValueError) as exc:
            return cls(error=f"result not JSON-serialisable: {exc}")

    def show(self) -> str:
        return self.value if self.error is None else f"!{self.error}"

    def same(self, other: "Outcome") -> bool:
        return self.error is None and other.error is None and self.value == other.value


# ---------------------------------------------------------------------------- cases


@dataclass
class Case:
    file: Path
    cls: type
    method: str  # Python name, case_...
    js_method: str
    line: int
    both: bool = False
    codes: list[str] = field(default_factory=list)
    gap: bool = False
    python: Outcome | None = None
    spragc: Outcome | None = None
    reference: Outcome | None = None

    @property
    def label(self) -> str:
        return f"{self.cls.__name__}.{self.method}"


def camel(name: str) -> str:
    """The compilers' snake_case -> camelCase rule for user method names."""
    if name.startswith("_") or "_" not in name:
        return name
    head, *tail = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in tail)


def load_module(path: Path):
    sys.dont_write_bytecode = True  # keep __pycache__ out of tests/semantics
    name = f"sprag_semantic_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # inspect.getsource (used by the reference) needs it
    spec.loader.exec_module(module)
    return module


def def_markers(path: Path) -> dict[tuple[str, str], tuple[int, bool, list[str], bool]]:
    """(class, method) -> (line, both, codes, gap) from the comment on each `def` line."""
    text = path.read_text(encoding="utf-8")
    comments: dict[int, str] = {}
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type == tokenize.COMMENT:
            comments[tok.start[0]] = tok.string
    out = {}
    for node in ast.parse(text).body:
        if not isinstance(node, ast.ClassDef):
            continue
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                both, codes, gap = False, [], False
                m = MARKER.search(comments.get(item.lineno, ""))
                if m and m.group(1):
                    both = True
                elif m and m.group(2):
                    codes = [c.strip() for c in m.group(2).split(",")]
                elif m and m.group(3):
                    gap = True
                out[(node.name, item.name)] = (item.lineno, both, codes, gap)
    return out


def collect(path: Path, module_base) -> tuple[object, list[type], list[Case]]:
    module = load_module(path)
    markers = def_markers(path)
    classes = [
        obj
        for obj in vars(module).values()
        if inspect.isclass(obj) and obj.__module__ == module.__name__ and issubclass(obj, module_base)
    ]
    cases = []
    for cls in classes:
        for name, member in vars(cls).items():
            if name.startswith("case_") and callable(member):
                line, both, codes, gap = markers.get((cls.__name__, name), (0, False, [], False))
                cases.append(Case(path, cls, name, camel(name), line, both, codes, gap))
    return module, classes, cases


def run_python(case: Case) -> Outcome:
    try:
        instance = case.cls()
        return Outcome.ok(getattr(instance, case.method)())
    except Exception as exc:  # a case must not raise; reported as a failure
        return Outcome(error=f"{type(exc).__name__}: {exc}")


# ---------------------------------------------------------------------------- compile


def prepare_root(root: Path, ragot_js: Path) -> Path:
    """<root>/generated/modules/ + <root>/vendor/ragot.esm.min.js, as generated code imports it."""
    (root / "generated" / "modules").mkdir(parents=True, exist_ok=True)
    (root / "vendor").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ragot_js, root / "vendor" / "ragot.esm.min.js")
    (root / "package.json").write_text('{"type": "module"}\n', encoding="utf-8")
    return root / "generated"


def compile_spragc(spragc: Path, path: Path, root: Path, ragot_js: Path) -> tuple[dict, str | None]:
    """Compile one case file; returns (--json report, fatal error)."""
    out = prepare_root(root, ragot_js)
    proc = subprocess.run(
        [str(spragc), "compile", str(path), "--out", str(out), "--json", "--no-map"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return {}, f"spragc exited {proc.returncode} without JSON: {proc.stderr.strip() or proc.stdout.strip()}"
    return report, None


def compile_reference(cls: type, root: Path, ragot_js: Path) -> str | None:
    """Compile one class with the reference; returns an error message or None."""
    from sprag.dev.codegen import compile_module_class

    out = prepare_root(root, ragot_js)
    try:
        code = compile_module_class(cls)
    except Exception as exc:
        return f"reference compile failed: {type(exc).__name__}: {str(exc).splitlines()[0]}"
    (out / "modules" / f"{cls.__name__}.js").write_text(code, encoding="utf-8")
    return None


# ---------------------------------------------------------------------------- node


def node_run(node: str, module_js: Path, class_name: str, methods: list[str], timeout: int) -> dict[str, Outcome]:
    cmd = [node, str(RUN_CASES), str(module_js), class_name, *methods]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {m: Outcome(error=f"timeout after {timeout}s") for m in methods}
    try:
        raw = json.loads(proc.stdout.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        msg = f"node exited {proc.returncode}: {(proc.stderr or proc.stdout).strip()[:400]}"
        return {m: Outcome(error=msg) for m in methods}
    if "__load__" in raw:
        return {m: Outcome(error=raw["__load__"]["error"]) for m in methods}
    out = {}
    for m in methods:
        r = raw.get(m)
        if r is None:
            out[m] = Outcome(error="no result")
        elif "error" in r:
            out[m] = Outcome(error=r["error"])
        else:
            out[m] = Outcome.ok(r["ok"])
    return out


def run_js(node: str, module_js: Path, cls_cases: list[Case]) -> dict[str, Outcome]:
    methods = [c.js_method for c in cls_cases]
    results = node_run(node, module_js, cls_cases[0].cls.__name__, methods, NODE_TIMEOUT)
    if any((r.error or "").startswith("timeout") for r in results.values()):
        # One case hangs (e.g. a miscompiled loop): run each alone to keep the others.
        results = {}
        for m in methods:
            results.update(node_run(node, module_js, cls_cases[0].cls.__name__, [m], CASE_TIMEOUT))
    return results


# ---------------------------------------------------------------------------- report


def js_method_source(module_js: Path, js_method: str) -> str:
    """The text of `js_method(...) { ... }` in a generated file (brace-matched)."""
    try:
        text = module_js.read_text(encoding="utf-8")
    except OSError:
        return "(no generated file)"
    m = re.search(rf"^[ \t]*(?:async\s+)?{re.escape(js_method)}\s*\(", text, re.M)
    if not m:
        return f"(method {js_method} not found in {module_js.name})"
    start = m.start()
    i = text.index("{", m.end())
    depth = 0
    quote = None
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "'\"`":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return text[start : i + 1]
        i += 1
    return text[start:]


def clip(s: str, width: int) -> str:
    s = s.replace("\n", "\\n")
    return s if len(s) <= width else s[: width - 1] + "…"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("case_files", nargs="*", type=Path, help="case files (default: cases.py and gaps.py here)")
    ap.add_argument("--spragc", default=os.environ.get("SPRAGC", "target/release/spragc"))
    ap.add_argument("--ragot-js", default=os.environ.get("RAGOT_JS", ".cache/spragkit-assets/ragot.esm.min.js"))
    ap.add_argument("--ref-python", default=os.environ.get("REF_PYTHON", ".cache/refvenv/bin/python"))
    ap.add_argument("--node", default=os.environ.get("NODE", "node"))
    ap.add_argument("--build", action="store_true", help="run `cargo build --release` first")
    ap.add_argument("-k", dest="filter", help="only cases whose Class.case_name contains this")
    ap.add_argument("--keep", type=Path, help="write generated files here and keep them")
    ap.add_argument("--verbose", "-v", action="store_true", help="show source and JS for every failure of any kind")
    ap.add_argument("--width", type=int, default=34, help="column width of values in the table")
    args = ap.parse_args(argv)

    try:
        import sprag  # noqa: F401
        from sprag import Module
    except ImportError:
        ref_python = repo_path(args.ref_python)
        if not ref_python.exists():
            print(f"error: `sprag` is not importable here and REF_PYTHON {ref_python} does not exist "
                  "(run scripts/setup-reference.sh or pass --ref-python)", file=sys.stderr)
            return 2
        if os.environ.get("SPRAG_SEMANTICS_REEXEC"):
            print(f"error: `sprag` is not importable with {sys.executable}", file=sys.stderr)
            return 2
        env = dict(os.environ, SPRAG_SEMANTICS_REEXEC="1")
        return subprocess.run([str(ref_python), str(Path(__file__).resolve()), *argv], env=env).returncode

    if args.build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    spragc = repo_path(args.spragc)
    ragot_js = repo_path(args.ragot_js)
    for what, p in (("spragc binary", spragc), ("Ragot bundle", ragot_js)):
        if not p.exists():
            hint = "cargo build --release (or --build)" if what == "spragc binary" else "scripts/setup-reference.sh, or --ragot-js"
            print(f"error: {what} not found at {p} ({hint})", file=sys.stderr)
            return 2
    if shutil.which(args.node) is None and not Path(args.node).exists():
        print(f"error: node not found ({args.node})", file=sys.stderr)
        return 2

    case_files = [p.resolve() for p in (args.case_files or DEFAULT_CASE_FILES)]
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="spragc-semantics-"))
    if args.keep and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)

    all_cases: list[Case] = []
    spragc_codes: dict[str, dict[str, list[str]]] = {}  # class -> code -> owners
    module_paths: dict[tuple[str, str], Path] = {}  # (side, class) -> generated file
    problems: list[str] = []

    for path in case_files:
        _, classes, cases = collect(path, Module)
        if args.filter:
            cases = [c for c in cases if args.filter in c.label]
        if not cases:
            continue
        for c in cases:
            c.python = run_python(c)

        sroot = work / "spragc" / path.stem
        report, fatal = compile_spragc(spragc, path, sroot, ragot_js)
        diags = report.get("diagnostics", [])
        errors_by_class: dict[str, list[str]] = {}
        for d in diags:
            cls_name = (d.get("owner") or "").split(".")[0]
            if d.get("severity") == "error":
                errors_by_class.setdefault(cls_name, []).append(f"{d['code']} line {d['line']}: {d['message']}")
            spragc_codes.setdefault(cls_name, {}).setdefault(d["code"], []).append(d.get("owner") or "?")

        for cls in classes:
            cls_cases = [c for c in cases if c.cls is cls]
            if not cls_cases:
                continue
            name = cls.__name__
            # spragc
            sjs = sroot / "generated" / "modules" / f"{name}.js"
            module_paths[("spragc", name)] = sjs
            if fatal or errors_by_class.get(name) or not sjs.exists():
                why = fatal or "; ".join(errors_by_class.get(name, [])) or f"spragc wrote no {sjs.name}"
                for c in cls_cases:
                    c.spragc = Outcome(error=f"spragc compile failed: {why}")
            else:
                res = run_js(args.node, sjs, cls_cases)
                for c in cls_cases:
                    c.spragc = res[c.js_method]
            # reference
            rroot = work / "reference" / name
            rjs = rroot / "generated" / "modules" / f"{name}.js"
            module_paths[("reference", name)] = rjs
            err = compile_reference(cls, rroot, ragot_js)
            if err:
                for c in cls_cases:
                    c.reference = Outcome(error=err)
            else:
                res = run_js(args.node, rjs, cls_cases)
                for c in cls_cases:
                    c.reference = res[c.js_method]
        all_cases.extend(cases)

    if not all_cases:
        print("no cases selected", file=sys.stderr)
        return 2

    # -------------------------------------------------------------- checks
    failures: list[tuple[Case, str]] = []
    for c in all_cases:
        if c.python.error is not None:
            failures.append((c, f"case raises in CPython: {c.python.error}"))
            continue
        if c.gap:
            # A known difference spragc does not fix yet (see README "Known differences").
            if c.spragc.same(c.python):
                failures.append((c, "marked `# gap` but spragc now matches CPython: move it to cases.py"))
            continue
        if not c.spragc.same(c.python):
            failures.append((c, "spragc result differs from CPython"))
        if c.codes:
            if c.reference.same(c.python):
                failures.append((c, f"claimed reference bug {', '.join(c.codes)} but the reference gets it right"))
            # The warning must be in this case method, or in a non-case method of the
            # class (e.g. SPR309 sits on the helper whose default the case relies on).
            got = spragc_codes.get(c.cls.__name__, {})
            for code in c.codes:
                owners = got.get(code, [])
                here = [o for o in owners if o == c.label or not o.split(".")[-1].startswith("case_")]
                if not here:
                    where = f" (only in {', '.join(sorted(set(owners)))})" if owners else ""
                    failures.append((c, f"spragc did not report {code} in {c.label} or a helper method{where}"))
        if c.both and not c.reference.same(c.python):
            failures.append((c, "marked `# both` but the reference result differs from CPython"))

    # -------------------------------------------------------------- table
    w = args.width
    label_w = max(len(c.label) for c in all_cases)
    head = f"{'case':<{label_w}}  {'claim':<14}  {'CPython':<{w}}  {'spragc':<{w}}  {'reference':<{w}}  spragc==py  ref==py"
    print(head)
    print("-" * len(head))
    for c in all_cases:
        claim = "both" if c.both else ("bug " + ",".join(c.codes) if c.codes else ("gap" if c.gap else "-"))
        s_ok = "yes" if c.spragc.same(c.python) else "NO"
        r_ok = "yes" if c.reference.same(c.python) else "no"
        print(
            f"{c.label:<{label_w}}  {clip(claim, 14):<14}  {clip(c.python.show(), w):<{w}}  "
            f"{clip(c.spragc.show(), w):<{w}}  {clip(c.reference.show(), w):<{w}}  {s_ok:<10}  {r_ok}"
        )
    n = len(all_cases)
    s_pass = sum(c.spragc.same(c.python) for c in all_cases)
    r_pass = sum(c.reference.same(c.python) for c in all_cases)
    bugs = [c for c in all_cases if c.codes]
    print()
    print(f"{n} cases: spragc matches CPython in {s_pass}, the reference in {r_pass}; "
          f"{len(bugs)} cases claim a reference bug ({len({x for c in bugs for x in c.codes})} codes).")

    # -------------------------------------------------------------- failures
    if failures:
        print(f"\n{len(failures)} FAILURE(S):")
        shown = set()
        for c, why in failures:
            print(f"\n== {c.label}  ({c.file.name}:{c.line}): {why}")
            print(f"   CPython:   {c.python.show()}")
            print(f"   spragc:    {c.spragc.show()}")
            print(f"   reference: {c.reference.show()}")
            if c.label in shown:
                continue
            shown.add(c.label)
            if why.startswith("spragc result") or args.verbose:
                src = inspect.getsource(getattr(c.cls, c.method))
                print("   -- Python:\n" + "\n".join("      " + l for l in src.rstrip().splitlines()))
                js = js_method_source(module_paths[("spragc", c.cls.__name__)], c.js_method)
                print("   -- spragc JS:\n" + "\n".join("      " + l for l in js.splitlines()))
            if args.verbose:
                js = js_method_source(module_paths[("reference", c.cls.__name__)], c.js_method)
                print("   -- reference JS:\n" + "\n".join("      " + l for l in js.splitlines()))
        print(f"\nFAILED: {len(failures)} check(s) in {len({c.label for c, _ in failures})} case(s).")
    else:
        print("\nOK: spragc matches CPython everywhere and every claim about the reference holds.")
    if args.keep:
        print(f"generated files kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
