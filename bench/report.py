"""Join the native and reference benchmark JSON into bench/RESULTS.md (stdlib only).

    python3 bench/report.py --native N1.json [--native N2.json] --reference R1.json [--reference R2.json] --out bench/RESULTS.md

With several runs of each side (bench/run.sh alternates them: native, reference, native,
reference), every class is charged its best run on both sides alike: the VM's speed drifts
between runs, and drift only ever adds time.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
from pathlib import Path


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        rustc = "rustc ?"
    return f"{os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}, {rustc}, Python {platform.python_version()}"


def combine_native(runs: list[dict]) -> dict:
    """The first run, with each class's best run and the large-file numbers of all runs:
    each run times 10k and 20k lines alternately, so its own ratio is the drift-free one;
    the ratios of the runs are averaged."""
    native = dict(runs[0])
    best = {}
    for run in runs:
        for c in run["classes"]:
            key = (c["template"], c["class"])
            if key not in best or c["median_us"] < best[key]["median_us"]:
                best[key] = c
    native["classes"] = [best[(c["template"], c["class"])] for c in runs[0]["classes"]]
    native["median_nomap_us"] = min(run["median_nomap_us"] for run in runs)
    native["runs"] = len(runs)
    native["scaling_ratios"] = [run["scaling_ratio"] for run in runs]
    native["scaling_ratio"] = statistics.mean(native["scaling_ratios"])
    for key in ("file_10k_ms", "file_20k_ms", "file_500_ms"):
        native[key] = min(run[key] for run in runs)
    return native


def combine_wasm(runs: list[dict]) -> dict:
    """The best of the WebAssembly runs, measure by measure (like the native runs)."""
    wasm = dict(runs[0])
    wasm["runs"] = len(runs)
    wasm["nativePerClassFileLevelMs"] = min(run["nativePerClassFileLevelMs"] for run in runs)
    for host in ("node", "chromium"):
        wasm[host] = {key: min(run[host][key] for run in runs) if isinstance(value, (int, float)) else value for key, value in runs[0][host].items()}
    return wasm


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--native", required=True, action="append")
    ap.add_argument("--reference", required=True, action="append")
    ap.add_argument("--wasm", action="append")
    ap.add_argument("--mock")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    natives = [json.loads(Path(p).read_text()) for p in args.native]
    references = [json.loads(Path(p).read_text()) for p in args.reference]
    native = combine_native(natives)
    ref_by = {}
    for reference in references:
        for c in reference["classes"]:
            key = (c["template"], c["class"])
            if c["median_us"] is not None and (key not in ref_by or c["median_us"] < ref_by[key]):
                ref_by[key] = c["median_us"]
    rows = []
    for c in native["classes"]:
        ref = ref_by.get((c["template"], c["class"]))
        rows.append((c["template"], c["class"], c["compile_us"], c["parse_share_us"], c["median_us"], ref, ref / c["median_us"] if ref else None))
    ours = statistics.median(r[4] for r in rows)
    theirs = statistics.median(r[5] for r in rows if r[5] is not None)
    ratios = [r[6] for r in rows if r[6] is not None]
    out = []
    w = out.append
    w("# Benchmark results\n")
    w(f"Latest run: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} on {machine()}.")
    w("Produced by `bench/run.sh` (spragc: `bench/native.rs`, release build, in-process through the library API;")
    w("reference: `bench/reference_bench.py`, spragkit 0.1.24's `compile_component_class`/`compile_module_class` in-process).")
    w("Numbers are wall-clock medians on a shared 2-core VM, whose speed drifts by up to about 20% over a day.")
    w(f"The native and reference benchmarks ran {native['runs']} times each, alternately; each class counts its best run on")
    w("both sides alike.\n")
    w("## Per class (every browser class of the labs, default, docs and bare templates)\n")
    w(f"- spragc per-class median: **{ours:.1f} µs** (compile of the class + its share of parsing the app's browser files)")
    w(f"- reference per-class median: **{theirs / 1000:.2f} ms**")
    w(f"- ratio of the medians: **{theirs / ours:.0f}×**; per-class ratios range {min(ratios):.0f}×–{max(ratios):.0f}× (median {statistics.median(ratios):.0f}×)")
    w(f"- target: ≥ 100× — {'met' if theirs / ours >= 100 else 'NOT met'}")
    w("- the parse share is measured with the app's files parsed on all cores (spragc parses a project's files in")
    w("  parallel natively); each class compiles on one thread")
    if "median_nomap_us" in native:
        nomap = native["median_nomap_us"]
        w(f"- for reference only: without source maps (the reference's per-class compile makes none) the median is {nomap:.1f} µs ({theirs / nomap:.0f}×)")
    w("")
    for app in native.get("whole_app", []):
        w(f"- whole app `{app['template']}` with `compile_project` (stores.js included): {app['us'] / 1000:.2f} ms for {app['classes']} classes ({app['us'] / app['classes']:.0f} µs per class)")
    w("")
    w("| template | class | spragc compile µs | parse share µs | spragc total µs | reference µs | ratio |")
    w("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for t, cls, comp, parse, total, ref, ratio in rows:
        w(f"| {t} | {cls} | {comp:.1f} | {parse:.1f} | {total:.1f} | {ref:.0f} | {ratio:.0f}× |" if ref else f"| {t} | {cls} | {comp:.1f} | {parse:.1f} | {total:.1f} | – | – |")
    w("\n## Large files\n")
    w(f"- {native['file_10k_lines']} lines ({native['file_10k_classes']} classes, generated by `bench/native.rs`): **{native['file_10k_ms']:.1f} ms** (target ≤ 20 ms — {'met' if native['file_10k_ms'] <= 20 else 'NOT met'})")
    w(f"- {native['file_20k_lines']} lines: {native['file_20k_ms']:.1f} ms; doubling the input multiplies the time by **{native['scaling_ratio']:.2f}** (target ≤ 2 — {'met' if native['scaling_ratio'] <= 2.0 else 'NOT met'})")
    w(f"  (the two sizes are timed in alternating blocks within a run; the ratio is the mean of the runs' ratios, {', '.join(f'{r:.2f}' for r in native['scaling_ratios'])};")
    w("  the times above are the best runs')")
    w("")
    if args.wasm:
        wasm = combine_wasm([json.loads(Path(p).read_text()) for p in args.wasm])
        size = wasm["size"]
        native_file_ms = wasm["nativePerClassFileLevelMs"]
        ref_ms = theirs / 1000
        w("## WebAssembly (`pkg/`, `bench/wasm.mjs`)\n")
        w(f"- size: {size['raw'] / 1e6:.2f} MB raw, **{size['gzip'] / 1e6:.2f} MB gzip** (target ≤ 0.9 MB — {'met' if size['gzip'] <= 900_000 else 'NOT met'})")
        w("- per class: each browser file compiled with its context (`compileProject`), time split over its classes — the")
        w(f"  same file-level method natively gives {native_file_ms * 1000:.1f} µs per class; the reference's per-class median is {ref_ms:.2f} ms.")
        w("- each call returns `stores.js` too; spragc remembers it for the last store declarations seen (a playground")
        w("  recompiles on every edit while `app/stores.py` rarely changes), so warm calls reuse it, as repeated edits do.")
        w("  The reference's per-class compile makes no stores shim either.")
        w("- Chromium times are taken in batches: browsers coarsen `performance.now()` to 0.1 ms.")
        w(f"- the WebAssembly benchmark ran {wasm['runs']} times, each after a native and a reference run; every measure is")
        w("  its best run.\n")
        w("| | Node | Chromium | target |")
        w("| --- | ---: | ---: | --- |")
        node, chrome = wasm["node"], wasm["chromium"]
        def cell(ms):
            return f"{ms * 1000:.0f} µs" if ms < 1 else f"{ms:.2f} ms"
        def met(ok):
            return "met" if ok else "NOT met"
        w(f"| init (Node: `require`, reading the file; Chromium: `init()` on the fetched bytes) | {cell(node['initMs'])} | {cell(chrome['initMs'])} | ≤ 50 ms: {met(node['initMs'] <= 50)} / {met(chrome['initMs'] <= 50)} |")
        if "initUrlMs" in chrome:
            w(f"| for information: `init()` from the URL, fetch from a local server included | | {cell(chrome['initUrlMs'])} | |")
            w(f"| for information: fetching the bytes alone (first request of a fresh page) | | {cell(chrome['fetchMs'])} | |")
        w(f"| first compile (a small Component) | {cell(node['firstCompileMs'])} | {cell(chrome['firstCompileMs'])} | |")
        w(f"| warm per-class median | {cell(node['perClassMedianMs'])} | {cell(chrome['perClassMedianMs'])} | ≤ 140 µs: {met(node['perClassMedianMs'] <= 0.140)} / {met(chrome['perClassMedianMs'] <= 0.140)} |")
        w(f"| vs native (same method) | {node['perClassMedianMs'] / native_file_ms:.1f}× slower | {chrome['perClassMedianMs'] / native_file_ms:.1f}× slower | |")
        w(f"| vs reference (per class) | {ref_ms / node['perClassMedianMs']:.1f}× faster | {ref_ms / chrome['perClassMedianMs']:.1f}× faster | ≥ 30×: {met(ref_ms / node['perClassMedianMs'] >= 30)} / {met(ref_ms / chrome['perClassMedianMs'] >= 30)} |")
        w(f"| {native['file_500_lines']}-line file, warm | {cell(node['file500Ms'])} | {cell(chrome['file500Ms'])} | ≤ 2 ms: {met(node['file500Ms'] <= 2)} / {met(chrome['file500Ms'] <= 2)} (native {native['file_500_ms']:.2f} ms) |")
        w("")
    if args.mock:
        mock = json.loads(Path(args.mock).read_text())
        w("## Mock server restart (bench/mock.mjs)")
        w("")
        w("In headless Chromium through the preview page (www/preview): from \"files changed\" to \"mock server")
        w("restarted and page payload ready\": compile the project with the WebAssembly build (browser classes and")
        w("server side), boot the mock server on the compiled modules, render the route. Medians.")
        w("")
        w("| demo | Python files | total | compile | boot | render | target |")
        w("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
        for name, r in mock.items():
            ok = "met" if r["totalMs"] <= 30 else "NOT met"
            w(f"| {name} | {r['files']} | {r['totalMs']:.1f} ms | {r['compileMs']:.1f} ms | {r['bootMs']:.1f} ms | {r['renderMs']:.1f} ms | ≤ 30 ms: {ok} |")
        w("")
    Path(args.out).write_text("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
