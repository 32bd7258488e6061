// Python's json.dumps, byte for byte, for what the mock server sends: the SPRAG server
// answers with json.dumps(body, sort_keys=True), i.e. separators ", " and ": ",
// ensure_ascii (every non-ASCII character as \uXXXX) and Python's float repr.
// Numbers are written as py.js's repr() writes them: a JavaScript number does not say
// whether it was an int or a float, so integral values below 1e16 are written as ints ("2",
// where Python writes "2.0" for a float), others as floats ("1e+16").

import * as $py from "../py/py.js";

const ASCII_ESCAPES = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

/** Python's json.dumps(value, sort_keys=sortKeys) with the default separators. */
export function dumps(value, { sortKeys = false } = {}) {
  return encodeValue(value, sortKeys);
}

/** How json.dumps writes a number: repr(), except for nan and the infinities. */
export function encodeNumber(x) {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  return $py.repr(x);
}

/** A JSON string literal with ensure_ascii escaping, as Python writes it. */
export function encodeString(text) {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (ASCII_ESCAPES[ch]) out += ASCII_ESCAPES[ch];
    else if (code >= 0x20 && code <= 0x7e) out += ch;
    else out += escapeCodeUnits(ch);
  }
  return out + '"';
}

function escapeCodeUnits(ch) {
  let out = "";
  for (let i = 0; i < ch.length; i++) {
    out += "\\u" + ch.charCodeAt(i).toString(16).padStart(4, "0");
  }
  return out;
}

function encodeValue(value, sortKeys) {
  if (value === null || value === undefined) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  if (typeof value === "number") return encodeNumber(value);
  if (typeof value === "string") return encodeString(value);
  if (Array.isArray(value)) {
    return "[" + value.map((item) => encodeValue(item, sortKeys)).join(", ") + "]";
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (sortKeys) keys.sort(compareCodePoints);
    const items = keys.map((key) => `${encodeString(key)}: ${encodeValue(value[key], sortKeys)}`);
    return "{" + items.join(", ") + "}";
  }
  throw new NotSerializableError(value);
}

/** Raised for a value json.dumps cannot encode, with Python's message. */
export class NotSerializableError extends Error {
  constructor(value) {
    super(`Object of type ${$py.typeName(value)} is not JSON serializable`);
  }
}

function isPlainObject(value) {
  if (typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Python orders str keys by code point; JavaScript's default sort uses UTF-16 units. */
export function compareCodePoints(a, b) {
  const left = [...a];
  const right = [...b];
  const n = Math.min(left.length, right.length);
  for (let i = 0; i < n; i++) {
    const diff = left[i].codePointAt(0) - right[i].codePointAt(0);
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}
