// The measurements shared by Node and Chromium (bench/wasm.mjs): same corpus and method
// as the native file-level numbers in bench/native.rs.

function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Median time of one `fn()` call in ms. Calls are timed in batches of at least 5 ms each,
 * because browsers coarsen `performance.now()` (to 0.1 ms without cross-origin isolation);
 * at least `minRuns` batches and `minMs` milliseconds, after a warm-up.
 */
function time(fn, now, minRuns, minMs) {
    let batch = 1;
    for (;;) {
        const t = now();
        for (let i = 0; i < batch; i += 1) fn();
        if (now() - t >= 5 || batch >= 1 << 16) break;
        batch *= 2;
    }
    const times = [];
    const start = now();
    while (times.length < minRuns || now() - start < minMs) {
        const t = now();
        for (let i = 0; i < batch; i += 1) fn();
        times.push((now() - t) / batch);
    }
    return median(times);
}

/**
 * corpus: { files: [{ template, file, classes, sources: {path: source} }], file500: source, snippet }
 * Returns first-compile time, per-class medians (file median / classes in file) and the
 * 500-line file median, all in ms.
 */
export function runCorpus(api, corpus, now) {
    const t = now();
    api.compile(corpus.snippet, { filename: 'snippet.py' });
    const firstCompileMs = now() - t;
    const perClass = [];
    for (const entry of corpus.files) {
        const ms = time(() => api.compileProject(entry.sources), now, 5, 40);
        for (const cls of entry.classes) {
            perClass.push({ template: entry.template, class: cls, file: entry.file, ms: ms / entry.classes.length });
        }
    }
    const file500Ms = time(() => api.compileProject({ 'app/dashboard/components.py': corpus.file500 }), now, 7, 300);
    return { firstCompileMs, perClass, perClassMedianMs: median(perClass.map((c) => c.ms)), file500Ms };
}

export { median };
