"""Per-class compile time of the reference SPRAG compiler (spragkit's codegen).

Run with the reference venv made by scripts/setup-reference.sh:

    .cache/refvenv/bin/python bench/reference_bench.py --templates-dir .cache/templates \
        [--iterations N] [--json out.json] [--templates labs,docs]

For each template app (app_<t> under --templates-dir) a child process
imports every module under app/ whose source defines a Component/Module
subclass, then times ``sprag.dev.codegen.compile_component_class(cls)`` /
``compile_module_class(cls)`` in-process for every browser class the app
defines: one warm-up call, then N timed calls; the median is reported in
microseconds. Each template runs in its own process because all of them
name their package ``app``.

``declared_import_aliases`` is what ``sprag build`` passes (emit.py): the
union of the ``modules={...}`` keys of every route and mount, computed with
the build's own helpers (falling back to the built manifest.json).
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import json
import os
import statistics
import subprocess
import sys
import time
import traceback
from pathlib import Path

TEMPLATES = ("labs", "default", "docs", "bare")


# ---------------------------------------------------------------------------
# Worker: one template, in its own process
# ---------------------------------------------------------------------------

def _browser_class_files(app_root: Path) -> list[Path]:
    """Source files under app/ that define Component/Module subclasses.

    A class counts when a base is named ``Component``/``Module`` (bare or
    dotted, e.g. ``sprag.Component``) or names a class already found to be
    one, so app-local base classes are followed across files.
    """
    trees = {}
    for path in sorted(app_root.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        try:
            trees[path] = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except (OSError, SyntaxError):
            # Importing it below reports the problem.
            trees[path] = None

    def base_name(node):
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute):
            return node.attr
        if isinstance(node, ast.Subscript):
            return base_name(node.value)
        return None

    known = {"Component", "Module"}
    files: set[Path] = set()
    changed = True
    while changed:
        changed = False
        for path, tree in trees.items():
            if tree is None:
                files.add(path)
                continue
            for node in ast.walk(tree):
                if not isinstance(node, ast.ClassDef):
                    continue
                if any(base_name(base) in known for base in node.bases):
                    if node.name not in known:
                        known.add(node.name)
                        changed = True
                    files.add(path)
    return sorted(files)


def _import_source_file(app_dir: Path, path: Path):
    """Import app/<...>.py under the name SPRAG's route discovery uses."""
    from sprag.runtime import discovery

    relative = path.relative_to(app_dir / "app")
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    # pkgutil (and so SPRAG) imports directories like `[slug]` by their raw
    # name; only names containing dots (`[...segments]`) get a synthetic one.
    if any("." in part for part in relative.parts[:-1]):
        return discovery._load_surface_module("app", app_dir / "app", relative)
    return importlib.import_module(".".join(["app", *parts]))


def _manifest_import_aliases(app_dir: Path) -> set[str] | None:
    """The same union, read back from the reference build's manifest.json."""
    manifest_path = app_dir / "dist" / "public" / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    aliases = set()
    for surface in [*manifest.get("routes", []), *manifest.get("mounts", [])]:
        aliases.update((surface.get("modules") or {}).keys())
    return aliases


def _declared_import_aliases(app_dir: Path, errors: list[str]) -> set[str]:
    """Union of modules={...} keys over routes and mounts, as the build does.

    Computed like sprag.dev.build (resolve_effective_surface_modules over the
    app's discovered pages and mounts) and cross-checked against the built
    manifest; the manifest is the fallback when the app cannot be loaded.
    """
    from_manifest = _manifest_import_aliases(app_dir)
    try:
        from sprag.runtime.assets import serialize_module_imports
        from sprag.runtime.loader import load_app
        from sprag.runtime.shell import resolve_effective_surface_modules

        _target, app = load_app()
        aliases: set[str] = set()
        for _name, surface in [*app.pages(), *app.mounts()]:
            modules = serialize_module_imports(
                resolve_effective_surface_modules(app=app, surface=surface)
            )
            aliases.update((modules or {}).keys())
    except Exception as exc:  # noqa: BLE001 - reported, then fall back
        errors.append(f"loading the app for import aliases failed: {exc!r}; using dist/public/manifest.json")
        if from_manifest is None:
            errors.append("no dist/public/manifest.json either; assuming no import aliases")
        return from_manifest or set()
    if from_manifest is not None and from_manifest != aliases:
        errors.append(f"import aliases differ: app {sorted(aliases)} vs manifest {sorted(from_manifest)}")
    return aliases


def _all_subclasses(base: type) -> list[type]:
    seen: list[type] = []
    stack = list(base.__subclasses__())
    while stack:
        cls = stack.pop()
        if cls in seen:
            continue
        seen.append(cls)
        stack.extend(cls.__subclasses__())
    return seen


def _time_call(fn, iterations: int) -> list[int]:
    samples = []
    for _ in range(iterations):
        start = time.perf_counter_ns()
        fn()
        samples.append(time.perf_counter_ns() - start)
    return samples


