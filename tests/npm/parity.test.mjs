// The Node (WebAssembly) build compiles every browser file of the reference templates to
// exactly what the native CLI writes: same files, byte for byte, same maps, same
// diagnostics. Needs scripts/setup-reference.sh (templates) and `cargo build --release`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { compileProject } from '../../pkg/node/index.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SPRAGC = process.env.SPRAGC || path.join(ROOT, 'target/release/spragc');
const TEMPLATES = path.join(ROOT, '.cache/templates');
const SKIP = new Set(['dist', '__pycache__', 'node_modules']);

function collect(root, dir = root, out = {}) {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const abs = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            if (!SKIP.has(entry.name) && !entry.name.startsWith('.')) collect(root, abs, out);
        } else if (entry.name.endsWith('.py')) {
            out[path.relative(root, abs).split(path.sep).join('/')] = fs.readFileSync(abs, 'utf8');
        }
    }
    return out;
}

for (const template of ['labs', 'default', 'docs', 'bare']) {
    test(`wasm output equals the native CLI for the ${template} template`, () => {
        const app = path.join(TEMPLATES, `app_${template}`);
        assert.ok(fs.existsSync(app), `${app} missing: run scripts/setup-reference.sh`);
        const out = fs.mkdtempSync(path.join(os.tmpdir(), 'spragc-parity-'));
        try {
            const cli = JSON.parse(execFileSync(SPRAGC, ['build', app, '--out', out, '--json'], { encoding: 'utf8' }));
            const wasm = compileProject(collect(app));
            assert.deepEqual(wasm.files.map((f) => f.path).sort(), cli.files.map((f) => f.path).sort());
            for (const file of wasm.files) {
                assert.equal(file.code, fs.readFileSync(path.join(out, file.path), 'utf8'), `${file.path} code`);
                if (file.map !== null) {
                    assert.equal(file.map, fs.readFileSync(path.join(out, `${file.path}.map`), 'utf8'), `${file.path} map`);
                }
            }
            assert.deepEqual(wasm.diagnostics, cli.diagnostics);
            assert.deepEqual(
                wasm.manifest.classes,
                cli.classes.map((c) => ({ name: c.name, kind: c.kind, file: c.file, output: c.output })),
            );
        } finally {
            fs.rmSync(out, { recursive: true, force: true });
        }
    });
}

import { compileServer } from '../../pkg/node/index.mjs';

for (const template of ['labs', 'default']) {
    test(`wasm compileServer equals \`spragc server\` for the ${template} template`, () => {
        const app = path.join(TEMPLATES, `app_${template}`);
        const out = fs.mkdtempSync(path.join(os.tmpdir(), 'spragc-server-parity-'));
        try {
            const cli = JSON.parse(execFileSync(SPRAGC, ['server', app, '--out', out, '--json', '--runtime', '/mock'], { encoding: 'utf8' }));
            const wasm = compileServer(collect(app), { runtime: '/mock' });
            assert.ok(wasm.files.length > 10, 'every server file compiles');
            assert.deepEqual(wasm.files.map((f) => f.path).sort(), cli.files.map((f) => f.path).sort());
            for (const file of wasm.files) {
                assert.equal(file.code, fs.readFileSync(path.join(out, file.path), 'utf8'), `${file.path} code`);
                assert.equal(file.map, fs.readFileSync(path.join(out, `${file.path}.map`), 'utf8'), `${file.path} map`);
            }
            assert.deepEqual(wasm.diagnostics, cli.diagnostics);
        } finally {
            fs.rmSync(out, { recursive: true, force: true });
        }
    });
}
