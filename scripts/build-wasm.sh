#!/usr/bin/env bash
# Build the npm package (pkg/): the WebAssembly module, size-optimised, with its web
# (ES module, `init()`) and Node (CommonJS, loads synchronously) bindings.
#   pkg/web/spragc.js + spragc_bg.wasm     wasm-pack --target web
#   pkg/node/spragc.js + spragc_bg.wasm    wasm-bindgen --target nodejs (same .wasm)
# Nothing is downloaded here: wasm-pack runs with wasm-opt off (Cargo.toml metadata) and
# npm's binaryen (a devDependency) optimises instead. (Debian's binaryen 108 rewrites the
# externref table so that wasm-bindgen's glue fails to start; 132 does not.) Both bindings
# share one .wasm: wasm-bindgen emits the same module for web and nodejs.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-wasm.sh

# Speed first within the size budget (opt-level 3 and wasm-opt -O3 measured faster per
# compile than "z"/"s" at ~0.65 MB gzip; WASM_OPT_LEVEL / WASM_OPT_PASS override). The wasm
# build has its own target dir so native builds stay cached.
export CARGO_TARGET_DIR="$PWD/target/wasm-build"
export CARGO_PROFILE_RELEASE_OPT_LEVEL=${WASM_OPT_LEVEL:-3} CARGO_PROFILE_RELEASE_LTO=true
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 CARGO_PROFILE_RELEASE_PANIC=abort

wasm-pack --quiet build --release --target web --out-dir pkg/web --out-name spragc --no-pack 2>&1 | grep -v "^\[INFO\]" || true
[[ -f pkg/web/spragc_bg.wasm ]] || { echo "wasm-pack failed" >&2; exit 1; }
rm -f pkg/web/.gitignore
wasm-bindgen --target nodejs --out-dir pkg/node --out-name spragc "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/spragc.wasm"

features=(--enable-bulk-memory --enable-reference-types --enable-sign-ext --enable-mutable-globals
          --enable-nontrapping-float-to-int --enable-multivalue)
node_modules/.bin/wasm-opt -O${WASM_OPT_PASS:-3} "${features[@]}" pkg/web/spragc_bg.wasm -o pkg/web/spragc_bg.wasm
cp pkg/web/spragc_bg.wasm pkg/node/spragc_bg.wasm

raw=$(stat -c %s pkg/web/spragc_bg.wasm)
gz=$(gzip -9 -c pkg/web/spragc_bg.wasm | wc -c)
printf '[build-wasm] pkg/web/spragc_bg.wasm: %s bytes, %s gzip\n' "$raw" "$gz" >&2
