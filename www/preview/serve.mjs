// The preview's HTTP server (development and tests): serves the preview machinery under
// /__spragc__/ and nothing else; the app's own paths are answered by the service worker
// from the mock server in the page. Projects for tests and examples are served as JSON.
//
//   node www/preview/serve.mjs [--port 5180]
//   /__spragc__/preview/?project=/__spragc__/project/labs.json&route=/counter
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const MOUNTS = {
  "/__spragc__/preview/": path.join(ROOT, "www/preview"),
  "/__spragc__/mock/": path.join(ROOT, "www/mock"),
  "/__spragc__/pkg/": path.join(ROOT, "pkg"),
  "/__spragc__/assets/": path.join(ROOT, ".cache/spragkit-assets"),
};
const TYPES = { ".js": "text/javascript", ".mjs": "text/javascript", ".html": "text/html", ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm", ".map": "application/json" };
const SKIP = new Set(["dist", "__pycache__", "node_modules"]);

/** Every file of an app directory as {path: text} (the project format of the preview). */
export function projectFiles(dir, root = dir, out = {}) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP.has(entry.name) && !entry.name.startsWith(".")) projectFiles(abs, root, out);
    } else if (/\.(py|css|html|js|mjs|json|svg|md|txt)$/.test(entry.name) && !entry.name.endsWith(".pyc")) {
      out[path.relative(root, abs).split(path.sep).join("/")] = fs.readFileSync(abs, "utf8");
    }
  }
  return out;
}

function projectDir(name) {
  const template = path.join(ROOT, ".cache/templates", `app_${name}`);
  if (fs.existsSync(template)) return template;
  const example = path.join(ROOT, "examples", name);
  return fs.existsSync(example) ? example : null;
}

export function createServer() {
  return http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    const project = /^\/__spragc__\/project\/([\w-]+)\.json$/.exec(url.pathname);
    if (project) {
      const dir = projectDir(project[1]);
      if (!dir) return send(res, 404, "text/plain", "no such project");
      return send(res, 200, "application/json", JSON.stringify({ files: projectFiles(dir) }));
    }
    for (const [prefix, dir] of Object.entries(MOUNTS)) {
      if (!url.pathname.startsWith(prefix)) continue;
      let file = path.join(dir, decodeURIComponent(url.pathname.slice(prefix.length)));
      if (!file.startsWith(dir)) return send(res, 403, "text/plain", "forbidden");
      if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
      if (!fs.existsSync(file)) return send(res, 404, "text/plain", "not found");
      const headers = { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" };
      if (url.pathname === "/__spragc__/preview/sw.js") headers["service-worker-allowed"] = "/";
      res.writeHead(200, headers);
      return fs.createReadStream(file).pipe(res);
    }
    // Reached only before the service worker controls the page.
    const start = "/__spragc__/preview/?project=/__spragc__/project/labs.json&route=/counter";
    send(res, 404, "text/html", `<p>spragc preview: open <a href="${start}">the labs app on the mock server</a></p>`);
  });
}

function send(res, status, type, body) {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--port");
  const port = i > 0 ? Number(process.argv[i + 1]) : 5180;
  createServer().listen(port, "127.0.0.1", () => console.log(`spragc preview: http://127.0.0.1:${port}/__spragc__/preview/?project=/__spragc__/project/labs.json&route=/counter`));
}
