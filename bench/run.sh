#!/usr/bin/env bash
# Compiler benchmark: spragc (native, in-process, bench/native.rs) and the reference
# compiler (in-process, bench/reference_bench.py) over every browser class of the four
# templates, twice each and alternately (the VM's speed drifts; bench/report.py charges
# each class its best run on both sides), then the WebAssembly build in Node and headless
# Chromium (bench/wasm.mjs), and the mock server's restart time (bench/mock.mjs);
# bench/report.py rewrites bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-reference.sh
mkdir -p .cache/bench
for run in 1 2; do
    cargo bench --bench native -- --templates-dir .cache/templates --json .cache/bench/native-$run.json
    .cache/refvenv/bin/python bench/reference_bench.py --templates-dir .cache/templates --json .cache/bench/reference-$run.json
done
[[ -f pkg/web/spragc_bg.wasm ]] || bash scripts/build-wasm.sh
node bench/wasm.mjs --native .cache/bench/native-1.json --json .cache/bench/wasm.json
node bench/mock.mjs --json .cache/bench/mock.json
python3 bench/report.py --native .cache/bench/native-1.json --native .cache/bench/native-2.json \
    --reference .cache/bench/reference-1.json --reference .cache/bench/reference-2.json \
    --wasm .cache/bench/wasm.json --mock .cache/bench/mock.json --out bench/RESULTS.md
cat bench/RESULTS.md
