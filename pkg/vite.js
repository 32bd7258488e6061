// Vite plugin: `import { CounterCard } from "./components.py"` compiles SPRAG browser Python
// with spragc. The whole app (every .py under `appDir`) is compiled as one project, so
// stores, cross-file classes and `page(modules=...)` aliases work as in `sprag build`;
// each generated class is served as a virtual module `\0spragc:generated/<kind>/<Class>.js`
// with its source map. Errors go to Vite's overlay with file, line and column.
import fs from 'node:fs';
import path from 'node:path';
import { compileProject } from './node/index.mjs';

const PREFIX = '\0spragc:';
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', '__pycache__', '.venv', 'venv', '.cache']);

/** @param {import('./vite.d.ts').SpragcPluginOptions} [options] */
export default function spragc(options = {}) {
    const ragot = options.ragot || 'ragot';
    let root = process.cwd();
    let appDir = null;
    let cache = null;

    function collect(dir, out) {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            if (entry.isDirectory()) {
                if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) collect(path.join(dir, entry.name), out);
            } else if (entry.name.endsWith('.py')) {
                const abs = path.join(dir, entry.name);
                out[path.relative(appDir, abs).split(path.sep).join('/')] = fs.readFileSync(abs, 'utf8');
            }
        }
        return out;
    }

    function compiled() {
        if (cache) return cache;
        const files = collect(appDir, {});
        const result = compileProject(files, {
            ragotImport: ragot,
            sourceMap: true,
            extended: Boolean(options.extended),
            importAliases: options.importAliases,
        });
        const outputs = new Map(result.files.map((f) => [`generated/${f.path}`, f]));
        cache = { result, outputs };
        return cache;
    }

    function relativeToApp(file) {
        return path.relative(appDir, file).split(path.sep).join('/');
    }

    function frame(file, line, column) {
        try {
            const text = fs.readFileSync(path.join(appDir, file), 'utf8').split('\n')[line - 1] ?? '';
            return `${line} | ${text}\n${' '.repeat(String(line).length)} | ${' '.repeat(Math.max(0, column - 1))}^`;
        } catch {
            return '';
        }
    }

    return {
        name: 'spragc',
        enforce: 'pre',
        configResolved(config) {
            root = config.root;
            appDir = path.resolve(root, options.appDir || '.');
        },
        resolveId(source, importer) {
            if (source.startsWith(PREFIX)) return source;
            if (importer && importer.startsWith(PREFIX) && (source.startsWith('./') || source.startsWith('../'))) {
                const from = importer.slice(PREFIX.length);
                return PREFIX + path.posix.normalize(path.posix.join(path.posix.dirname(from), source));
            }
            if (importer && importer.startsWith(PREFIX) && source === ragot) {
                // Resolve Ragot as if imported from the project root.
                return this.resolve(source, path.join(root, 'index.html'), { skipSelf: true });
            }
            return null;
        },
        load(id) {
            if (id.startsWith(PREFIX)) {
                const key = id.slice(PREFIX.length);
                if (key === 'runtime/urls.js') {
                    // SPRAG's `join_url(...)`: join path parts under the deployment base.
                    return "export function joinUrl(...parts) {\n"
                        + "  const base = (typeof window !== 'undefined' && window.__SPRAG_BASE__) || '/';\n"
                        + "  return [base, ...parts].map(String).join('/').replace(/\\/{2,}/g, '/');\n}\n";
                }
                const file = compiled().outputs.get(key);
                if (!file) return this.error(`spragc: no generated module ${key}`);
                let map = null;
                if (file.map) {
                    map = JSON.parse(file.map);
                    map.sources = map.sources.map((s) => path.join(appDir, s));
                }
                return { code: file.code, map };
            }
            const [file] = id.split('?');
            if (!file.endsWith('.py') || !appDir || !file.startsWith(appDir)) return null;
            cache = null;
            const { result } = compiled();
            const rel = relativeToApp(file);
            for (const d of result.diagnostics.filter((x) => x.file === rel)) {
                const where = { file, line: d.line, column: d.column - 1 };
                const text = `[${d.code}] ${d.message}${d.hint ? `\nhint: ${d.hint}` : ''}`;
                if (d.severity === 'error') {
                    this.error({ message: text, id: file, loc: where, frame: frame(rel, d.line, d.column) });
                }
                this.warn({ message: text, id: file, loc: where });
            }
            const classes = result.manifest.classes.filter((c) => c.file === rel && c.output);
            const lines = classes.map((c) => `export { ${c.name} } from ${JSON.stringify(PREFIX + 'generated/' + c.output)};`);
            for (const f of fs.existsSync(file) ? [file] : []) this.addWatchFile(f);
            return { code: lines.join('\n') + '\n', map: { mappings: '' } };
        },
        handleHotUpdate(ctx) {
            if (ctx.file.endsWith('.py')) {
                cache = null;
                ctx.server.ws.send({ type: 'full-reload' });
                return [];
            }
            return undefined;
        },
    };
}
