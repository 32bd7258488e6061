// Uploads on the mock server against the real one (www/mock/server/uploads.js). The labs app
// is compiled by spragc's server target and booted on the mock; the same HTTP conversations go
// to the real SPRAG server in-process (tests/mock/reference_uploads.py): negotiate, single
// multipart POSTs to /upload-demo's upload_asset (validation replies, files, form fields, the
// per-session snapshot seen by a later `status` action, the drag-drop upload() field `file`),
// 415/400 answers, and the chunked protocol (init, chunks, finalize, cancel, unknown ids).
// Multipart bodies are built here and sent to both servers byte for byte. Every response must
// match: status and body text, with session ids and upload ids normalised. A second test
// gives multipart bodies straight to both parsers (the real _parse_upload_request, i.e.
// cgi.FieldStorage) and compares route, action, payload, form and files exactly.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import * as $py from "../../www/mock/py/py.js";
import { sessionIdFromCookie } from "../../www/mock/server/app.js";
import { bootCompiledApp, firstDifference, ROOT } from "./compiled_app.mjs";
import { encodeMultipart, parseUploadRequest, UploadedFile, uploadedFile } from "../../www/mock/server/uploads.js";
import { runReference } from "./server_reference.mjs";

const LABS = join(ROOT, ".cache", "templates", "app_labs");

const MIB = 1024 * 1024;
const ROUTE = "/upload-demo";
const BOUNDARY = "----WebKitFormBoundaryS7prAgM0ckT3st";
/** Replaced by the upload_id of the latest init response, on both sides (same length). */
const UPLOAD_ID = "Z".repeat(32);
const encoder = new TextEncoder();

// ------------------------------------------------------------------------- request builders

const file = (filename, type, data) => ({ filename, type, data: typeof data === "string" ? encoder.encode(data) : data });
const emptyFileInput = { filename: "", type: "", data: new Uint8Array() };

/** A POST to /__sprag__/uploads as the browser's FormData sends it. */
function upload(entries, { path = "/__sprag__/uploads", boundary = BOUNDARY } = {}) {
  const { body, contentType } = encodeMultipart(entries, boundary);
  return { method: "POST", path, contentType, body };
}

/** upload_form(): the native fields, then __sprag_route / __sprag_action / __sprag_payload. */
function uploadForm(action, fields, payload) {
  return upload([...fields, ["__sprag_route", ROUTE], ["__sprag_action", action], ["__sprag_payload", JSON.stringify(payload)]]);
}

const jsonPost = (path, value) => ({
  method: "POST",
  path,
  contentType: "application/json",
  body: typeof value === "string" ? value : JSON.stringify(value),
});
const action = (name, payload) => jsonPost("/__sprag__/actions", { route: ROUTE, action: name, payload });
const get = (path) => ({ method: "GET", path });
const init = (value) => jsonPost("/__sprag__/uploads/init", value);
const cancel = (value) => jsonPost("/__sprag__/uploads/cancel", value);
const chunk = (fileIndex, chunkIndex, data, { uploadId = UPLOAD_ID } = {}) =>
  upload(
    [
      ["upload_id", uploadId],
      ["file_index", String(fileIndex)],
      ["chunk_index", String(chunkIndex)],
      ["chunk", file("blob", "application/octet-stream", data)],
    ],
    { path: "/__sprag__/uploads/chunk" },
  );

/** Deterministic bytes: text lines (with multibyte characters) or a binary pattern. */
function textBytes(size) {
  const line = encoder.encode("Release note — launch ✓ assets, héllo wörld, line of text.\n");
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = line[i % line.length];
  return out;
}
function binaryBytes(size, seed = 7) {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x0d, 0x0a, 0x2d, 0x2d]);

const BIG = textBytes(2 * MIB + 4321);
const EXACT = binaryBytes(2 * MIB);

const launchFields = (asset, gallery) => [
  ["title", "Launch notes"],
  ["notes", "Line one\nLine two"],
  ["asset", asset],
  ...gallery.map((g) => ["gallery", g]),
  ["publish", "on"],
];
const launchPayload = { title: "Launch notes", notes: "Line one\nLine two", publish: true };

