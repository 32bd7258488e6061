#!/usr/bin/env bash
# Compiler benchmark: spragc (native, in-process, bench/native.rs) and the reference
# compiler (in-process, bench/reference_bench.py) over every browser class of the four
# templates, then the WebAssembly build in Node and headless Chromium (bench/wasm.mjs),
# in one run, and the mock server's restart time (bench/mock.mjs); bench/report.py
# rewrites bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-reference.sh
mkdir -p .cache/bench
cargo bench --bench native -- --templates-dir .cache/templates --json .cache/bench/native.json
.cache/refvenv/bin/python bench/reference_bench.py --templates-dir .cache/templates --json .cache/bench/reference.json
[[ -f pkg/web/spragc_bg.wasm ]] || bash scripts/build-wasm.sh
node bench/wasm.mjs --native .cache/bench/native.json --json .cache/bench/wasm.json
node bench/mock.mjs --json .cache/bench/mock.json
python3 bench/report.py --native .cache/bench/native.json --reference .cache/bench/reference.json --wasm .cache/bench/wasm.json --mock .cache/bench/mock.json --out bench/RESULTS.md
cat bench/RESULTS.md
