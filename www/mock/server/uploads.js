// Uploads on the mock server: SPRAG's UploadedFile, the multipart/form-data parser the real
// server uses (cgi.FieldStorage with keep_blank_values=True, ported line by line), and the
// upload endpoints of sprag/runtime/http/wsgi.py with the chunked-upload session manager of
// sprag/runtime/uploads.py:
//
//   GET  …/__sprag__/uploads/negotiate   {chunk_size, threshold}            (no session cookie)
//   POST …/__sprag__/uploads             one multipart request → the action's envelope
//   POST …/__sprag__/uploads/init        JSON {route, action, payload, files} → {ok, upload_id, ...}
//   POST …/__sprag__/uploads/chunk       multipart upload_id/file_index/chunk_index/chunk
//   POST …/__sprag__/uploads/cancel      JSON {upload_id} → {ok: true}
//
// `handleUpload(server, {method, path, query, headers, body, sessionId})` answers them with the
// MockServer's own request and session machinery (newRequest / hydrateRequest, the action
// dispatcher of actions.js, Set-Cookie as for actions). Statuses, JSON bodies and texts are the
// real server's. Where the real request handler raises (a body that is JSON but not an object,
// an int() of a bad chunk index, ...) the answer is gevent's text/plain 500 "Internal Server Error".
//
// The action sees what SPRAG gives it: `payload` is the `__sprag_payload` JSON (without it, the
// form fields), `request.form` the other text fields (a list when a name repeats; an empty file
// input, sent with filename="", is a field whose value is b""), `request.files` the files
// (UploadedFile, a list when a name repeats), `request.file(name)` / `request.files_list(name)`;
// chunked uploads dispatch with `request.form == {}` and content_type "multipart/form-data".
// Chunks are kept in memory (the real server writes them under /tmp/sprag_uploads).

import * as $py from "../py/py.js";
import { isTuple } from "../py/core.js";
import { bytesRepr } from "../py/repr.js";
import { stripSpace } from "../py/str.js";
import { decode } from "../py/types.js";
import { dispatch, encodeBody, JSON_CONTENT_TYPE } from "./actions.js";
import { sessionCookie } from "./app.js";
import { server as context } from "./context.js";
import { PageRequest } from "./pages.js";
import { pyfunction } from "./pyfn.js";
import { construct, dataclass, factory } from "./ui.js";

export const DEFAULT_CHUNK_SIZE = 2 * 1024 * 1024;
const STALE_TIMEOUT = 3600;
const SAVE_MESSAGE = "[SPRAG mock] UploadedFile.save needs a real SPRAG server (the browser has no file system).";
const FROM_PATH_MESSAGE = "[SPRAG mock] UploadedFile.from_path needs a real SPRAG server (the browser has no file system).";

// ------------------------------------------------------------------------- UploadedFile

/**
 * sprag.UploadedFile: the frozen dataclass (name, filename, content_type=None, data=b"",
 * headers={}) with `size`, `read()`, `text(encoding="utf-8", errors="strict")`; `save(path)`
 * and `from_path(...)` need a file system and raise NotImplementedError.
 */
export class UploadedFile extends $py.object {}
dataclass(
  UploadedFile,
  "UploadedFile",
  [["name"], ["filename"], ["content_type", null], ["data", factory(() => new Uint8Array())], ["headers", factory(() => ({}))]],
  {
    frozen: true,
    members: {
      read: pyfunction("read", {}, function () {
        return this.data;
      }),
      text: pyfunction(
        "text",
        { params: ["encoding", "errors"], defaults: { encoding: "utf-8", errors: "strict" } },
        function (encoding, errors) {
          return $py.callm(this.data, "decode", encoding, errors);
        },
      ),
      save: pyfunction("save", { params: ["path"] }, () => {
        throw new $py.NotImplementedError(SAVE_MESSAGE);
      }),
      from_path: pyfunction(
        "from_path",
        { params: ["path"], kwonly: ["name", "filename", "content_type"], kwdefaults: { content_type: null } },
        () => {
          throw new $py.NotImplementedError(FROM_PATH_MESSAGE);
        },
      ),
    },
  },
);
Object.defineProperty(UploadedFile.prototype, "size", {
  configurable: true,
  get() {
    return $py.len(this.data);
  },
});

