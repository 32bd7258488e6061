// `import json` for compiled server code: `dumps(obj, *, skipkeys=False, ensure_ascii=True,
// allow_nan=True, indent=None, separators=None, default=None, sort_keys=False)` writing
// exactly Python's text (separators ", " / ": ", or "," and newlines with indent; \uXXXX
// escapes; Python's float repr; sort_keys by code point; `default` called for other values;
// Python's TypeError / ValueError texts), and `loads(s)`, a parser with Python's
// JSONDecodeError messages ("Expecting value: line 1 column 1 (char 0)", ...). Also dump/load
// for file-like objects with write()/read(), and JSONDecodeError.
//
// Known gap (the value mapping): a float with an integral value is written as an int.

import * as $py from "../py/py.js";
import { tuple } from "../py/core.js";
import { compareCodePoints, encodeNumber, encodeString } from "../server/pyjson.js";
import { syncfunction } from "../server/context.js";

/** json.JSONDecodeError(msg, doc, pos): a ValueError "msg: line L column C (char P)". */
export class JSONDecodeError extends $py.ValueError {}

$py.klass(JSONDecodeError, "JSONDecodeError", {
  __init__: syncfunction("__init__", { params: ["msg", "doc", "pos"] }, function (msg, doc, pos) {
    initDecodeError(this, msg, doc, pos);
    return null;
  }),
});

function initDecodeError(error, msg, doc, pos) {
  const before = doc.slice(0, pos);
  const lineno = (before.match(/\n/g) ?? []).length + 1;
  const colno = pos - (before.lastIndexOf("\n") + 1) + 1;
  error.args = tuple([`${msg}: line ${lineno} column ${colno} (char ${pos})`]);
  error.msg = msg;
  error.doc = doc;
  error.pos = pos;
  error.lineno = lineno;
  error.colno = colno;
  return error;
}

function decodeError(msg, doc, pos) {
  return initDecodeError(new JSONDecodeError(), msg, doc, pos);
}

// --------------------------------------------------------------------------- dumps

const ESCAPES = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };

/** ensure_ascii=False: only quotes, backslashes and control characters are escaped. */
function encodeStringUnicode(text) {
  return `"${text.replace(/[\x00-\x1f\\"]/g, (ch) => ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`)}"`;
}

function isPlainDict(value) {
  return $py.isdict(value);
}

async function encode(value, options, depth, seen) {
  if (value === null || value === undefined) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value) && !options.allowNan) {
      throw new $py.ValueError("Out of range float values are not JSON compliant");
    }
    return encodeNumber(value);
  }
  if (typeof value === "string") return options.ensureAscii ? encodeString(value) : encodeStringUnicode(value);
  const isList = Array.isArray(value);
  if (isList || isPlainDict(value)) {
    if (seen.has(value)) throw new $py.ValueError("Circular reference detected");
    seen.add(value);
    try {
      const wrap = (open, items, close) => {
        if (options.indent === null) return `${open}${items.join(options.itemSeparator)}${close}`;
        const inner = `\n${options.indent.repeat(depth + 1)}`;
        return `${open}${inner}${items.join(options.itemSeparator + inner)}\n${options.indent.repeat(depth)}${close}`;
      };
      if (isList) {
        if (value.length === 0) return "[]";
        const items = [];
        for (const item of value) items.push(await encode(item, options, depth + 1, seen));
        return wrap("[", items, "]");
      }
      let keys = Object.keys(value);
      if (keys.length === 0) return "{}";
      if (options.sortKeys) keys = [...keys].sort(compareCodePoints);
      const items = [];
      for (const key of keys) {
        const encodedKey = options.ensureAscii ? encodeString(key) : encodeStringUnicode(key);
        items.push(`${encodedKey}${options.keySeparator}${await encode(value[key], options, depth + 1, seen)}`);
      }
      return wrap("{", items, "}");
    } finally {
      seen.delete(value);
    }
  }
  if (options.default !== null) {
    if (seen.has(value)) throw new $py.ValueError("Circular reference detected");
    seen.add(value);
    try {
      return await encode(await $py.call(options.default, value), options, depth, seen);
    } finally {
      seen.delete(value);
    }
  }
  throw new $py.TypeError(`Object of type ${$py.typeName(value)} is not JSON serializable`);
}

