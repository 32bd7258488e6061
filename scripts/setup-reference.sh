#!/usr/bin/env bash
# Recreate the reference SPRAG tool-chain under .cache/ from the package
# registries only (PyPI for spragkit, npm for the Node test harness deps).
#
#   node_modules/                        `npm ci` (happy-dom for tests/differential)
#   .cache/refvenv/                      venv with spragkit==$SPRAGKIT_VERSION
#   .cache/wheel/                        the spragkit wheel itself (pip download)
#   .cache/spragkit-assets/              Ragot ESM + runtime JS extracted from it
#   .cache/templates/app_<t>/            `sprag new --template <t>` scaffolds ...
#   .cache/templates/app_<t>/dist/       ... and their `sprag build` output
#
# Nothing under .cache/ is committed (the wheel's JS/templates are not ours).
# Idempotent: every step leaves a stamp and is skipped when its stamp matches;
# a failed step leaves no stamp and is redone from scratch on the next run.
# Set SPRAG_SETUP_FORCE=1 to redo everything.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$(pwd)"

SPRAGKIT_VERSION="0.1.24"
TEMPLATES=(labs default docs bare)
CACHE="$ROOT/.cache"
VENV="$CACHE/refvenv"
WHEEL_DIR="$CACHE/wheel"
ASSETS_DIR="$CACHE/spragkit-assets"
TEMPLATES_DIR="$CACHE/templates"
# Node deps of the differential harness follow package-lock.json.
LOCK_HASH="$(python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest()[:16])' package-lock.json)"
# Bump layout= whenever this script's output layout changes.
STAMP_VALUE="spragkit==$SPRAGKIT_VERSION layout=2 templates=${TEMPLATES[*]} npm=$LOCK_HASH"
STAMP="$CACHE/.setup-reference.stamp"

log() { printf '[setup-reference] %s\n' "$*" >&2; }

if [[ "${SPRAG_SETUP_FORCE:-0}" == "1" ]]; then
    rm -f "$STAMP" "$VENV/.stamp" "$ASSETS_DIR/.stamp" "$TEMPLATES_DIR"/.app_*.stamp "$CACHE/.npm.stamp"
fi

# Fast path: everything already done (and its main outputs still there).
outputs_present() {
    [[ -x "$VENV/bin/sprag" && -f "$ASSETS_DIR/ragot.esm.min.js" && -d node_modules/happy-dom ]] || return 1
    local t
    for t in "${TEMPLATES[@]}"; do
        [[ -f "$TEMPLATES_DIR/.app_$t.stamp" && -f "$TEMPLATES_DIR/app_$t/dist/public/generated/manifest.js" ]] || return 1
    done
}
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$STAMP_VALUE" ]] && outputs_present; then
    log "up to date ($STAMP_VALUE)"
    exit 0
fi

mkdir -p "$CACHE"
# Any stale top-level stamp is invalid from here on.
rm -f "$STAMP"

# --- 1. venv with spragkit ----------------------------------------------------
# gevent-websocket: the labs app runs its socket demos in server_mode "websocket",
# which the real server only serves with it installed (tests/conformance).
VENV_STAMP="$SPRAGKIT_VERSION gevent-websocket==0.10.1"
if [[ -f "$VENV/.stamp" && "$(cat "$VENV/.stamp")" == "$VENV_STAMP" ]]; then
    log "venv ok"
else
    log "creating venv $VENV with spragkit==$SPRAGKIT_VERSION"
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
        "spragkit==$SPRAGKIT_VERSION" gevent-websocket==0.10.1
    echo "$VENV_STAMP" > "$VENV/.stamp"
fi

# --- 2. wheel + extracted browser assets --------------------------------------
if [[ -f "$ASSETS_DIR/.stamp" && "$(cat "$ASSETS_DIR/.stamp")" == "$SPRAGKIT_VERSION" ]]; then
    log "assets ok"