/** An UploadedFile made from JavaScript. */
export function uploadedFile({ name, filename, content_type = null, data = new Uint8Array(), headers = {} }) {
  return Object.freeze(construct(UploadedFile, { name, filename, content_type, data, headers }));
}

// ------------------------------------------------------------------------- request.file()

// sprag.Request.file(name, default=None) and files_list(name), on the mock's Request class
// (every request has them, as on the real server; they read `request.files`).
const REQUEST_METHODS = {
  file: pyfunction("file", { params: ["name", "default"], defaults: { default: null } }, async function (name, dflt) {
    const value = await $py.callm(this.files, "get", name, dflt);
    if (isList(value)) return value.length > 0 ? value[0] : dflt;
    return value;
  }),
  files_list: pyfunction("files_list", { params: ["name"] }, async function (name) {
    const value = await $py.callm(this.files, "get", name);
    if (value === null || value === undefined) return [];
    return isList(value) ? value : [value];
  }),
};
for (const [key, fn] of Object.entries(REQUEST_METHODS)) {
  if (Object.prototype.hasOwnProperty.call(PageRequest.prototype, key)) continue;
  Object.defineProperty(PageRequest.prototype, key, { value: fn, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(PageRequest, key, { value: fn, writable: true, enumerable: true, configurable: true });
}

/** isinstance(x, list): an Array that is not a tuple. */
function isList(x) {
  return Array.isArray(x) && !isTuple(x);
}

// ------------------------------------------------------------------------- bytes helpers

const ENCODER = new TextEncoder();
const EMPTY = new Uint8Array();

function toBytes(body) {
  if (body === null || body === undefined) return EMPTY;
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return ENCODER.encode(String(body));
}

function concat(...parts) {
  const total = parts.reduce((n, part) => n + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function bytesEqual(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** bytes.strip() / bytes.rstrip(): ASCII whitespace (space, \t, \n, \v, \f, \r). */
const isByteSpace = (b) => b === 0x20 || (b >= 0x09 && b <= 0x0d);
function bytesStrip(bytes, left = true) {
  let start = 0;
  let end = bytes.length;
  if (left) while (start < end && isByteSpace(bytes[start])) start++;
  while (end > start && isByteSpace(bytes[end - 1])) end--;
  return bytes.subarray(start, end);
}

function startsWithDashes(bytes) {
  return bytes.length >= 2 && bytes[0] === 0x2d && bytes[1] === 0x2d;
}

/** bytes.decode("utf-8", "replace"). */
function utf8Replace(bytes) {
  return decode(bytes, "utf-8", "replace");
}

/** The `readline(limit)` of a byte stream (io.BytesIO / werkzeug's LimitedStream). */
class ByteReader {
  constructor(bytes) {
    this.bytes = bytes;
    this.pos = 0;
  }

  readline(limit = Infinity) {
    const { bytes, pos } = this;
    if (pos >= bytes.length) return EMPTY;
    const stop = Math.min(bytes.length, pos + limit);
    const newline = bytes.subarray(pos, stop).indexOf(0x0a);
    const end = newline < 0 ? stop : pos + newline + 1;
    this.pos = end;
    return bytes.subarray(pos, end);
  }

  readRest() {
    const rest = this.bytes.subarray(this.pos);
    this.pos = this.bytes.length;
    return rest;
  }
}

// ------------------------------------------------------------------------- header parsing

/** cgi._parseparam: the `;`-separated pieces of a header value (quoted `;` kept), stripped. */
function* parseParams(s) {
  const count = (text, needle, end) => text.slice(0, end).split(needle).length - 1;
  while (s.startsWith(";")) {
    s = s.slice(1);
    let end = s.indexOf(";");
    while (end > 0 && (count(s, '"', end) - count(s, '\\"', end)) % 2) end = s.indexOf(";", end + 1);
    if (end < 0) end = s.length;
    yield stripSpace(s.slice(0, end));
    s = s.slice(end);
  }
}

/** cgi.parse_header(line) → [main value, {param: value}] (names lowercased, quotes removed). */
export function parseHeader(line) {
  const parts = parseParams(`;${line}`);
  const key = parts.next().value;
  const params = {};
  for (const part of parts) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const name = stripSpace(part.slice(0, i)).toLowerCase();
    let value = stripSpace(part.slice(i + 1));
    if (value.length >= 2 && value[0] === '"' && value.at(-1) === '"') {
      value = value.slice(1, -1).replaceAll("\\\\", "\\").replaceAll('\\"', '"');
    }
    setKey(params, name, value);
  }
  return [key, params];
}

const HEADER_LINE = /^(From |[\x21-\x39\x3b-\x7e]*:|[\t ])/;

/**
 * The headers of one part as email.feedparser (compat32) reads them: a list of
 * [name, value]; names keep their case, folded lines stay in the value, the block ends at
 * the first line that is not a header.
 */
function parseHeaderBlock(text) {
  const lines = text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
  const headerLines = [];
  for (const line of lines) {
    if (!HEADER_LINE.test(line)) break;
    headerLines.push(line);
  }
  const headers = [];
  let lastValue = [];
  const flush = () => {
    if (lastValue.length === 0) return;
    const first = lastValue[0];
    const colon = first.indexOf(":");
    const value = first.slice(colon + 1).replace(/^[ \t]+/, "") + lastValue.slice(1).join("");
    headers.push([first.slice(0, colon), value.replace(/[\r\n]+$/, "")]);
    lastValue = [];
  };
  for (const [lineno, line] of headerLines.entries()) {
    if (line[0] === " " || line[0] === "\t") {
      if (lastValue.length > 0) lastValue.push(line);
      continue;
    }
    flush();
    if (line.startsWith("From ")) {
      if (lineno === headerLines.length - 1 && lineno !== 0) break;
      continue;
    }
    if (line.indexOf(":") === 0) continue;
    lastValue = [line];
  }
  flush();
  return headers;
}

/** Message.get(name): the first header of that name, case-insensitively. */
function headerGet(headers, name) {
  const lower = name.toLowerCase();
  const found = headers.find(([key]) => key.toLowerCase() === lower);
  return found ? found[1] : undefined;
}

/** dict(message): each name (as first written) with the first value of that name. */
function headerDict(headers) {
  const dict = {};
  for (const [key] of headers) setKey(dict, key, headerGet(headers, key));
  return dict;
}

// ------------------------------------------------------------------------- query strings

/** urllib.parse.unquote(s, "utf-8", "replace"). */
function unquote(s) {
  if (!s.includes("%")) return s;
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(3 * i + 1, 3 * i + 3), 16);
    return utf8Replace(bytes);
  });
}

/** urllib.parse.parse_qsl(qs, keep_blank_values=True) with the "&" separator. */
function parseQsl(qs) {
  const pairs = [];
  for (const piece of qs.split("&")) {
    if (!piece) continue;
    const eq = piece.indexOf("=");
    const [name, value] = eq < 0 ? [piece, ""] : [piece.slice(0, eq), piece.slice(eq + 1)];
    pairs.push([unquote(name.replaceAll("+", " ")), unquote(value.replaceAll("+", " "))]);
  }
  return pairs;
}

// ------------------------------------------------------------------------- multipart

/**
 * The items of a request body as `cgi.FieldStorage(fp, environ, keep_blank_values=True).list`
 * sees them (an empty list where it has none): `{name, filename, type, headers, value, file}`
 * where `value` is a str for text fields and bytes (Uint8Array) for parts that carry a
 * filename attribute (even an empty one); `file` is false for fields read from the query
 * string (cgi's MiniFieldStorage, whose `file` is None). `query` is the URL's query string:
 * cgi adds its fields first. Throws ValueError for an invalid boundary, as cgi does.
 */
export function parseMultipart(body, contentType, query = "") {
  const bytes = toBytes(body);
  const qs = String(query ?? "").replace(/^\?/, "");
  const [ctype, params] = parseHeader(String(contentType ?? ""));
  const mini = ([name, value]) => ({ name, filename: null, type: null, headers: [], value, file: false });
  if (ctype === "application/x-www-form-urlencoded") {
    let text = utf8Replace(bytes);
    if (qs) text += `&${qs}`;
    return parseQsl(text).map(mini);
  }
  if (ctype.slice(0, 10) !== "multipart/") {
    // read_single: cgi writes the body's bytes into a text-mode temporary file.
    if (bytes.length > 0) throw new $py.TypeError("write() argument must be str, not bytes");
    return [];
  }

  const boundary = Object.prototype.hasOwnProperty.call(params, "boundary") ? ENCODER.encode(params.boundary) : EMPTY;
  if (!validBoundary(boundary)) {
    throw new $py.ValueError(`Invalid boundary in multipart form: ${bytesRepr(boundary)}`);
  }
  const items = qs ? parseQsl(qs).map(mini) : [];
  const reader = new ByteReader(bytes);
  const open = concat(ENCODER.encode("--"), boundary);
  let line = reader.readline();
  while (line.length > 0 && !bytesEqual(bytesStrip(line), open)) line = reader.readline();
  for (;;) {
    const headerChunks = [];
    for (;;) {
      const data = reader.readline();
      headerChunks.push(data);
      if (bytesStrip(data).length === 0) break;
    }
    const headerBytes = concat(...headerChunks);
    if (headerBytes.length === 0) break;
    const headers = parseHeaderBlock(utf8Replace(headerBytes)).filter(([key]) => key.toLowerCase() !== "content-length");
    const part = readPart(reader, headers, boundary);
    items.push(part.item);
    if (part.done) break;
  }
  return items;
}

/** cgi.valid_boundary: 1 to 201 printable ASCII characters, not ending with a space. */
function validBoundary(boundary) {
  if (boundary.length === 0 || boundary.length > 201) return false;
  for (const b of boundary) if (b < 0x20 || b > 0x7e) return false;
  return boundary[boundary.length - 1] !== 0x20;
}

/** One part: its disposition and type, then its lines up to the next boundary. */
function readPart(reader, headers, boundary) {
  const disposition = headerGet(headers, "content-disposition");
  const [, dispositionParams] = disposition === undefined ? ["", {}] : parseHeader(disposition);
  const has = (key) => Object.prototype.hasOwnProperty.call(dispositionParams, key);
  const name = has("name") ? dispositionParams.name : null;
  const filename = has("filename") ? dispositionParams.filename : null;
  const contentType = headerGet(headers, "content-type");
  const type = contentType === undefined ? "text/plain" : parseHeader(contentType)[0];
  const binary = filename !== null;

  // read_lines_to_outerboundary
  const next = concat(ENCODER.encode("--"), boundary);
  const last = concat(next, ENCODER.encode("--"));
  const segments = [];
  let delim = EMPTY;
  let lastLineLfEnd = true;
  let done = 0;
  for (;;) {
    let line = reader.readline(1 << 16);
    if (line.length === 0) {
      done = -1;
      break;
    }
    if (delim.length === 1 && delim[0] === 0x0d) {
      line = concat(delim, line);
      delim = EMPTY;
    }
    if (startsWithDashes(line) && lastLineLfEnd) {
      const stripped = bytesStrip(line, false);
      if (bytesEqual(stripped, next)) break;
      if (bytesEqual(stripped, last)) {
        done = 1;
        break;
      }
    }
    const odelim = delim;
    const n = line.length;
    if (n >= 2 && line[n - 2] === 0x0d && line[n - 1] === 0x0a) {
      delim = line.subarray(n - 2);
      line = line.subarray(0, n - 2);
      lastLineLfEnd = true;
    } else if (n >= 1 && line[n - 1] === 0x0a) {
      delim = line.subarray(n - 1);
      line = line.subarray(0, n - 1);
      lastLineLfEnd = true;
    } else if (n >= 1 && line[n - 1] === 0x0d) {
      delim = line.subarray(n - 1);
      line = line.subarray(0, n - 1);
      lastLineLfEnd = false;
    } else {
      delim = EMPTY;
      lastLineLfEnd = false;
    }
    segments.push(odelim.length ? concat(odelim, line) : line);
  }
  // A text field is decoded line by line (cgi's __write), a file part kept as bytes.
  const value = binary ? concat(...segments) : segments.map(utf8Replace).join("");
  return { item: { name, filename, type, headers, value, file: true }, done };
}

// ------------------------------------------------------------------------- upload requests

/**
 * SpragWSGIApp._parse_upload_request: {route, action, payload, form, files} from a multipart
 * body. Raises ValueError("Invalid upload payload JSON.") (and cgi's boundary error).
 */
export function parseUploadRequest(body, contentType, query = "") {
  const rawFields = {};
  const rawFiles = {};
  for (const item of parseMultipart(body, contentType, query)) {
    if (!item.name) continue;
    if (item.filename) {
      const upload = uploadedFile({
        name: item.name,
        filename: item.filename,
        content_type: item.type,
        data: item.value,
        headers: headerDict(item.headers),
      });
      appendValue(rawFiles, item.name, upload);
      continue;
    }
    appendValue(rawFields, item.name, item.value);
  }
  const route = firstValue(popKey(rawFields, "__sprag_route"));
  const action = firstValue(popKey(rawFields, "__sprag_action"));
  const payloadRaw = firstValue(popKey(rawFields, "__sprag_payload"));
  const form = { ...rawFields };
  const files = { ...rawFiles };
  let payload;
  if (payloadRaw === null) {
    payload = form;
  } else {
    const text = payloadRaw instanceof Uint8Array ? utf8Replace(payloadRaw) : String(payloadRaw);
    try {
      payload = JSON.parse(text || "{}");
    } catch {
      throw new $py.ValueError("Invalid upload payload JSON.");
    }
  }
  return { route, action, payload, form, files };
}

/** _append_multipart_value: a second value of a name turns it into a list. */
function appendValue(target, name, value) {
  if (Object.prototype.hasOwnProperty.call(target, name)) {
    const current = target[name];
    if (Array.isArray(current)) current.push(value);
    else setKey(target, name, [current, value]);
    return;
  }
  setKey(target, name, value);
}

function firstValue(value) {
  if (Array.isArray(value)) return value.length > 0 ? value[0] : null;
  return value;
}

function popKey(dict, key) {
  if (!Object.prototype.hasOwnProperty.call(dict, key)) return null;
  const value = dict[key];
  delete dict[key];
  return value;
}

/** dict[key] = value, also for keys such as "__proto__". */
function setKey(dict, key, value) {
  Object.defineProperty(dict, key, { value, writable: true, enumerable: true, configurable: true });
}

// ------------------------------------------------------------------------- chunked sessions

/** sprag.runtime.uploads.UploadSessionManager, with chunks held in memory. */
export class UploadSessionManager {
  constructor({ chunkSize = DEFAULT_CHUNK_SIZE, staleTimeout = STALE_TIMEOUT, clock = null } = {}) {
    this.chunkSize = chunkSize;
    this.staleTimeout = staleTimeout;
    this.clock = clock;
    this.sessions = new Map();
  }

  now() {
    return (this.clock ?? context().clock)?.now?.() ?? Date.now() / 1000;
  }

  negotiate() {
    return { chunk_size: this.chunkSize, threshold: this.chunkSize };
  }

  /** init_session: one expected chunk count per file spec (at least 1). Raises like Python. */
  async initSession({ route, action, payload, fileSpecs, sessionId }) {
    this.cleanupStale();
    const uploadId = randomHex(32);
    const specs = [];
    let total = 0;
    for (const spec of $py.iter(fileSpecs)) {
      let size = await $py.callm(spec, "get", "size", 0);
      if (typeof size === "boolean") size = Number(size);
      if (typeof size !== "number") throw new $py.TypeError(`bad operand type for unary -: '${$py.typeName(size)}'`);
      const chunks = Math.max(1, -Math.floor(-size / this.chunkSize));
      specs.push({
        name: await $py.getitem(spec, "name"),
        filename: await $py.getitem(spec, "filename"),
        content_type: await $py.callm(spec, "get", "content_type"),
        chunks_expected: chunks,
      });
      total += chunks;
    }
    const session = {
      upload_id: uploadId,
      route,
      action,
      payload,
      file_specs: specs,
      chunk_size: this.chunkSize,
      chunks_expected: total,
      created_at: this.now(),
      session_id: sessionId ?? null,
      chunks: new Map(),
    };
    this.sessions.set(uploadId, session);
    return session;
  }

  /** receive_chunk → {session, complete}; null for an unknown upload id. */
  receiveChunk(uploadId, fileIndex, chunkIndex, data) {
    const session = typeof uploadId === "string" ? this.sessions.get(uploadId) : undefined;
    if (!session) return null;
    if (!(data instanceof Uint8Array)) {
      throw new $py.TypeError(`memoryview: a bytes-like object is required, not '${$py.typeName(data)}'`);
    }
    session.chunks.set(`${fileIndex}_${chunkIndex}`, data);
    return { session, complete: session.chunks.size >= session.chunks_expected };
  }

  /** assemble_files: one UploadedFile per spec; throws when a chunk is missing. */
  assembleFiles(uploadId) {
    const session = this.sessions.get(uploadId);
    if (!session) throw new $py.KeyError(`Unknown upload session: ${uploadId}`);
    return session.file_specs.map((spec, fileIndex) => {
      const parts = [];
      for (let chunkIndex = 0; chunkIndex < spec.chunks_expected; chunkIndex++) {
        const chunk = session.chunks.get(`${fileIndex}_${chunkIndex}`);
        if (!chunk) throw new $py.FileNotFoundError(`missing chunk ${fileIndex}_${chunkIndex}`);
        parts.push(chunk);
      }
      return uploadedFile({ name: spec.name, filename: spec.filename, content_type: spec.content_type, data: concat(...parts) });
    });
  }

  /** cancel: forget the session (an unknown id is fine; an unhashable one raises). */
  cancel(uploadId) {
    if (isList(uploadId)) throw new $py.TypeError("unhashable type: 'list'");
    if ($py.isdict(uploadId)) throw new $py.TypeError("unhashable type: 'dict'");
    if (uploadId instanceof Set) throw new $py.TypeError("unhashable type: 'set'");
    if (typeof uploadId === "string") this.sessions.delete(uploadId);
  }

  /** _cleanup_stale (the real manager runs it every 60 s; here on each init). */
  cleanupStale() {
    const cutoff = this.now() - this.staleTimeout;
    for (const [id, session] of this.sessions) if (session.created_at < cutoff) this.sessions.delete(id);
  }
}

function randomHex(length) {
  const bytes = crypto.getRandomValues(new Uint8Array(length / 2));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const MANAGERS = new WeakMap();

/** The server's upload manager (App.upload_chunk_size sets its chunk size). */
export function uploadManager(server) {
  let manager = MANAGERS.get(server);
  if (!manager) {
    const chunkSize = server.app?.upload_chunk_size;
    manager = new UploadSessionManager({ chunkSize: typeof chunkSize === "number" && chunkSize > 0 ? chunkSize : DEFAULT_CHUNK_SIZE });
    MANAGERS.set(server, manager);
  }
  return manager;
}

// ------------------------------------------------------------------------- HTTP

const ENDPOINTS = [
  ["/__sprag__/uploads/negotiate", "GET", negotiate],
  ["/__sprag__/uploads/init", "POST", init],
  ["/__sprag__/uploads/chunk", "POST", chunk],
  ["/__sprag__/uploads/cancel", "POST", cancel],
  ["/__sprag__/uploads", "POST", single],
];

/**
 * A request to `…/__sprag__/uploads[/…]` → {status, headers, body}. Anything that is not an
 * upload endpoint is answered as the server answers other paths (a page GET, else 405).
 */
export async function handleUpload(server, { method = "POST", path = "/", query = "", headers = {}, body = "", sessionId = null }) {
  const endpoint = ENDPOINTS.find(([suffix, verb]) => path.endsWith(suffix) && method === verb);
  if (!endpoint) {
    if (method === "GET") return server.page({ path, query, headers, sessionId });
    return text(405, "Method Not Allowed");
  }
  try {
    return await endpoint[2](server, { query, headers, body, sessionId });
  } catch (caught) {
    const error = $py.pyerr(caught);
    server.log?.("upload.error", { path, error: String(error?.message ?? error), stack: error?.stack ?? null });
    return text(500, "Internal Server Error", "text/plain");
  }
}

function negotiate(server) {
  return json(200, uploadManager(server).negotiate());
}

/** POST /__sprag__/uploads: one multipart request, answered like an action. */
async function single(server, { query, headers, body, sessionId }) {
  const request = await server.newRequest({ path: "/", method: "POST", headers }, sessionId);
  const contentType = headers["content-type"] ?? "";
  if (!contentType.toLowerCase().includes("multipart/form-data")) {
    return json(415, { ok: false, error: "SPRAG uploads require multipart/form-data." }, request, sessionId);
  }
  let parsed;
  try {
    parsed = parseUploadRequest(body, contentType, query);
  } catch (caught) {
    const exc = $py.pyerr(caught);
    if (!(exc instanceof $py.ValueError)) throw caught;
    return json(400, { ok: false, error: await $py.str(exc) }, request, sessionId);
  }
  const { route, action, payload, form, files } = parsed;
  request.path = $py.truthy(route) ? route : "/";
  request.content_type = contentType;
  request.form = form;
  request.files = files;
  server.log?.("upload.request", { route, action, files: filesShape(files) });
  const response = await dispatch(actionAdapter(server), { route, action, payload }, request);
  return withSession({ status: response.status, headers: { "content-type": response.contentType }, body: response.text }, request, sessionId);
}

/** POST /__sprag__/uploads/init */
async function init(server, { headers, body, sessionId }) {
  const request = await server.newRequest({ path: "/", method: "POST", headers }, sessionId);
  const parsed = jsonBody(body);
  if (parsed.error) return json(400, { ok: false, error: "Invalid JSON request body." }, request, sessionId);
  const data = requireDict(parsed.value);
  const route = ownValue(data, "route", null);
  const actionName = ownValue(data, "action", null);
  const payload = ownValue(data, "payload", {});
  const fileSpecs = ownValue(data, "files", []);
  if (!$py.truthy(route) || !$py.truthy(actionName) || !$py.truthy(fileSpecs)) {
    return json(400, { ok: false, error: "Missing route, action, or files in upload init." }, request, sessionId);
  }
  const session = await uploadManager(server).initSession({ route, action: actionName, payload, fileSpecs, sessionId: request.session_id });
  server.log?.("upload.init", { route, action: actionName, upload_id: session.upload_id, chunks_expected: session.chunks_expected });
  return json(
    200,
    { ok: true, upload_id: session.upload_id, chunk_size: session.chunk_size, chunks_expected: session.chunks_expected },
    request,
    sessionId,
  );
}

/** POST /__sprag__/uploads/chunk: store a chunk; the last one dispatches the action. */
async function chunk(server, { query, headers, body, sessionId }) {
  const request = await server.newRequest({ path: "/", method: "POST", headers }, sessionId);
  const contentType = headers["content-type"] ?? "";
  if (!contentType.toLowerCase().includes("multipart/form-data")) {
    return json(415, { ok: false, error: "Chunk upload requires multipart/form-data." }, request, sessionId);
  }
  let uploadId = null;
  let fileIndex = null;
  let chunkIndex = null;
  let data = null;
  const int = (value) => $py.call($py.builtins.int, value);
  for (const item of parseMultipart(body, contentType, query)) {
    if (!item.name) continue;
    if (item.name === "upload_id") uploadId = item.value;
    else if (item.name === "file_index") fileIndex = await int(item.value);
    else if (item.name === "chunk_index") chunkIndex = await int(item.value);
    else if (item.name === "chunk") data = item.file ? item.value : new Uint8Array();
  }
  if (uploadId === null || fileIndex === null || chunkIndex === null || data === null) {
    return json(400, { ok: false, error: "Missing upload_id, file_index, chunk_index, or chunk data." }, request, sessionId);
  }
  const manager = uploadManager(server);
  const received = manager.receiveChunk(uploadId, fileIndex, chunkIndex, data);
  if (received === null) {
    return json(404, { ok: false, error: `Unknown upload session: ${await $py.str(uploadId)}` }, request, sessionId);
  }
  const { session, complete } = received;
  if (!complete) {
    return json(200, { ok: true, chunks_received: session.chunks.size, chunks_expected: session.chunks_expected }, request, sessionId);
  }

  let assembled;
  try {
    assembled = manager.assembleFiles(uploadId);
  } catch {
    manager.cancel(uploadId);
    return json(500, { ok: false, error: "Failed to assemble uploaded files." }, request, sessionId);
  }
  const files = {};
  for (const uploaded of assembled) appendValue(files, uploaded.name, uploaded);
  request.path = $py.truthy(session.route) ? session.route : "/";
  request.content_type = "multipart/form-data";
  request.form = {};
  request.files = files;
  server.log?.("upload.finalize", { route: session.route, action: session.action, upload_id: uploadId, files: filesShape(files) });

  let crash = null;
  const adapter = actionAdapter(server, (error) => (crash = error));
  const response = await dispatch(adapter, { route: session.route, action: session.action, payload: session.payload }, request);
  if (response.body === null) {
    // The real handler crashes inside the dispatcher (the session stays) or, when the
    // action's value cannot be encoded, in its own json.dumps after cancelling the session.
    if (/is not JSON serializable/.test(String(crash?.message ?? ""))) manager.cancel(uploadId);
    return { status: response.status, headers: { "content-type": response.contentType }, body: response.text };
  }
  manager.cancel(uploadId);
  const result = response.body;
  if (!Object.prototype.hasOwnProperty.call(result, "value")) {
    // An ActionDispatchError: the chunk endpoint's error envelope has no route or action.
    const errorBody = { ok: false, error: result.error };
    if (Object.prototype.hasOwnProperty.call(result, "traceback")) errorBody.traceback = result.traceback;
    return json(response.status, errorBody, request, sessionId);
  }
  return json(200, { ...result, finalized: true, route: session.route, action: session.action }, request, sessionId);
}

/** POST /__sprag__/uploads/cancel */
async function cancel(server, { headers, body, sessionId }) {
  const request = await server.newRequest({ path: "/", method: "POST", headers }, sessionId);
  const parsed = jsonBody(body);
  if (parsed.error) return json(400, { ok: false, error: "Invalid JSON request body." }, request, sessionId);
  const uploadId = ownValue(requireDict(parsed.value), "upload_id", null);
  if (!$py.truthy(uploadId)) return json(400, { ok: false, error: "Missing upload_id." }, request, sessionId);
  uploadManager(server).cancel(uploadId);
  server.log?.("upload.cancel", { upload_id: uploadId });
  return json(200, { ok: true }, request, sessionId);
}

// ------------------------------------------------------------------------- helpers

/** The dispatcher's view of the server (MockServer.dispatcher), crashes reported. */
function actionAdapter(server, onCrash = null) {
  return server.dispatcher({
    onError: (error) => {
      onCrash?.(error);
      server.log?.("upload.error", { error: String(error?.message ?? error), stack: error?.stack ?? null });
      console.error("[SPRAG mock] upload request failed:", error);
    },
  });
}

/** json.loads(raw_body.decode("utf-8") or "{}"): {value} or {error}; bad UTF-8 raises. */
function jsonBody(body) {
  const raw = typeof body === "string" ? body : decode(toBytes(body), "utf-8", "strict");
  try {
    return { value: JSON.parse(raw || "{}") };
  } catch {
    return { error: true };
  }
}

function requireDict(value) {
  if (!$py.isdict(value)) throw new $py.AttributeError(`'${$py.typeName(value)}' object has no attribute 'get'`);
  return value;
}

function ownValue(dict, key, fallback) {
  return Object.prototype.hasOwnProperty.call(dict, key) ? dict[key] : fallback;
}

/** _files_shape, for the inspector log. */
function filesShape(files) {
  const shape = {};
  for (const [name, value] of Object.entries(files)) {
    const items = Array.isArray(value) ? value : [value];
    shape[name] = { count: items.length, filenames: items.map((item) => item.filename) };
  }
  return shape;
}

function text(status, body, contentType = "text/plain; charset=utf-8") {
  return { status, headers: { "content-type": contentType }, body };
}

function json(status, body, request = null, sessionIdBefore = null) {
  const response = { status, headers: { "content-type": JSON_CONTENT_TYPE }, body: encodeBody(body) };
  return request ? withSession(response, request, sessionIdBefore) : response;
}

/** Set-Cookie when the request came without a session or the session id changed. */
function withSession(response, request, sessionIdBefore) {
  const id = request.session?.id ?? request.session_id;
  if (id && id !== sessionIdBefore) response.headers["set-cookie"] = sessionCookie(id);
  return response;
}

// ------------------------------------------------------------------------- building bodies

/**
 * A multipart/form-data body as browsers build it (FormData): `entries` are
 * `[name, string]` or `[name, {filename, type, data}]` (data: Uint8Array or string).
 * Returns {body: Uint8Array, contentType}.
 */
export function encodeMultipart(entries, boundary = `----WebKitFormBoundary${randomAlnum(16)}`) {
  const escape = (s) => String(s).replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22");
  const chunks = [];
  for (const [name, value] of entries) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escape(name)}"`;
    if (typeof value === "string") {
      chunks.push(ENCODER.encode(`${head}\r\n\r\n${value.replace(/\r\n|\r|\n/g, "\r\n")}\r\n`));
      continue;
    }
    head += `; filename="${escape(value.filename ?? "blob")}"\r\nContent-Type: ${value.type || "application/octet-stream"}\r\n\r\n`;
    chunks.push(ENCODER.encode(head), toBytes(value.data ?? EMPTY), ENCODER.encode("\r\n"));
  }
  chunks.push(ENCODER.encode(`--${boundary}--\r\n`));
  return { body: concat(...chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function randomAlnum(length) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(crypto.getRandomValues(new Uint8Array(length)), (b) => alphabet[b % alphabet.length]).join("");
}