async function dumpsImpl(obj, ensureAscii, allowNan, indent, separators, defaultFn, sortKeys) {
  let indentText = null;
  if (indent !== null) indentText = typeof indent === "number" ? " ".repeat(Math.max(0, indent)) : String(indent);
  let itemSeparator = indentText === null ? ", " : ",";
  let keySeparator = ": ";
  if (separators !== null) [itemSeparator, keySeparator] = [...$py.iter(separators)];
  const options = {
    ensureAscii: $py.truthy(ensureAscii),
    allowNan: $py.truthy(allowNan),
    indent: indentText,
    itemSeparator,
    keySeparator,
    default: defaultFn,
    sortKeys: $py.truthy(sortKeys),
  };
  return encode(obj, options, 0, new Set());
}

const DUMPS_KWONLY = ["skipkeys", "ensure_ascii", "check_circular", "allow_nan", "cls", "indent", "separators", "default", "sort_keys"];
const DUMPS_DEFAULTS = {
  skipkeys: false,
  ensure_ascii: true,
  check_circular: true,
  allow_nan: true,
  cls: null,
  indent: null,
  separators: null,
  default: null,
  sort_keys: false,
};

/** `json.dumps(obj, *, ...)` */
export const dumps = $py.def(
  async function dumps(...args) {
    const [obj, , ensureAscii, , allowNan, , indent, separators, defaultFn, sortKeys] = $py.bind(args, dumps.__sig__);
    return dumpsImpl(obj, ensureAscii, allowNan, indent, separators, defaultFn, sortKeys);
  },
  { name: "dumps", params: ["obj"], defaults: {}, varargs: null, kwonly: DUMPS_KWONLY, kwdefaults: DUMPS_DEFAULTS, varkw: "kw" },
);

/** `json.dump(obj, fp, *, ...)`: fp.write(text). */
export const dump = $py.def(
  async function dump(...args) {
    const [obj, fp, , ensureAscii, , allowNan, , indent, separators, defaultFn, sortKeys] = $py.bind(args, dump.__sig__);
    const text = await dumpsImpl(obj, ensureAscii, allowNan, indent, separators, defaultFn, sortKeys);
    await $py.callm(fp, "write", text);
    return null;
  },
  { name: "dump", params: ["obj", "fp"], defaults: {}, varargs: null, kwonly: DUMPS_KWONLY, kwdefaults: DUMPS_DEFAULTS, varkw: "kw" },
);

// --------------------------------------------------------------------------- loads