const CONVERSATIONS = {
  "single-POST uploads: validation, files, form fields, the session snapshot, errors": [
    get("/__sprag__/uploads/negotiate"),
    uploadForm("upload_asset", launchFields(emptyFileInput, [emptyFileInput]), launchPayload),
    uploadForm("upload_asset", launchFields(file("a.txt", "text/plain", "x"), []), { ...launchPayload, title: " ab " }),
    uploadForm(
      "upload_asset",
      launchFields(file("notes.txt", "text/plain", textBytes(300)), [file("cover.png", "image/png", PNG), file("data.bin", "", binaryBytes(999))]),
      launchPayload,
    ),
    action("status", {}),
    uploadForm("upload_asset", launchFields(file("report.pdf", "application/pdf", binaryBytes(4096, 3)), [emptyFileInput]), {
      ...launchPayload,
      publish: false,
    }),
    action("status", {}),
    // upload() (drag-drop): the file goes under `file`, so the controller finds no `asset`.
    upload([
      ["__sprag_route", ROUTE],
      ["__sprag_action", "upload_asset"],
      ["__sprag_payload", JSON.stringify({ title: "photo.png", notes: "Uploaded via drag-drop", publish: false })],
      ["file", file("photo.png", "image/png", PNG)],
    ]),
    // Without __sprag_payload the form fields are the payload (strings: "on" → True).
    upload([
      ["title", "  From the form  "],
      ["notes", "n"],
      ["publish", "on"],
      ["asset", file("invalid-utf8.txt", "text/plain", new Uint8Array([0x61, 0xff, 0xfe, 0x62, 0xe2, 0x82]))],
      ["__sprag_route", ROUTE],
      ["__sprag_action", "upload_asset"],
    ]),
    action("status", {}),
    upload([["__sprag_route", ROUTE], ["__sprag_action", "upload_asset"], ["__sprag_payload", "{not json"]]),
    uploadForm("nope", [["x", "1"]], {}),
    upload([["__sprag_route", "/nowhere"], ["__sprag_action", "upload_asset"], ["__sprag_payload", "{}"]]),
    upload([["__sprag_action", "upload_asset"], ["__sprag_payload", "{}"]]),
    uploadForm("upload_asset", [], {}),
    uploadForm("upload_asset", [], [1, 2]),
    jsonPost("/__sprag__/uploads", { route: ROUTE, action: "status", payload: {} }),
    { method: "POST", path: "/__sprag__/uploads", body: "x" },
    { method: "POST", path: "/__sprag__/uploads", contentType: "multipart/form-data", body: "--x--\r\n" },
    { ...upload([["x", "1"]]), contentType: "Multipart/Form-Data; boundary=" + BOUNDARY },
    { ...upload([["x", "1"]]), path: "/__sprag__/uploads?__sprag_route=%2Fupload-demo&__sprag_action=status&__sprag_payload=%7B%7D" },
    get("/__sprag__/uploads"),
    get("/__sprag__/uploads/nope"),
    { method: "PUT", path: "/__sprag__/uploads", contentType: "application/json", body: "{}" },
    { method: "POST", path: "/__sprag__/uploads/negotiate", contentType: "application/json", body: "{}" },
    action("status", {}),
  ],
  "chunked uploads: init, chunks, finalize, cancel and unknown ids": [
    get("/__sprag__/uploads/negotiate"),
    init({
      route: ROUTE,
      action: "upload_asset",
      payload: { title: "Big bundle", notes: "  spaced  ", publish: true },
      files: [
        { name: "asset", filename: "bundle.txt", content_type: "text/plain", size: BIG.length },
        { name: "gallery", filename: "cover.png", content_type: "image/png", size: PNG.length },
        { name: "gallery", filename: "blob", content_type: null, size: 0 },
      ],
    }),
    chunk(0, 0, BIG.subarray(0, 2 * MIB)),
    chunk(0, 1, BIG.subarray(2 * MIB)),
    chunk(0, 1, BIG.subarray(2 * MIB)),
    chunk(1, 0, PNG),
    chunk(2, 0, new Uint8Array()),
    action("status", {}),
    chunk(0, 0, BIG.subarray(0, 10)),
    // upload() of a file of exactly the threshold: one chunk, the field `file`.
    init({
      route: ROUTE,
      action: "upload_asset",
      payload: { title: "exact.bin", notes: "Uploaded via drag-drop", publish: false },
      files: [{ name: "file", filename: "exact.bin", content_type: "application/octet-stream", size: EXACT.length }],
    }),
    chunk(0, 0, EXACT),
    // Cancelled sessions are gone.
    init({ route: ROUTE, action: "upload_asset", payload: { title: "Cancelled" }, files: [{ name: "asset", filename: "c.txt", size: 3 * MIB }] }),
    chunk(0, 0, BIG.subarray(0, 2 * MIB)),
    cancel({ upload_id: UPLOAD_ID }),
    chunk(0, 1, BIG.subarray(0, MIB)),
    cancel({ upload_id: UPLOAD_ID }),
    cancel({ upload_id: "nope" }),
    cancel({}),
    cancel({ upload_id: "" }),
    cancel("{bad"),
    cancel(""),
    // init errors
    init("{bad"),
    init({}),
    init({ route: ROUTE, action: "upload_asset", files: [] }),
    init({ route: ROUTE, files: [{ name: "asset", filename: "a", size: 1 }] }),
    // chunk errors
    chunk(0, 0, new Uint8Array([1]), { uploadId: "nope" }),
    upload([["upload_id", "nope"], ["file_index", "0"], ["chunk_index", "0"]], { path: "/__sprag__/uploads/chunk" }),
    jsonPost("/__sprag__/uploads/chunk", { upload_id: "nope" }),
    // Finalize errors: unknown action, validation, a chunk index that was never expected.
    init({ route: ROUTE, action: "nope", payload: {}, files: [{ name: "asset", filename: "a.txt", size: 1 }] }),
    chunk(0, 0, encoder.encode("a")),
    chunk(0, 0, encoder.encode("a")),
    init({ route: ROUTE, action: "upload_asset", payload: {}, files: [{ name: "asset", filename: "a.txt", size: 1 }] }),
    chunk(0, 0, encoder.encode("a")),
    init({ route: "/nowhere", action: "upload_asset", payload: {}, files: [{ name: "asset", filename: "a.txt", size: 1 }] }),
    chunk(0, 0, encoder.encode("a")),
    init({ route: ROUTE, action: "upload_asset", payload: { title: "Lost" }, files: [{ name: "asset", filename: "a.txt", size: 5 }] }),
    chunk(3, 0, encoder.encode("hello")),
    chunk(0, 0, encoder.encode("hello")),
    // Payloads that are not dicts reach the action as positional arguments, as with actions.
    init({ route: ROUTE, action: "status", payload: null, files: [{ name: "asset", filename: "a.txt", size: 1, content_type: "text/plain" }] }),
    chunk(0, 0, encoder.encode("a")),
    // Where the real handler raises: a bad chunk index, an init body that is not an object.
    init({ route: ROUTE, action: "status", payload: {}, files: [{ name: "asset", filename: "a.txt", size: 1 }] }),
    upload([["upload_id", UPLOAD_ID], ["file_index", "0"], ["chunk_index", "x"], ["chunk", file("blob", "", "a")]], { path: "/__sprag__/uploads/chunk" }),
    upload([["upload_id", UPLOAD_ID], ["file_index", " 0 "], ["chunk_index", "0"], ["chunk", "a"]], { path: "/__sprag__/uploads/chunk" }),
    upload([["upload_id", UPLOAD_ID], ["file_index", " 0 "], ["chunk_index", "0"], ["chunk", file("blob", "", "a")]], { path: "/__sprag__/uploads/chunk" }),
    init("[]"),
    init({ route: ROUTE, action: "status", files: "abc" }),
    init({ route: ROUTE, action: "status", files: [{ filename: "a" }] }),
    action("status", {}),
  ],
};