else
    log "downloading spragkit wheel and extracting browser assets"
    rm -rf "$WHEEL_DIR" "$ASSETS_DIR"
    mkdir -p "$WHEEL_DIR" "$ASSETS_DIR"
    "$VENV/bin/python" -m pip download -q --disable-pip-version-check \
        --no-deps --only-binary=:all: -d "$WHEEL_DIR" "spragkit==$SPRAGKIT_VERSION"
    shopt -s nullglob
    wheels=("$WHEEL_DIR"/spragkit-"$SPRAGKIT_VERSION"-*.whl)
    shopt -u nullglob
    if [[ ${#wheels[@]} -ne 1 ]]; then
        log "expected exactly one spragkit wheel in $WHEEL_DIR, found ${#wheels[@]}"
        exit 1
    fi
    # Extract only the Ragot bundle, its licence and the browser runtime JS,
    # flattened under spragkit-assets/ (sprag/assets/X -> spragkit-assets/X).
    # Python's zipfile is always available, unlike `unzip`.
    "$VENV/bin/python" - "${wheels[0]}" "$ASSETS_DIR" <<'PY'
import fnmatch, pathlib, sys, zipfile

wheel, dest = sys.argv[1], pathlib.Path(sys.argv[2])
wanted = [
    "sprag/assets/ragot.esm.min.js",
    "sprag/assets/ragot.esm.min.d.ts",
    "sprag/assets/RAGOT_LICENSE",
    "sprag/assets/runtime/*.js",
]
prefix = "sprag/assets/"
count = 0
with zipfile.ZipFile(wheel) as zf:
    for name in zf.namelist():
        if not any(fnmatch.fnmatchcase(name, pat) for pat in wanted):
            continue
        # fnmatch's '*' also matches '/', so keep runtime/*.js one level deep.
        rel = name[len(prefix):]
        if rel.startswith("runtime/") and rel.count("/") != 1:
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(zf.read(name))
        count += 1
missing = [p for p in wanted if "*" not in p and not (dest / p[len(prefix):]).is_file()]
if missing or not list((dest / "runtime").glob("*.js")):
    sys.exit(f"wheel is missing expected assets: {missing or 'runtime/*.js'}")
print(f"[setup-reference] extracted {count} asset files", file=sys.stderr)
PY
    echo "$SPRAGKIT_VERSION" > "$ASSETS_DIR/.stamp"
fi

# --- 3. scaffold + build the template apps ------------------------------------
# `sprag new` refuses a directory that already holds project files, so an
# unfinished app (no stamp) is removed and scaffolded again.
export PATH="$VENV/bin:$PATH"
mkdir -p "$TEMPLATES_DIR"
for t in "${TEMPLATES[@]}"; do
    app="$TEMPLATES_DIR/app_$t"
    # Stamp and build log live beside the app, not in it, so they never end
    # up in what `sprag new` / `sprag build` look at.
    app_stamp="$TEMPLATES_DIR/.app_$t.stamp"
    build_log="$TEMPLATES_DIR/app_$t.build.log"
    if [[ -f "$app_stamp" && "$(cat "$app_stamp")" == "$SPRAGKIT_VERSION" ]]; then
        log "app_$t ok"
        continue
    fi
    log "scaffolding + building app_$t"
    rm -rf "$app" "$app_stamp"
    (cd "$TEMPLATES_DIR" && sprag new "app_$t" --template "$t" > /dev/null)
    # `sprag build` prints the whole dist description as JSON; keep it as a log.
    (cd "$app" && sprag build > "$build_log" 2>&1) || {
        log "sprag build failed for app_$t:"
        tail -n 40 "$build_log" >&2
        exit 1
    }
    if [[ ! -f "$app/dist/public/generated/manifest.js" ]]; then
        log "sprag build for app_$t produced no dist/public/generated/manifest.js"
        exit 1
    fi
    echo "$SPRAGKIT_VERSION" > "$app_stamp"
done

# --- 4. Node deps (happy-dom) for tests/differential ---------------------------
if [[ -f "$CACHE/.npm.stamp" && "$(cat "$CACHE/.npm.stamp")" == "$LOCK_HASH" && -d node_modules ]]; then
    log "node_modules ok"
else
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error >&2
    echo "$LOCK_HASH" > "$CACHE/.npm.stamp"
fi

echo "$STAMP_VALUE" > "$STAMP"
log "done"
