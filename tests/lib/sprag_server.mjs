// Shared by the browser and server tests: a free port on 127.0.0.1, and the real SPRAG
// server of a built app (its `server.py`, from the reference virtualenv) started on it.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const python = path.join(repo, '.cache/refvenv/bin/python');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort() {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

/** The built app in `dir` served by the real SPRAG server on a free port: {base, log, stop}. */
export async function startSpragServer(dir) {
    const port = await freePort();
    const child = spawn(python, ['server.py', '--host', '127.0.0.1', '--port', String(port)], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' },
    });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30000;
    for (;;) {
        if (child.exitCode !== null) throw new Error(`server in ${dir} exited:\n${output}`);
        try {
            // Not a page: rendering one would count as a visit (the default app counts them).
            const res = await fetch(`${base}/__sprag__/actions`);
            if (res.status < 500) break;
        } catch { /* not listening yet */ }
        if (Date.now() > deadline) {
            child.kill('SIGKILL');
            throw new Error(`server in ${dir} did not answer within 30 s:\n${output}`);
        }
        await sleep(100);
    }
    return {
        base,
        log: () => output,
        stop: () => new Promise((resolve) => {
            if (child.exitCode !== null) { resolve(); return; }
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 3000).unref();
        }),
    };
}
