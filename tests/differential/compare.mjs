#!/usr/bin/env node
// Differential test: renders the reference compiler's generated JS and a
// candidate's (ours) inside the same built app and compares them per class.
//
//   node tests/differential/compare.mjs --template labs --candidate <dir>
//   node tests/differential/compare.mjs --all --candidate <dir>
//   node tests/differential/compare.mjs --all --candidate-cmd 'target/release/spragc build {app} --out {out}'
//
// A candidate dir holds what `sprag build` writes under dist/public/generated/:
// components/<Class>.js, modules/<Class>.js and stores.js. With --all and
// --candidate, <dir> holds one such dir per template, named <template> or
// app_<template>. With --candidate-cmd the command is run (through sh, from
// the repo root) once per template, with {app} = the reference app project
// (.cache/templates/app_<t>), {out} = an empty temp dir it must fill and
// {template} = the template name.
//
// For each template, .cache/templates/app_<t>/dist/public (made by
// scripts/setup-reference.sh) is copied twice into a temp dir; one copy gets
// the candidate's components/, modules/ and stores.js instead of the
// reference's. Both copies are rendered by render.mjs, each in its own Node
// process, and every result (HTML, errors, console output) is compared
// exactly. Exit code 1 if any class differs or is missing from the candidate.
//
// Other options: --templates-dir <dir> (default .cache/templates),
// --json <file> (full results), --keep (keep temp dirs), --verbose (print
// both full values of every differing class).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const RENDER = path.join(HERE, 'render.mjs');
const ALL_TEMPLATES = ['labs', 'default', 'docs', 'bare'];
const CELL = 44;
const RENDER_TIMEOUT_MS = 120_000;
const CANDIDATE_CMD_TIMEOUT_MS = 600_000;

function usage(message) {
    if (message) process.stderr.write(`compare.mjs: ${message}\n`);
    process.stderr.write(
        'usage: node tests/differential/compare.mjs (--template <t> | --all)\n'
        + '         (--candidate <dir> | --candidate-cmd <command with {app} {out} {template}>)\n'
        + '         [--templates-dir <dir>] [--json <file>] [--keep] [--verbose]\n',
    );
    process.exit(2);
}

function parseArgs(argv) {
    const args = { templates: [], candidate: null, candidateCmd: null, templatesDir: path.join(REPO, '.cache', 'templates'), json: null, keep: false, verbose: false };
    for (let i = 0; i < argv.length; i += 1) {
        const arg = argv[i];
        const value = () => {
            if (i + 1 >= argv.length) usage(`${arg} needs a value`);
            return argv[++i];
        };
        if (arg === '--template') args.templates.push(value());
        else if (arg === '--all') args.templates.push(...ALL_TEMPLATES);
        else if (arg === '--candidate') args.candidate = path.resolve(value());
        else if (arg === '--candidate-cmd') args.candidateCmd = value();
        else if (arg === '--templates-dir') args.templatesDir = path.resolve(value());
        else if (arg === '--json') args.json = path.resolve(value());
        else if (arg === '--keep') args.keep = true;
        else if (arg === '--verbose') args.verbose = true;
        else if (arg === '-h' || arg === '--help') usage();
        else usage(`unknown argument ${arg}`);
    }
    args.templates = [...new Set(args.templates)];
    if (!args.templates.length) usage('give --template <t> or --all');
    if (!args.candidate === !args.candidateCmd) usage('give exactly one of --candidate / --candidate-cmd');
    return args;
}