def run_worker(template: str, templates_dir: Path, iterations: int) -> dict:
    app_dir = (templates_dir / f"app_{template}").resolve()
    result = {"template": template, "classes": [], "errors": []}
    if not (app_dir / "app").is_dir():
        result["errors"].append(f"{app_dir}/app not found; run scripts/setup-reference.sh")
        return result

    # Same situation as `sprag build` run inside the app project.
    os.chdir(app_dir)
    sys.path.insert(0, str(app_dir))

    import sprag
    from sprag.dev.codegen import compile_component_class, compile_module_class

    aliases = _declared_import_aliases(app_dir, result["errors"])
    result["declared_import_aliases"] = sorted(aliases)

    for path in _browser_class_files(app_dir / "app"):
        try:
            _import_source_file(app_dir, path)
        except Exception as exc:  # noqa: BLE001 - import errors are results
            rel = path.relative_to(app_dir)
            result["errors"].append(f"import {rel} failed: {exc!r}")

    def defined_in_app(cls: type) -> bool:
        if not (cls.__module__ == "app" or cls.__module__.startswith("app.")):
            return False
        try:
            source = inspect.getsourcefile(cls)
        except TypeError:
            return False
        return bool(source) and Path(source).resolve().is_relative_to(app_dir)

    targets = []
    for kind, base, compile_fn in (
        ("component", sprag.Component, compile_component_class),
        ("module", sprag.Module, compile_module_class),
    ):
        for cls in _all_subclasses(base):
            if defined_in_app(cls):
                targets.append((kind, cls, compile_fn))
    targets.sort(key=lambda item: (item[0], item[1].__name__, item[1].__module__))

    for kind, cls, compile_fn in targets:
        rel_file = str(Path(inspect.getsourcefile(cls)).resolve().relative_to(app_dir))
        entry = {"template": template, "class": cls.__name__, "kind": kind, "file": rel_file}

        def call(cls=cls, compile_fn=compile_fn):
            return compile_fn(cls, declared_import_aliases=aliases)

        try:
            code = call()  # warm-up (also surfaces compile errors)
            samples = _time_call(call, iterations)
        except Exception as exc:  # noqa: BLE001 - compile errors are results
            entry["median_us"] = None
            entry["error"] = f"{type(exc).__name__}: {exc}"
        else:
            entry["median_us"] = round(statistics.median(samples) / 1000.0, 1)
            # Sanity check that this is the work `sprag build` did: same JS
            # as the build's generated file (None when the build emitted none).
            built = app_dir / "dist" / "public" / "generated" / f"{kind}s" / f"{cls.__name__}.js"
            entry["matches_build"] = built.read_text(encoding="utf-8") == code if built.is_file() else None
        result["classes"].append(entry)
    return result


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------

def run_template(template: str, templates_dir: Path, iterations: int) -> dict:
    command = [
        sys.executable,
        os.path.abspath(__file__),
        "--worker",
        template,
        "--templates-dir",
        str(templates_dir),
        "--iterations",
        str(iterations),
    ]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return {
            "template": template,
            "classes": [],
            "errors": [f"worker exited {proc.returncode}: {proc.stderr.strip()[-2000:]}"],
        }
    # The app may print while importing; the result is the last stdout line.
    return json.loads(proc.stdout.strip().splitlines()[-1])


def print_table(classes: list[dict], errors: list[str], median_of_medians) -> None:
    headers = ("template", "class", "kind", "median_us", "file")
    rows = [
        (
            c["template"],
            c["class"],
            c["kind"],
            f"{c['median_us']:.1f}" if c["median_us"] is not None else f"ERROR {c.get('error', '')}"[:60],
            c["file"],
        )
        for c in classes
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    fmt = "  ".join(f"{{:{'>' if h == 'median_us' else '<'}{w}}}" for h, w in zip(headers, widths))
    print(fmt.format(*headers))
    print(fmt.format(*("-" * w for w in widths)))
    for row in rows:
        print(fmt.format(*row))
    timed = sum(1 for c in classes if c["median_us"] is not None)
    print(f"\nclasses timed: {timed}/{len(classes)}, median of medians: "
          f"{median_of_medians if median_of_medians is not None else 'n/a'} us")
    for error in errors:
        print(f"error: {error}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--templates-dir", type=Path,
                        default=Path(__file__).resolve().parent.parent / ".cache" / "templates")
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--json", type=Path, default=None, help="write results here")
    parser.add_argument("--templates", default=",".join(TEMPLATES),
                        help="comma-separated subset of %(default)s")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.iterations < 1:
        parser.error("--iterations must be >= 1")
    templates_dir = args.templates_dir.resolve()

    if args.worker:
        try:
            result = run_worker(args.worker, templates_dir, args.iterations)
        except Exception:  # noqa: BLE001 - reported to the driver
            result = {"template": args.worker, "classes": [], "errors": [traceback.format_exc()]}
        sys.stdout.write("\n" + json.dumps(result) + "\n")
        return 0

    classes: list[dict] = []
    errors: list[str] = []
    aliases: dict[str, list[str]] = {}
    for template in [t.strip() for t in args.templates.split(",") if t.strip()]:
        result = run_template(template, templates_dir, args.iterations)
        classes.extend(result["classes"])
        errors.extend(f"{template}: {e}" for e in result["errors"])
        aliases[template] = result.get("declared_import_aliases", [])
        mismatched = [c["class"] for c in result["classes"] if c.get("matches_build") is False]
        if mismatched:
            errors.append(f"{template}: compiled JS differs from the build's for {', '.join(mismatched)}")

    medians = [c["median_us"] for c in classes if c["median_us"] is not None]
    median_of_medians = round(statistics.median(medians), 1) if medians else None
    print_table(classes, errors, median_of_medians)
    if args.json:
        args.json.write_text(json.dumps({
            "iterations": args.iterations,
            "classes": classes,
            "median_of_medians_us": median_of_medians,
            "declared_import_aliases": aliases,
            "errors": errors,
        }, indent=2) + "\n", encoding="utf-8")
    return 1 if errors or any(c["median_us"] is None for c in classes) else 0


if __name__ == "__main__":
    sys.exit(main())
