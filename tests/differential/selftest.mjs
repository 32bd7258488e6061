#!/usr/bin/env node
// Self-test of the differential harness (needs scripts/setup-reference.sh):
//   1. the reference output as candidate must render 100% identically, for
//      every template;
//   2. a candidate with one edited component, one edited module and one
//      deleted module must be reported (exit 1, each class flagged).
//
//   node tests/differential/selftest.mjs

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const COMPARE = path.join(HERE, 'compare.mjs');
const GENERATED = path.join(REPO, '.cache', 'templates', 'app_labs', 'dist', 'public', 'generated');

let failures = 0;
function check(name, ok, detail = '') {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok || !detail ? '' : `\n${detail}`}`);
    if (!ok) failures += 1;
}

function compare(args) {
    return spawnSync(process.execPath, [COMPARE, ...args], { cwd: REPO, encoding: 'utf8' });
}

if (!fs.existsSync(GENERATED)) {
    console.error('missing reference build; run scripts/setup-reference.sh');
    process.exit(2);
}

// 1. Reference vs itself, through --candidate-cmd like a real compiler.
const same = compare([
    '--all',
    '--candidate-cmd',
    'cp -r {app}/dist/public/generated/components {app}/dist/public/generated/modules {app}/dist/public/generated/stores.js {out}/',
]);
const totals = /== all templates[^\n]*\nclasses compiled: (\d+), rendering identically: (\d+)/.exec(same.stdout);
check('reference as candidate: exit 0', same.status === 0, same.stdout + same.stderr);
check('reference as candidate: all classes identical', Boolean(totals) && totals[1] === totals[2] && Number(totals[1]) > 0,
    totals ? totals[0] : same.stdout.slice(-500));

// 2. Mutated candidate.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'spragc-selftest-'));
try {
    const cand = path.join(work, 'generated');
    fs.cpSync(GENERATED, cand, { recursive: true });
    const edit = (file, from, to) => {
        const full = path.join(cand, file);
        const text = fs.readFileSync(full, 'utf8');
        if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
        fs.writeFileSync(full, text.replace(from, to));
    };
    // A text change in a component's render().
    edit('components/CounterCard.js', '"Increment")', '"Increment!")');
    // A behaviour change in a module: only visible through what it renders.
    edit('modules/NestedStoreDemoModule.js', '"name": user["name"]', '"name": user["email"]');
    fs.rmSync(path.join(cand, 'modules', 'WatcherDemoModule.js'));

    const diff = compare(['--template', 'labs', '--candidate', cand]);
    check('mutated candidate: exit 1', diff.status === 1, diff.stdout + diff.stderr);
    for (const [key, status] of [
        ['CounterCard', 'no'],
        ['NestedStoreCard', 'no'],
        ['module:WatcherDemoModule', 'no (missing)'],
        ['module:CounterModule', null],
        ['A11yDemoCard', null],
    ]) {
        const row = diff.stdout.split('\n').find((line) => line.startsWith(`${key} `));
        const expected = status ?? 'yes';
        check(`mutated candidate: ${key} -> ${expected}`, Boolean(row) && row.trimEnd().endsWith(`  ${expected}`), row || '(no row)');
    }
} finally {
    fs.rmSync(work, { recursive: true, force: true });
}

console.log(`\nselftest: ${failures ? 'FAILED' : 'passed'}`);
process.exit(failures ? 1 : 0);
