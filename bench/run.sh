#!/usr/bin/env bash
# Compiler benchmark over every browser class of the four templates: spragc natively
# (in-process, bench/native.rs), the reference compiler (in-process,
# bench/reference_bench.py) and the WebAssembly build in Node and headless Chromium
# (bench/wasm.mjs), in two rounds (the VM's speed drifts; bench/report.py takes each
# measure's best round, on every side alike); then the mock server's restart time
# (bench/mock.mjs); bench/report.py rewrites bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-reference.sh
[[ -f pkg/web/spragc_bg.wasm ]] || bash scripts/build-wasm.sh
mkdir -p .cache/bench
for run in 1 2; do
    cargo bench --bench native -- --templates-dir .cache/templates --json .cache/bench/native-$run.json
    .cache/refvenv/bin/python bench/reference_bench.py --templates-dir .cache/templates --json .cache/bench/reference-$run.json
    node bench/wasm.mjs --native .cache/bench/native-$run.json --json .cache/bench/wasm-$run.json
done
node bench/mock.mjs --json .cache/bench/mock.json
python3 bench/report.py --native .cache/bench/native-1.json --native .cache/bench/native-2.json \
    --reference .cache/bench/reference-1.json --reference .cache/bench/reference-2.json \
    --wasm .cache/bench/wasm-1.json --wasm .cache/bench/wasm-2.json \
    --mock .cache/bench/mock.json --out bench/RESULTS.md
cat bench/RESULTS.md