// ------------------------------------------------------------------------- parser cases

const CRLF = "\r\n";
const raw = (text) => encoder.encode(text);
const PARSES = [
  // A browser form: text fields, files, an empty file input, repeated names.
  encodeMultipart(
    [
      ["title", "Héllo ✓"],
      ["tag", "a"],
      ["tag", ""],
      ["tag", "c"],
      ["asset", file("notes.txt", "text/plain;charset=UTF-8", "hello\r\nworld\r\n")],
      ["gallery", file("a.png", "image/png", PNG)],
      ["gallery", file("b.png", "IMAGE/PNG", PNG.subarray(0, 4))],
      ["empty", emptyFileInput],
      ["empty", emptyFileInput],
      ["__sprag_route", "/x"],
      ["__sprag_route", "/y"],
      ["__sprag_action", "go"],
    ],
    BOUNDARY,
  ),
  // Quoting: escaped quotes, semicolons and = inside quotes, unquoted values, odd spacing.
  {
    contentType: 'multipart/form-data; charset=utf-8; boundary="quoted boundary"',
    body: raw(
      [
        "--quoted boundary",
        'Content-Disposition: form-data; name="a;b"; filename="x\\"y;z=1.txt"',
        "Content-Type: text/plain ; charset=latin-1",
        "",
        "data",
        "--quoted boundary",
        "content-disposition: form-data ;name=plain ; FILENAME = spaced.txt ",
        "",
        "v",
        "--quoted boundary",
        "Content-Disposition: form-data; name=\"utf\"; filename*=UTF-8''%E2%9C%93.txt",
        "",
        "star",
        "--quoted boundary--",
        "",
      ].join(CRLF),
    ),
  },
  // Preamble, epilogue, LF-only lines, a folded header, a part Content-Length, no-name parts.
  {
    contentType: "multipart/form-data; boundary=b",
    body: raw(
      [
        "preamble line",
        "--b",
        "Content-Disposition: form-data;",
        '\tname="folded"',
        "Content-Length: 3",
        "X-Extra: one",
        "x-extra: two",
        "",
        "abc",
        "--b",
        "Content-Disposition: form-data",
        "",
        "nameless",
        "--b",
        "Content-Type: text/plain",
        "",
        "no disposition",
        "--b",
        'Content-Disposition: form-data; name=""',
        "",
        "empty name",
        "--b",
        'Content-Disposition: form-data; name="file"; filename="lf.bin"',
        "Content-Length: 99",
        "",
        "one\ntwo\r\nthree\r",
        "--b--",
        "epilogue",
      ].join("\n"),
    ),
  },
  // Boundary-like text inside values, CR alone, a missing closing boundary.
  {
    contentType: "multipart/form-data; boundary=zz",
    body: raw(
      `--zz${CRLF}Content-Disposition: form-data; name="v"${CRLF}${CRLF}a --zz b${CRLF}--zzz${CRLF}-- zz${CRLF}\r\r\n${CRLF}--zz${CRLF}` +
        `Content-Disposition: form-data; name="f"; filename="t.bin"${CRLF}${CRLF}tail without end\r`,
    ),
  },
  // A text field longer than cgi's 64 KiB readline, multibyte characters across the split;
  // invalid UTF-8 in a text field.
  encodeMultipart(
    [
      ["long", "x".repeat(65535 - 40) + "é✓".repeat(40000)],
      ["bad", file("", "", new Uint8Array([0x61, 0xff, 0xc3]))],
    ],
    "bb",
  ),
  {
    contentType: "multipart/form-data; boundary=bb",
    body: concatBytes(raw(`--bb${CRLF}Content-Disposition: form-data; name="bad"${CRLF}${CRLF}`), new Uint8Array([0x61, 0xff, 0xc3, 0x28]), raw(`${CRLF}--bb--${CRLF}`)),
  },
  // The query string's fields come first; __sprag_payload in the query.
  { ...encodeMultipart([["x", "1"], ["__sprag_action", "body"]], "q"), query: "__sprag_action=query&x=0&blank=&flag&sp+ace=%E2%9C%93%ZZ" },
  // Payload JSON: invalid, empty, a list, repeated (first wins), sent as an empty file.
  encodeMultipart([["__sprag_payload", "{bad"]], "p"),
  encodeMultipart([["__sprag_payload", ""]], "p"),
  encodeMultipart([["__sprag_payload", "[1, 2]"], ["__sprag_payload", "{}"]], "p"),
  encodeMultipart([["__sprag_payload", { filename: "", type: "", data: new Uint8Array() }], ["k", "v"]], "p"),
  // No payload: the form is the payload (same dict), with bytes values of empty file inputs.
  encodeMultipart([["title", "t"], ["asset", emptyFileInput]], "p"),
  // Content types cgi does not read as multipart; a missing or invalid boundary.
  { ...encodeMultipart([["x", "1"]], "cap"), contentType: "Multipart/Form-Data; boundary=cap" },
  { contentType: "multipart/form-data", body: raw("--x--\r\n") },
  { contentType: "multipart/form-data; boundary=", body: raw("") },
  { contentType: "multipart/form-data; boundary=ends-with-space ", body: raw("") },
  { contentType: `multipart/form-data; boundary="${"b".repeat(201)}"`, body: raw("") },
  { contentType: `multipart/form-data; boundary=${"b".repeat(70)}`, body: raw(`--${"b".repeat(70)}--\r\n`) },
  { contentType: "multipart/form-data; boundary=e", body: raw("") },
  { contentType: "multipart/form-data; boundary=e", body: raw("--e\r\n") },
  { contentType: "multipart/form-data; boundary=e", body: raw("--e\r\nContent-Disposition: form-data; name=h") },
  { contentType: "application/x-www-form-urlencoded; multipart/form-data", body: raw("a=1&b=%C3%A9&c"), query: "q=2" },
];