function shellQuote(value) {
    return `'${String(value).replace(/'/g, `'\\''`)}'`;
}

// Runs a child process; a hung child (e.g. a candidate module that never
// finishes loading) is killed after timeoutMs.
function run(command, commandArgs, { timeoutMs }) {
    return new Promise((resolve) => {
        const child = spawn(command, commandArgs, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => { stdout += chunk; });
        child.stderr.on('data', (chunk) => { stderr += chunk; });
        child.on('close', (code, signal) => resolve({ code: code ?? 1, signal, stdout, stderr }));
        child.on('error', (error) => resolve({ code: 1, signal: null, stdout, stderr: String(error) }));
    });
}

// The candidate's generated dir for one template.
async function candidateDirFor(args, template, work) {
    if (args.candidateCmd) {
        const out = path.join(work, 'candidate-out');
        fs.mkdirSync(out, { recursive: true });
        const command = args.candidateCmd
            .replaceAll('{app}', shellQuote(path.join(args.templatesDir, `app_${template}`)))
            .replaceAll('{out}', shellQuote(out))
            .replaceAll('{template}', shellQuote(template));
        const result = await run('sh', ['-c', command], { timeoutMs: CANDIDATE_CMD_TIMEOUT_MS });
        if (result.code !== 0) {
            throw new Error(`candidate command failed (exit ${result.code}): ${command}\n${result.stdout}${result.stderr}`);
        }
        return out;
    }
    if (args.templates.length === 1 && fs.existsSync(path.join(args.candidate, 'components'))) {
        return args.candidate;
    }
    for (const name of [template, `app_${template}`]) {
        const dir = path.join(args.candidate, name);
        if (fs.existsSync(dir)) return dir;
    }
    throw new Error(`no candidate dir for template ${template} in ${args.candidate}`);
}

function listJs(dir) {
    try {
        return fs.readdirSync(dir).filter((name) => name.endsWith('.js')).map((name) => name.slice(0, -3)).sort();
    } catch (_error) {
        return [];
    }
}

// Copy of the reference public tree with the generated parts swapped in.
function makeTree(referencePublic, dest, generatedFrom) {
    fs.cpSync(referencePublic, dest, { recursive: true });
    if (!generatedFrom) return;
    const generated = path.join(dest, 'generated');
    for (const part of ['components', 'modules']) {
        fs.rmSync(path.join(generated, part), { recursive: true, force: true });
        const from = path.join(generatedFrom, part);
        if (fs.existsSync(from)) fs.cpSync(from, path.join(generated, part), { recursive: true });
        else fs.mkdirSync(path.join(generated, part));
    }
    fs.rmSync(path.join(generated, 'stores.js'), { force: true });
    const stores = path.join(generatedFrom, 'stores.js');
    if (fs.existsSync(stores)) fs.copyFileSync(stores, path.join(generated, 'stores.js'));
}

async function renderTree(publicDir, outFile) {
    const result = await run(process.execPath, [RENDER, publicDir, '--out', outFile], { timeoutMs: RENDER_TIMEOUT_MS });
    if (result.code !== 0 || !fs.existsSync(outFile)) {
        return { error: `render.mjs failed (exit ${result.code}${result.signal ? `, ${result.signal}` : ''}): ${result.stderr.trim().split('\n').slice(-5).join(' | ')}` };
    }
    return { results: JSON.parse(fs.readFileSync(outFile, 'utf8')) };
}

function oneLine(value) {
    if (value === undefined) return '(missing)';
    const flat = value.replace(/\s*\n\s*/g, ' ⏎ ');
    return flat.length > CELL ? `${flat.slice(0, CELL - 1)}…` : flat;
}

function firstDifference(a, b) {
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
    const from = Math.max(0, i - 60);
    return {
        at: i,
        reference: a.slice(from, i + 100),
        candidate: b.slice(from, i + 100),
    };
}

// The class a result key belongs to and whether it is a module.
function classOfKey(key) {
    if (key.startsWith('module:')) return { name: key.slice('module:'.length), kind: 'modules' };
    return { name: key.split('#')[0], kind: 'components' };
}

async function compareTemplate(args, template) {
    const referencePublic = path.join(args.templatesDir, `app_${template}`, 'dist', 'public');
    if (!fs.existsSync(path.join(referencePublic, 'generated', 'manifest.js'))) {
        throw new Error(`missing reference build ${referencePublic}; run scripts/setup-reference.sh`);
    }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), `spragc-diff-${template}-`));
    // Generated files are ES modules; don't rely on Node's syntax detection.
    fs.writeFileSync(path.join(work, 'package.json'), '{ "type": "module" }\n');
    try {
        const candidateGenerated = await candidateDirFor(args, template, work);
        const refTree = path.join(work, 'reference');
        const candTree = path.join(work, 'candidate');
        makeTree(referencePublic, refTree, null);
        makeTree(referencePublic, candTree, candidateGenerated);

        const [ref, cand] = await Promise.all([
            renderTree(refTree, path.join(work, 'reference.json')),
            renderTree(candTree, path.join(work, 'candidate.json')),
        ]);
        if (ref.error) throw new Error(`reference ${ref.error}`);
        const candidateResults = cand.results || {};

        const present = {
            components: new Set(listJs(path.join(candTree, 'generated', 'components'))),
            modules: new Set(listJs(path.join(candTree, 'generated', 'modules'))),
        };
        const rows = [];
        for (const key of Object.keys(ref.results)) {
            const { name, kind } = key === 'stores.js' ? { name: null, kind: null } : classOfKey(key);
            const missing = name !== null && !present[kind].has(name);
            const candidateValue = cand.error ? `ERROR: ${cand.error}` : candidateResults[key];
            const identical = !missing && candidateValue === ref.results[key];
            rows.push({
                key,
                missing,
                reference: ref.results[key],
                candidate: candidateValue,
                identical,
                // The reference's own output throws here (a reference bug spragc fixes and
                // warns about) while the candidate renders without any error.
                fixed: !identical && !missing && hasError(ref.results[key]) && !hasError(candidateValue),
            });
        }
        // Results only the candidate has (extra classes, stores.js errors).
        for (const key of Object.keys(candidateResults)) {
            if (!(key in ref.results)) {
                rows.push({ key, missing: false, extra: true, reference: undefined, candidate: candidateResults[key], identical: false });
            }
        }
        if (args.keep) process.stderr.write(`[compare] kept ${work}\n`);
        return { template, rows, candidateError: cand.error || null };
    } finally {
        if (!args.keep) fs.rmSync(work, { recursive: true, force: true });
    }
}

/** Does a render result record a thrown or asynchronous error? */
function hasError(result) {
    return typeof result === 'string' && /(^ERROR: |\[async error\])/m.test(result);
}

function printReport(report, verbose) {
    const { template, rows } = report;
    const keyWidth = Math.max(5, ...rows.map((row) => row.key.length));
    const line = (a, b, c, d) => `${a.padEnd(keyWidth)}  ${b.padEnd(CELL)}  ${c.padEnd(CELL)}  ${d}`;
    console.log(`\n== template ${template}`);
    if (report.candidateError) console.log(`candidate render failed: ${report.candidateError}`);
    console.log(line('class', 'reference', 'candidate', 'identical'));
    console.log(line('-'.repeat(keyWidth), '-'.repeat(CELL), '-'.repeat(CELL), '---------'));
    for (const row of rows) {
        const status = row.identical ? 'yes' : row.fixed ? 'fixed (reference throws)' : row.missing ? 'no (missing)' : row.extra ? 'no (extra)' : 'no';
        const reference = row.extra ? '(not in reference)' : oneLine(row.reference);
        const candidate = row.missing ? '(not generated)' : oneLine(row.candidate);
        console.log(line(row.key, reference, candidate, status));
    }
    for (const row of rows) {
        if (row.identical || row.missing || row.reference === undefined || row.candidate === undefined) continue;
        if (verbose) {
            console.log(`\n-- ${row.key} reference:\n${row.reference}\n-- ${row.key} candidate:\n${row.candidate}`);
        } else {
            const diff = firstDifference(row.reference, row.candidate);
            console.log(`\n-- ${row.key}: first difference at char ${diff.at}`);
            console.log(`   reference: ${JSON.stringify(diff.reference)}`);
            console.log(`   candidate: ${JSON.stringify(diff.candidate)}`);
        }
    }
    const counted = rows.filter((row) => !row.extra && row.key !== 'stores.js');
    const compiled = counted.filter((row) => !row.missing).length;
    const identical = counted.filter((row) => row.identical).length;
    const fixed = counted.filter((row) => row.fixed).length;
    const missing = counted.filter((row) => row.missing).length;
    const extra = rows.filter((row) => row.extra).length;
    const other = rows.filter((row) => row.key === 'stores.js' && !row.identical).length;
    console.log(`\nclasses compiled: ${compiled}, rendering identically: ${identical}`
        + `${fixed ? `, rendering where the reference throws: ${fixed}` : ''}`
        + `${missing ? `, missing from candidate: ${missing}` : ''}${extra ? `, extra in candidate (not failing): ${extra}` : ''}`
        + `${other ? ', stores.js diagnostics differ' : ''}`);
    // Classes only the candidate generates are reported, not failed.
    const ok = rows.every((row) => row.identical || row.fixed || row.extra) && !report.candidateError;
    return { compiled, identical, fixed, missing, failed: counted.length - identical - fixed + (other ? 1 : 0), ok };
}

async function main() {
    const args = parseArgs(process.argv.slice(2));
    const totals = { compiled: 0, identical: 0, fixed: 0, missing: 0, failed: 0 };
    let ok = true;
    const reports = [];
    for (const template of args.templates) {
        let report;
        try {
            report = await compareTemplate(args, template);
        } catch (error) {
            console.log(`\n== template ${template}\nFAILED: ${error.message}`);
            ok = false;
            totals.failed += 1;
            continue;
        }
        reports.push(report);
        const summary = printReport(report, args.verbose);
        totals.compiled += summary.compiled;
        totals.identical += summary.identical;
        totals.fixed += summary.fixed;
        totals.missing += summary.missing;
        totals.failed += summary.failed;
        ok = ok && summary.ok;
    }
    if (args.templates.length > 1) {
        console.log(`\n== all templates (${args.templates.join(', ')})`
            + `\nclasses compiled: ${totals.compiled}, rendering identically: ${totals.identical}`
            + `${totals.fixed ? `, rendering where the reference throws: ${totals.fixed}` : ''}`
            + `${totals.missing ? `, missing from candidate: ${totals.missing}` : ''}`);
    }
    // Plain closing line test runners understand.
    console.log(`\ndifferential: ${totals.identical + totals.fixed} passed, ${totals.failed} failed`);
    if (args.json) {
        fs.writeFileSync(args.json, `${JSON.stringify({ totals, ok, templates: reports }, null, 2)}\n`);
    }
    process.exit(ok ? 0 : 1);
}

main().catch((error) => {
    process.stderr.write(`compare.mjs: ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
});
