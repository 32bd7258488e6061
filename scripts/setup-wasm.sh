#!/usr/bin/env bash
# Install what building and testing the WebAssembly package needs, from the registries
# only: the wasm32 target, wasm-bindgen-cli (the exact version Cargo.lock pins),
# wasm-pack, Chromium (Debian) and npm packages (binaryen's wasm-opt among them). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup-wasm] %s\n' "$*" >&2; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
fi

bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [[ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]]; then
    log "installing wasm-bindgen-cli $bindgen_version"
    cargo install -q wasm-bindgen-cli --version "$bindgen_version"
fi
if ! command -v wasm-pack >/dev/null; then
    log "installing wasm-pack"
    cargo install -q wasm-pack --version 0.15.1
fi

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
if (( ${#missing[@]} )); then
    log "apt-get install ${missing[*]}"
    as_root apt-get update -qq
    as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [[ ! -x node_modules/.bin/wasm-opt || ! -d node_modules/vite || package-lock.json -nt node_modules/.package-lock.json ]]; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
fi