function concatBytes(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

// ------------------------------------------------------------------------- helpers

const b64 = (bytes) => Buffer.from(bytes).toString("base64");
const bytesOf = (body) => (body === undefined ? new Uint8Array() : typeof body === "string" ? encoder.encode(body) : body);

/** The request as reference_uploads.py takes it. */
function forPython(request) {
  return { method: request.method, path: request.path, content_type: request.contentType ?? null, body_b64: b64(bytesOf(request.body)) };
}

/** `body` with every placeholder replaced by `id` (same length, so Content-Length holds). */
function withUploadId(body, id) {
  if (!id) return body;
  const needle = encoder.encode(UPLOAD_ID);
  const out = Uint8Array.from(body);
  for (let i = 0; i + needle.length <= out.length; i++) {
    let match = true;
    for (let j = 0; j < needle.length && match; j++) match = out[i + j] === needle[j];
    if (match) out.set(encoder.encode(id), i);
  }
  return out;
}

/** Session ids and upload ids (numbered by first appearance), which differ between servers. */
function normaliser(replies) {
  const sessions = [...new Set(replies.map((r) => r.session))].filter(Boolean);
  const uploads = new Map();
  return (text) => {
    let out = text;
    for (const [i, id] of sessions.entries()) out = out.split(id).join(`<session-${i}>`);
    return out.replace(/\b[0-9a-f]{32}\b/g, (id) => {
      if (!uploads.has(id)) uploads.set(id, `<upload-${uploads.size}>`);
      return uploads.get(id);
    });
  };
}

/** What the mock's parser gives, in reference_uploads.py's `describe` form. */
function describe(value) {
  if (value instanceof Uint8Array) return { $bytes: b64(value) };
  if (value instanceof UploadedFile) {
    return {
      $file: {
        name: value.name,
        filename: value.filename,
        content_type: value.content_type,
        data: b64(value.data),
        headers: Object.entries(value.headers),
      },
    };
  }
  if (Array.isArray(value)) return value.map(describe);
  if ($py.isdict(value)) return { $dict: Object.entries(value).map(([k, v]) => [k, describe(v)]) };
  return value;
}

function mockParse({ body, contentType, query = "" }) {
  try {
    const { route, action: actionName, payload, form, files } = parseUploadRequest(body, contentType, query);
    return { result: { route: describe(route), action: describe(actionName), payload: describe(payload), form: describe(form), files: describe(files) } };
  } catch (caught) {
    const exc = $py.pyerr(caught);
    if (exc instanceof $py.ValueError) return { error: exc.args?.[0] ?? String(exc.message) };
    return { crash: $py.typeName(exc) };
  }
}

// ------------------------------------------------------------------------- tests

let reference = null;
function referenceResults() {
  reference ??= runReference("reference_uploads.py", {
    project: LABS,
    conversations: Object.values(CONVERSATIONS).map((requests) => requests.map(forPython)),
    parses: PARSES.map((p) => ({ content_type: p.contentType, query: p.query ?? "", body_b64: b64(p.body) })),
  });
  return reference;
}

test("the mock server answers upload conversations like the real server", { timeout: 240_000 }, async () => {
  const { conversations: theirs } = referenceResults();
  const server = await bootCompiledApp(LABS, { readFile: (path) => readFileSync(join(LABS, path), "utf8") });
  const failures = [];
  let total = 0;
  try {
    for (const [c, [name, requests]] of Object.entries(CONVERSATIONS).entries()) {
      let cookie = null;
      let uploadId = null;
      const ours = [];
      for (const request of requests) {
        const [path, query] = request.path.split("?");
        const headers = {};
        if (cookie) headers.cookie = cookie;
        if (request.contentType) headers["content-type"] = request.contentType;
        const body = request.method === "GET" ? "" : withUploadId(bytesOf(request.body), uploadId);
        const response = await server.request({ method: request.method, path, query: query ?? "", headers, body });
        const set = response.headers["set-cookie"];
        if (set) cookie = set.split(";")[0];
        try {
          const answer = JSON.parse(response.body);
          if (typeof answer?.upload_id === "string") uploadId = answer.upload_id;
        } catch {
          // not JSON
        }
        ours.push({ ...response, session: sessionIdFromCookie(cookie) });
      }
      const real = normaliser(theirs[c]);
      const mock = normaliser(ours);
      for (const [i, request] of requests.entries()) {
        total += 1;
        const expected = { status: theirs[c][i].status, body: real(theirs[c][i].body) };
        const actual = { status: ours[i].status, body: mock(ours[i].body) };
        try {
          assert.deepEqual(actual, expected);
        } catch {
          failures.push(`${name} #${i + 1} ${request.method} ${request.path}\n  real: ${expected.status}\n  mock: ${actual.status}\n  body ${firstDifference(actual.body, expected.body)}`);
        }
      }
    }
    console.log(`uploads: ${total - failures.length}/${total} responses identical to the real server's`);
    assert.deepEqual(failures, []);
  } finally {
    await server.close();
  }
});

test("multipart bodies parse as the real server parses them", { timeout: 120_000 }, () => {
  const { parses } = referenceResults();
  const failures = [];
  for (const [i, spec] of PARSES.entries()) {
    const actual = mockParse(spec);
    try {
      assert.deepEqual(actual, parses[i]);
    } catch {
      failures.push(`parse #${i + 1} (${spec.contentType})\n  real: ${JSON.stringify(parses[i]).slice(0, 600)}\n  mock: ${JSON.stringify(actual).slice(0, 600)}`);
    }
  }
  console.log(`parses: ${PARSES.length - failures.length}/${PARSES.length} identical to the real server's`);
  assert.deepEqual(failures, []);
});

test("UploadedFile: attributes, read(), text(), size; save() needs a real server", async () => {
  const upload = uploadedFile({ name: "asset", filename: "a.txt", content_type: "text/plain", data: encoder.encode("héllo") });
  assert.equal(await $py.getattr(upload, "size"), 6);
  assert.deepEqual(await $py.callm(upload, "read"), encoder.encode("héllo"));
  assert.equal(await $py.callm(upload, "text"), "héllo");
  assert.equal(await $py.callm(upload, "text", "latin-1"), "hÃ©llo");
  const broken = uploadedFile({ name: "b", filename: "b", data: new Uint8Array([0x61, 0xff]) });
  assert.equal(await $py.callm(broken, "text", $py.kw({ errors: "replace" })), "a\ufffd");
  await assert.rejects(async () => $py.callm(broken, "text"), (e) => $py.pyerr(e) instanceof $py.UnicodeDecodeError);
  await assert.rejects(
    async () => $py.callm(upload, "save", "/tmp/x"),
    (e) => $py.pyerr(e) instanceof $py.NotImplementedError && /UploadedFile\.save needs a real SPRAG server/.test(e.message),
  );
  assert.equal(
    await $py.repr(upload),
    "UploadedFile(name='asset', filename='a.txt', content_type='text/plain', data=b'h\\xc3\\xa9llo', headers={})",
  );
  const made = await $py.call(UploadedFile, "f", "f.bin", $py.kw({ data: new Uint8Array([1, 2, 3]) }));
  assert.equal(await $py.getattr(made, "size"), 3);
  assert.equal(made.content_type, null);
});
