// repr(), str() and ascii() of runtime values, CPython's text exactly (quote choice and
// escapes of strings, float digits, containers, recursion markers). Synchronous for
// everything built in; an instance whose class defines __repr__/__str__ (an async compiled
// method) makes the result a Promise of the string, which compiled code awaits.

import { isModule, isPyClass, isTuple, isdict } from "./core.js";
import { numberRepr } from "./number.js";

/** Parts of a text being built: strings, or Promises of strings from user dunders. */
export function joinParts(parts) {
  if (parts.every((part) => typeof part === "string")) return parts.join("");
  return Promise.all(parts).then((resolved) => resolved.join(""));
}

export function repr(x) {
  const parts = [];
  reprInto(x, parts, new Set());
  return joinParts(parts);
}

/** str(x) for one value. */
export function toStr(x) {
  if (typeof x === "string") return x;
  if (x !== null && typeof x === "object" && typeof x.__str__ === "function") return x.__str__();
  return repr(x);
}

/** ascii(x): repr with every non-ASCII character escaped. */
export function ascii(x) {
  const text = repr(x);
  const escape = (s) => s.replace(/[^\x00-\x7f]/gu, escapeCodePoint);
  return typeof text === "string" ? escape(text) : text.then(escape);
}

function reprInto(x, parts, active) {
  if (x === null || x === undefined) return void parts.push("None");
  switch (typeof x) {
    case "boolean":
      return void parts.push(x ? "True" : "False");
    case "number":
      return void parts.push(numberRepr(x));
    case "bigint":
      return void parts.push(String(x));
    case "string":
      return void parts.push(quoteStr(x));
    case "function":
      return void parts.push(functionRepr(x));
  }
  if (Array.isArray(x)) return sequenceInto(x, parts, active);
  if (x instanceof Set) return setInto(x, parts, active);
  if (x instanceof Uint8Array) return void parts.push(bytesRepr(x));
  if (isModule(x)) return void parts.push(`<module '${x.__name__ ?? "?"}'>`);
  if (isdict(x)) return dictInto(x, parts, active);
  if (typeof x.__repr__ === "function") return void parts.push(x.__repr__());
  return void parts.push(`<${x.constructor?.name ?? "object"} object>`);
}

function functionRepr(fn) {
  const name = fn.__name__ ?? fn.name;
  if (isPyClass(fn) || fn.__pytype__) {
    const module = typeof fn.__module__ === "string" && fn.__module__ !== "builtins" ? `${fn.__module__}.` : "";
    return `<class '${module}${fn.__qualname__ ?? name}'>`;
  }
  if (fn.__builtin__) return `<built-in function ${name}>`;
  if (fn.__self__ !== undefined) return `<bound method ${fn.__qualname__ ?? name}>`;
  return `<function ${fn.__qualname__ ?? name}>`;
}

/** Runs `body` unless `container` is already being printed (then pushes `marker`). */
function guarded(container, parts, active, marker, body) {
  if (active.has(container)) return void parts.push(marker);
  active.add(container);
  body();
  active.delete(container);
}

function itemsInto(items, parts, active) {
  let first = true;
  for (const item of items) {
    if (!first) parts.push(", ");
    first = false;
    reprInto(item, parts, active);
  }
}

function sequenceInto(xs, parts, active) {
  const tuple = isTuple(xs);
  guarded(xs, parts, active, tuple ? "(...)" : "[...]", () => {
    parts.push(tuple ? "(" : "[");
    itemsInto(xs, parts, active);
    if (tuple && xs.length === 1) parts.push(",");
    parts.push(tuple ? ")" : "]");
  });
}

function setInto(s, parts, active) {
  if (s.size === 0) return void parts.push("set()");
  guarded(s, parts, active, "{...}", () => {
    parts.push("{");
    itemsInto(s, parts, active);
    parts.push("}");
  });
}

function dictInto(d, parts, active) {
  guarded(d, parts, active, "{...}", () => {
    parts.push("{");
    let first = true;
    for (const key of Object.keys(d)) {
      parts.push(first ? "" : ", ", quoteStr(key), ": ");
      first = false;
      reprInto(d[key], parts, active);
    }
    parts.push("}");
  });
}

/** The escape repr() writes for one character: \\x.., \\u.... or \\U........ */
export function escapeCodePoint(ch) {
  const code = ch.codePointAt(0);
  const hex = code.toString(16);
  if (code < 0x100) return `\\x${hex.padStart(2, "0")}`;
  if (code < 0x10000) return `\\u${hex.padStart(4, "0")}`;
  return `\\U${hex.padStart(8, "0")}`;
}

const SIMPLE_ESCAPES = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };
/** Characters repr() escapes: backslash, quotes, and what str.isprintable() rejects. */
const UNPRINTABLE = /[\\'"\p{C}\p{Z}]/gu;

/** repr(str): single quotes unless the text has ' and no ". */
export function quoteStr(s) {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(UNPRINTABLE, (ch) => {
    if (ch === " ") return ch;
    if (ch === "'" || ch === '"') return ch === quote ? `\\${ch}` : ch;
    return SIMPLE_ESCAPES[ch] ?? escapeCodePoint(ch);
  });
  return quote + body + quote;
}

/** repr(bytes): b'...' with \xNN for bytes outside printable ASCII. */
export function bytesRepr(bytes) {
  const hasSingle = bytes.includes(0x27);
  const quote = hasSingle && !bytes.includes(0x22) ? '"' : "'";
  let body = "";
  for (const byte of bytes) {
    const ch = String.fromCharCode(byte);
    if (ch === quote || ch === "\\") body += `\\${ch}`;
    else if (SIMPLE_ESCAPES[ch]) body += SIMPLE_ESCAPES[ch];
    else if (byte >= 0x20 && byte < 0x7f) body += ch;
    else body += `\\x${byte.toString(16).padStart(2, "0")}`;
  }
  return `b${quote}${body}${quote}`;
}
