// Server-target semantics against CPython: every program of programs.py is run by
// python3 and, compiled by `spragc server`, on the mock runtime (www/mock/py); the printed
// lines must be identical. Prints a table and exits non-zero on any difference.
//
//   node tests/server/semantics.mjs [--spragc target/release/spragc] [--only NAME] [--show]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
};
const spragc = resolve(root, option('--spragc', 'target/release/spragc'));
const only = option('--only', null);
const show = args.includes('--show');

// Split programs.py into named programs.
const text = readFileSync(join(root, 'tests/server/programs.py'), 'utf8');
const programs = [];
for (const chunk of text.split(/^# ---- /m).slice(1)) {
    const newline = chunk.indexOf('\n');
    programs.push({ name: chunk.slice(0, newline).trim(), source: chunk.slice(newline + 1) });
}
const selected = programs.filter((p) => !only || p.name === only);

// Expected output: CPython, one process per program (they are independent modules). The
// reference virtualenv's Python has gevent; plain python3 does for programs without it.
const refPython = join(root, '.cache/refvenv/bin/python');
const python = existsSync(refPython) ? refPython : 'python3';
function cpython(source) {
    const run = spawnSync(python, ['-c', source], { encoding: 'utf8' });
    return run.status === 0 ? run.stdout : `${run.stdout}[exit ${run.status}] ${run.stderr.trim().split('\n').pop()}\n`;
}

// Actual output: compile every program as one app, then import each module with the
// print hook collecting its lines.
const work = mkdtempSync(join(tmpdir(), 'spragc-server-semantics-'));
try {
    const app = join(work, 'app');
    mkdirSync(app, { recursive: true });
    selected.forEach((p, i) => writeFileSync(join(app, `p${i}.py`), p.source));
    const out = join(work, 'out');
    const build = spawnSync(spragc, ['server', app, '--out', out, '--runtime', join(root, 'www/mock'), '--no-map'], { encoding: 'utf8' });
    const compileErrors = build.status === 0 ? '' : build.stderr;
    const py = await import(pathToFileURL(join(root, 'www/mock/py/py.js')).href);
    let failures = 0;
    const rows = [];
    for (const [i, program] of selected.entries()) {
        const expected = cpython(program.source);
        let actual = '';
        py.setPrintHook((text) => { actual += text; });
        try {
            await import(pathToFileURL(join(out, `p${i}.js`)).href);
        } catch (error) {
            const exc = py.pyerr(error);
            actual += `[raised] ${py.builtins.type(exc).__name__ ?? error.name}: ${py.str(exc)}\n`;
        }
        const same = actual === expected;
        if (!same) failures += 1;
        rows.push([program.name, expected.split('\n').length - 1, same ? 'identical' : 'DIFFERENT']);
        if (!same || show) {
            console.log(`\n--- ${program.name}: ${same ? 'identical' : 'CPython vs spragc differ'}`);
            const e = expected.split('\n');
            const a = actual.split('\n');
            for (let j = 0; j < Math.max(e.length, a.length); j += 1) {
                if (e[j] === a[j]) { if (show) console.log(`  ${e[j] ?? ''}`); continue; }
                console.log(`- ${e[j] ?? '(none)'}\n+ ${a[j] ?? '(none)'}`);
            }
        }
    }
    if (compileErrors) console.log(`\nspragc server reported errors:\n${compileErrors}`);
    console.log('\n| program | lines | result |\n| --- | --- | --- |');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    console.log(`\nserver semantics: ${rows.length - failures}/${rows.length} programs print exactly what CPython prints`);
    process.exitCode = failures || compileErrors ? 1 : 0;
} finally {
    rmSync(work, { recursive: true, force: true });
}
