// Run the `case*` methods of one compiled SPRAG class in Node.
//
//   node run_cases.mjs MODULE.js [ClassName] [caseMethod ...]
//
// Imports MODULE.js, takes the named export (default: the one exported class), and for
// each `case*` method of its prototype (or only the methods named) creates a fresh
// instance with `new Cls({})`, calls the method, and records
// `{ok: value}` or `{error: "Name: message"}`. Prints one JSON object
// `{methodName: result}` with sorted keys on stdout.
//
// Each call runs under `vm` with a timeout ($CASE_TIMEOUT_MS, default 3000), so a
// miscompiled loop that never ends fails its own case, not the whole run.
//
// Values JSON cannot carry are tagged so they never look like a Python value:
// undefined -> {"$js": "undefined"}, NaN/Infinity -> {"$js": "NaN"}, functions ->
// {"$js": "function"}, Set/Map -> {"$js": "Set", "items": [...]}, other class instances
// -> {"$js": "<constructor name>", ...own fields}.

import { pathToFileURL } from 'node:url';
import path from 'node:path';
import vm from 'node:vm';

const TIMEOUT_MS = Number(process.env.CASE_TIMEOUT_MS) || 3000;

function plain(value, seen = new Set()) {
    if (value === undefined) return { $js: 'undefined' };
    if (value === null) return null;
    switch (typeof value) {
        case 'number':
            if (Number.isNaN(value)) return { $js: 'NaN' };
            if (value === Infinity) return { $js: 'Infinity' };
            if (value === -Infinity) return { $js: '-Infinity' };
            return Object.is(value, -0) ? 0 : value;
        case 'string':
        case 'boolean':
            return value;
        case 'bigint':
            return { $js: 'bigint', value: String(value) };
        case 'function':
            return { $js: 'function' };
        case 'symbol':
            return { $js: 'symbol', value: String(value.description) };
        default:
            break;
    }
    if (seen.has(value)) return { $js: 'cycle' };
    seen.add(value);
    try {
        if (Array.isArray(value)) return value.map((v) => plain(v, seen));
        if (value instanceof Set) return { $js: 'Set', items: [...value].map((v) => plain(v, seen)) };
        if (value instanceof Map) return { $js: 'Map', items: [...value].map((v) => plain(v, seen)) };
        const proto = Object.getPrototypeOf(value);
        const out = {};
        if (proto !== Object.prototype && proto !== null) {
            out.$js = (value.constructor && value.constructor.name) || 'object';
        }
        for (const key of Object.keys(value)) out[key] = plain(value[key], seen);
        return out;
    } finally {
        seen.delete(value);
    }
}

function sortKeys(value) {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value && typeof value === 'object') {
        const out = {};
        for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
        return out;
    }
    return value;
}

function describe(error) {
    if (error && typeof error === 'object' && typeof error.message === 'string') return `${error.name}: ${error.message}`;
    return `thrown non-Error: ${JSON.stringify(plain(error))}`;
}

function caseMethods(cls) {
    const names = [];
    for (let proto = cls.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
        for (const name of Object.getOwnPropertyNames(proto)) {
            if (/^case/.test(name) && typeof proto[name] === 'function' && !names.includes(name)) names.push(name);
        }
    }
    return names;
}

async function main() {
    const [file, className, ...wanted] = process.argv.slice(2);
    if (!file) {
        console.error('usage: node run_cases.mjs MODULE.js [ClassName] [caseMethod ...]');
        process.exit(2);
    }
    const results = {};
    let mod;
    try {
        mod = await import(pathToFileURL(path.resolve(file)).href);
    } catch (error) {
        results.__load__ = { error: `module failed to load: ${describe(error)}` };
        process.stdout.write(JSON.stringify(sortKeys(results)) + '\n');
        return;
    }
    let cls = className ? mod[className] : undefined;
    if (!cls && !className) {
        const classes = Object.values(mod).filter((v) => typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v)));
        if (classes.length === 1) cls = classes[0];
    }
    if (typeof cls !== 'function') {
        results.__load__ = { error: `class ${className || '(single export)'} not exported by ${file}` };
        process.stdout.write(JSON.stringify(sortKeys(results)) + '\n');
        return;
    }
    const names = wanted.length ? wanted : caseMethods(cls);
    for (const name of names) {
        try {
            const instance = new cls({});
            if (typeof instance[name] !== 'function') {
                results[name] = { error: `no method ${name} on ${cls.name}` };
                continue;
            }
            const context = vm.createContext({ __instance: instance, __name: name });
            let value = new vm.Script('__instance[__name]()').runInContext(context, { timeout: TIMEOUT_MS });
            if (value && typeof value.then === 'function') value = await value;
            results[name] = { ok: plain(value) };
        } catch (error) {
            results[name] = { error: describe(error) };
        }
    }
    process.stdout.write(JSON.stringify(sortKeys(results)) + '\n');
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