const WHITESPACE = /[ \t\n\r]*/y;
const NUMBER = /(-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?/y;
const STRING_CHUNK = /([^"\\\x00-\x1f]*)(["\\\x00-\x1f])/y;
const BACKSLASH = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

function skip(doc, pos) {
  WHITESPACE.lastIndex = pos;
  WHITESPACE.exec(doc);
  return WHITESPACE.lastIndex;
}

function setKey(obj, key, value) {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

function parseString(doc, end) {
  const begin = end - 1;
  const chunks = [];
  for (;;) {
    STRING_CHUNK.lastIndex = end;
    const chunk = STRING_CHUNK.exec(doc);
    if (chunk === null) throw decodeError("Unterminated string starting at", doc, begin);
    end = STRING_CHUNK.lastIndex;
    const [, content, terminator] = chunk;
    if (content) chunks.push(content);
    if (terminator === '"') break;
    if (terminator !== "\\") throw decodeError("Invalid control character at", doc, end - 1);
    const esc = doc[end];
    if (esc === undefined) throw decodeError("Unterminated string starting at", doc, begin);
    if (esc !== "u") {
      const char = BACKSLASH[esc];
      if (char === undefined) throw decodeError("Invalid \\escape", doc, end - 1);
      chunks.push(char);
      end += 1;
      continue;
    }
    const hex = doc.slice(end + 1, end + 5);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw decodeError("Invalid \\uXXXX escape", doc, end);
    let code = parseInt(hex, 16);
    end += 5;
    if (code >= 0xd800 && code <= 0xdbff && doc.slice(end, end + 2) === "\\u") {
      const low = doc.slice(end + 2, end + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(low)) throw decodeError("Invalid \\uXXXX escape", doc, end + 1);
      const lowCode = parseInt(low, 16);
      if (lowCode >= 0xdc00 && lowCode <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (lowCode - 0xdc00);
        end += 6;
      }
    }
    chunks.push(String.fromCodePoint(code));
  }
  return [chunks.join(""), end];
}

function parseValue(doc, pos) {
  const ch = doc[pos];
  if (ch === '"') return parseString(doc, pos + 1);
  if (ch === "{") return parseObject(doc, pos + 1);
  if (ch === "[") return parseArray(doc, pos + 1);
  if (ch === "n" && doc.startsWith("null", pos)) return [null, pos + 4];
  if (ch === "t" && doc.startsWith("true", pos)) return [true, pos + 4];
  if (ch === "f" && doc.startsWith("false", pos)) return [false, pos + 5];
  NUMBER.lastIndex = pos;
  const number = NUMBER.exec(doc);
  if (number !== null && number[0] !== "" && number[0] !== "-") {
    return [Number(number[0]), pos + number[0].length];
  }
  if (ch === "N" && doc.startsWith("NaN", pos)) return [NaN, pos + 3];
  if (ch === "I" && doc.startsWith("Infinity", pos)) return [Infinity, pos + 8];
  if (ch === "-" && doc.startsWith("-Infinity", pos)) return [-Infinity, pos + 9];
  throw decodeError("Expecting value", doc, pos);
}

function parseObject(doc, end) {
  const obj = {};
  end = skip(doc, end);
  if (doc[end] !== '"') {
    if (doc[end] === "}") return [obj, end + 1];
    throw decodeError("Expecting property name enclosed in double quotes", doc, end);
  }
  end += 1;
  for (;;) {
    let key;
    [key, end] = parseString(doc, end);
    end = skip(doc, end);
    if (doc[end] !== ":") throw decodeError("Expecting ':' delimiter", doc, end);
    end = skip(doc, end + 1);
    let value;
    try {
      [value, end] = parseValue(doc, end);
    } catch (error) {
      if (error instanceof JSONDecodeError && error.msg === "Expecting value") throw decodeError("Expecting value", doc, error.pos);
      throw error;
    }
    setKey(obj, key, value);
    end = skip(doc, end);
    const next = doc[end];
    end += 1;
    if (next === "}") break;
    if (next !== ",") throw decodeError("Expecting ',' delimiter", doc, end - 1);
    end = skip(doc, end);
    if (doc[end] !== '"') throw decodeError("Expecting property name enclosed in double quotes", doc, end);
    end += 1;
  }
  return [obj, end];
}

function parseArray(doc, end) {
  const values = [];
  end = skip(doc, end);
  if (doc[end] === "]") return [values, end + 1];
  for (;;) {
    let value;
    [value, end] = parseValue(doc, end);
    values.push(value);
    end = skip(doc, end);
    const next = doc[end];
    end += 1;
    if (next === "]") break;
    if (next !== ",") throw decodeError("Expecting ',' delimiter", doc, end - 1);
    end = skip(doc, end);
  }
  return [values, end];
}

/** Python's json.loads text → value (JSONDecodeError on bad input). */
export function parse(doc) {
  let pos = skip(doc, 0);
  const [value, end] = parseValue(doc, pos);
  pos = skip(doc, end);
  if (pos !== doc.length) throw decodeError("Extra data", doc, pos);
  return value;
}

/** `json.loads(s)`: str or bytes (UTF-8). */
export const loads = syncfunction("loads", { params: ["s"], varkw: "kw" }, (s) => {
  let text = s;
  if (s instanceof Uint8Array) text = new TextDecoder("utf-8").decode(s).replace(/^\uFEFF/, "");
  else if (typeof s !== "string") {
    throw new $py.TypeError(`the JSON object must be str, bytes or bytearray, not ${$py.typeName(s)}`);
  } else if (s.startsWith("\uFEFF")) {
    throw decodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", s, 0);
  }
  return parse(text);
});

/** `json.load(fp)`: loads(fp.read()). */
export const load = $py.def(
  async function load(...args) {
    const [fp] = $py.bind(args, load.__sig__);
    return loads(await $py.callm(fp, "read"));
  },
  { name: "load", params: ["fp"], defaults: {}, varargs: null, kwonly: [], kwdefaults: {}, varkw: "kw" },
);
