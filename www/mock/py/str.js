// Methods of str, called as `method(s, ...args)` (callm dispatches here): Python's
// whitespace set, split/rsplit rules, title-casing, padding, searching with code-point
// indexes, printf-free str.format(), encode() to a UTF-8 Uint8Array.

import { builtinMethod } from "./bind.js";
import { tuple, typeName } from "./core.js";
import { LookupError, TypeError, UnicodeEncodeError, ValueError } from "./exceptions.js";
import { strFormat } from "./format.js";
import { clampRange, requireInt } from "./indices.js";
import { getslice, hasSurrogates, iter, strLen } from "./items.js";
import { escapeCodePoint } from "./repr.js";

/** Python's str.isspace() characters (JS \s differs: it has U+FEFF, lacks U+001C-U+001F). */
const SPACE_CHARS = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const SPACE = new RegExp(`[${SPACE_CHARS}]`);
const LEADING_SPACE = new RegExp(`^[${SPACE_CHARS}]+`);
const TRAILING_SPACE = new RegExp(`[${SPACE_CHARS}]+$`);
const ALL_SPACE = new RegExp(`^[${SPACE_CHARS}]+$`);
const LINE_BREAK = /\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/g;
const CASED = /[\p{Lu}\p{Ll}\p{Lt}]/u;

const isSpace = (ch) => SPACE.test(ch);

/** Python's whitespace strip, for callers outside this module (int(), float()). */
export function stripSpace(s) {
  return s.replace(LEADING_SPACE, "").replace(TRAILING_SPACE, "");
}

function requireStr(x, message) {
  if (typeof x !== "string") throw new TypeError(message ?? `must be str, not ${typeName(x)}`);
  return x;
}

// ----------------------------------------------------------------------- strip

function stripChars(s, chars, left, right) {
  const set = new Set(chars);
  const cps = Array.from(s);
  let i = 0;
  let j = cps.length;
  if (left) while (i < j && set.has(cps[i])) i++;
  if (right) while (j > i && set.has(cps[j - 1])) j--;
  return cps.slice(i, j).join("");
}

function stripper(name, left, right) {
  return builtinMethod(`str.${name}`, ["chars"], { chars: null }, (s, chars) => {
    if (chars === null || chars === undefined) {
      let out = s;
      if (left) out = out.replace(LEADING_SPACE, "");
      if (right) out = out.replace(TRAILING_SPACE, "");
      return out;
    }
    return stripChars(s, requireStr(chars, `${name} arg must be None or str`), left, right);
  });
}

// ----------------------------------------------------------------------- split

function maxSplits(maxsplit) {
  const n = requireInt(maxsplit);
  return n < 0 ? Infinity : n;
}

function separator(sep) {
  if (requireStr(sep, `must be str or None, not ${typeName(sep)}`) === "") throw new ValueError("empty separator");
  return sep;
}

function splitSpace(s, max) {
  const parts = [];
  let i = 0;
  for (;;) {
    while (i < s.length && isSpace(s[i])) i++;
    if (i >= s.length) break;
    if (parts.length === max) {
      parts.push(s.slice(i));
      break;
    }
    let j = i;
    while (j < s.length && !isSpace(s[j])) j++;
    parts.push(s.slice(i, j));
    i = j;
  }
  return parts;
}

function rsplitSpace(s, max) {
  const parts = [];
  let j = s.length;
  for (;;) {
    while (j > 0 && isSpace(s[j - 1])) j--;
    if (j <= 0) break;
    if (parts.length === max) {
      parts.push(s.slice(0, j));
      break;
    }
    let i = j;
    while (i > 0 && !isSpace(s[i - 1])) i--;
    parts.push(s.slice(i, j));
    j = i;
  }
  return parts.reverse();
}

function split(s, sep, maxsplit) {
  const max = maxSplits(maxsplit);
  if (sep === null) return splitSpace(s, max);
  separator(sep);
  const parts = [];
  let start = 0;
  while (parts.length < max) {
    const i = s.indexOf(sep, start);
    if (i < 0) break;
    parts.push(s.slice(start, i));
    start = i + sep.length;
  }
  parts.push(s.slice(start));
  return parts;
}

function rsplit(s, sep, maxsplit) {
  const max = maxSplits(maxsplit);
  if (sep === null) return rsplitSpace(s, max);
  separator(sep);
  const parts = [];
  let end = s.length;
  while (parts.length < max && end >= sep.length) {
    const i = s.lastIndexOf(sep, end - sep.length);
    if (i < 0) break;
    parts.push(s.slice(i + sep.length, end));
    end = i;
  }
  parts.push(s.slice(0, end));
  return parts.reverse();
}

function splitlines(s, keepends) {
  const lines = [];
  let start = 0;
  for (const match of s.matchAll(LINE_BREAK)) {
    const end = match.index + match[0].length;
    lines.push(s.slice(start, keepends ? end : match.index));
    start = end;
  }
  if (start < s.length) lines.push(s.slice(start));
  return lines;
}

function partition(s, sep, fromRight) {
  separator(sep);
  const i = fromRight ? s.lastIndexOf(sep) : s.indexOf(sep);
  if (i < 0) return fromRight ? tuple(["", "", s]) : tuple([s, "", ""]);
  return tuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
}

function join(sep, iterable) {
  const items = Array.from(iter(iterable));
  items.forEach((item, i) => {
    if (typeof item !== "string") {
      throw new TypeError(`sequence item ${i}: expected str instance, ${typeName(item)} found`);
    }
  });
  return items.join(sep);
}

// ---------------------------------------------------------------------- search

/** Code unit bounds of a code-point start/end range, and the way back to code points. */
function searchRange(s, start, end) {
  const astral = hasSurrogates(s);
  const [a, b] = clampRange(astral ? strLen(s) : s.length, start, end);
  if (!astral || a > b) return { a, b, index: (unit) => unit };
  const unitOf = (cp) => {
    let unit = 0;
    for (let k = 0; k < cp && unit < s.length; k++) unit += s.codePointAt(unit) > 0xffff ? 2 : 1;
    return unit;
  };
  return { a: unitOf(a), b: unitOf(b), index: (unit) => strLen(s.slice(0, unit)) };
}

function find(s, sub, start, end) {
  requireStr(sub);
  const { a, b, index } = searchRange(s, start, end);
  if (b - a < sub.length) return -1;
  const i = s.indexOf(sub, a);
  return i < 0 || i + sub.length > b ? -1 : index(i);
}

function rfind(s, sub, start, end) {
  requireStr(sub);
  const { a, b, index } = searchRange(s, start, end);
  if (b - a < sub.length) return -1;
  const i = s.lastIndexOf(sub, b - sub.length);
  return i < a ? -1 : index(i);
}

function found(i) {
  if (i < 0) throw new ValueError("substring not found");
  return i;
}

function count(s, sub, start, end) {
  requireStr(sub);
  const { a, b, index } = searchRange(s, start, end);
  if (b - a < sub.length) return 0;
  if (sub === "") return index(b) - index(a) + 1;
  let n = 0;
  for (let i = s.indexOf(sub, a); i >= 0 && i + sub.length <= b; i = s.indexOf(sub, i + sub.length)) n++;
  return n;
}

function affixTest(name, test) {
  return builtinMethod(`str.${name}`, ["prefix", "start", "end"], { start: null, end: null }, (s, affix, start, end) => {
    const text = start === null && end === null ? s : getslice(s, start, end);
    const candidates = Array.isArray(affix) ? affix : [affix];
    return candidates.some((candidate) => {
      if (typeof candidate !== "string") {
        throw new TypeError(
          Array.isArray(affix)
            ? `tuple for ${name} must only contain str, not ${typeName(candidate)}`
            : `${name} first arg must be str or a tuple of str, not ${typeName(affix)}`,
        );
      }
      return test(text, candidate);
    });
  });
}

function replace(s, old, replacement, limit) {
  requireStr(old);
  requireStr(replacement);
  const max = limit < 0 ? Infinity : limit;
  let done = 0;
  if (old === "") {
    const chars = Array.from(s);
    let out = "";
    for (let k = 0; k <= chars.length; k++) {
      if (done < max) {
        out += replacement;
        done++;
      }
      if (k < chars.length) out += chars[k];
    }
    return out;
  }
  let out = "";
  let start = 0;
  while (done < max) {
    const i = s.indexOf(old, start);
    if (i < 0) break;
    out += s.slice(start, i) + replacement;
    start = i + old.length;
    done++;
  }
  return out + s.slice(start);
}

// ------------------------------------------------------------------------ case

/** Title case of one character (JS has only upper case: 'ß' → 'Ss', 'ﬁ' → 'Fi'). */
function titleChar(ch) {
  const upper = ch.toUpperCase();
  if (upper.length <= 1 || upper === ch) return upper;
  const [first, ...rest] = upper;
  return first + rest.join("").toLowerCase();
}

function title(s) {
  let out = "";
  let previousCased = false;
  for (const ch of s) {
    out += previousCased ? ch.toLowerCase() : titleChar(ch);
    previousCased = CASED.test(ch);
  }
  return out;
}

function capitalize(s) {
  const [first, ...rest] = s;
  return first === undefined ? "" : titleChar(first) + rest.join("").toLowerCase();
}

function swapcase(s) {
  let out = "";
  for (const ch of s) {
    const lower = ch.toLowerCase();
    out += lower !== ch ? lower : ch.toUpperCase();
  }
  return out;
}

const hasUpper = (s) => /\p{Uppercase}/u.test(s);
const hasLower = (s) => /\p{Lowercase}/u.test(s);
const hasTitle = (s) => /\p{Lt}/u.test(s);

function istitle(s) {
  let previousCased = false;
  let cased = false;
  for (const ch of s) {
    const upper = /[\p{Lu}\p{Lt}]/u.test(ch);
    const lower = /\p{Ll}/u.test(ch);
    if ((upper && previousCased) || (lower && !previousCased)) return false;
    if (upper || lower) cased = true;
    previousCased = upper || lower;
  }
  return cased;
}

// --------------------------------------------------------------------- padding

function fillChar(fill) {
  if (typeof fill !== "string" || strLen(fill) !== 1) {
    throw new TypeError("The fill character must be exactly one character long");
  }
  return fill;
}

/** Pads `s` to `width` with `fill` on the given side ("left", "right" or "both"). */
function pad(s, width, fill, side) {
  const margin = requireInt(width) - strLen(s);
  const char = fillChar(fill);
  if (margin <= 0) return s;
  if (side === "left") return char.repeat(margin) + s;
  if (side === "right") return s + char.repeat(margin);
  // Centered: CPython puts the odd fill character left only when the width is odd too.
  const left = Math.floor(margin / 2) + (margin & width & 1);
  return char.repeat(left) + s + char.repeat(margin - left);
}

function zfill(s, width) {
  const margin = requireInt(width) - strLen(s);
  if (margin <= 0) return s;
  const zeros = "0".repeat(margin);
  return s[0] === "+" || s[0] === "-" ? s[0] + zeros + s.slice(1) : zeros + s;
}

function expandtabs(s, tabsize) {
  const size = requireInt(tabsize);
  let out = "";
  let column = 0;
  for (const ch of s) {
    if (ch === "\t") {
      const spaces = size > 0 ? size - (column % size) : 0;
      out += " ".repeat(spaces);
      column += spaces;
    } else {
      out += ch;
      column = ch === "\n" || ch === "\r" ? 0 : column + 1;
    }
  }
  return out;
}

// -------------------------------------------------------------------- encoding

const ENCODING_LIMITS = { ascii: 0x80, "us-ascii": 0x80, "latin-1": 0x100, latin1: 0x100, "iso-8859-1": 0x100 };

function normalizeEncoding(encoding) {
  return requireStr(encoding).toLowerCase().replace(/_/g, "-");
}

function encode(s, encoding, errors) {
  const name = normalizeEncoding(encoding);
  if (name === "utf-8" || name === "utf8") return new TextEncoder().encode(s);
  const limit = ENCODING_LIMITS[name];
  if (limit === undefined) throw new LookupError(`unknown encoding: ${encoding}`);
  const bytes = [];
  let position = 0;
  for (const ch of s) {
    const code = ch.codePointAt(0);
    if (code < limit) bytes.push(code);
    else if (errors === "replace") bytes.push(0x3f);
    else if (errors !== "ignore") {
      const codec = limit === 0x80 ? "ascii" : "latin-1";
      throw new UnicodeEncodeError(
        `'${codec}' codec can't encode character '${escapeCodePoint(ch)}' in position ${position}: ordinal not in range(${limit})`,
      );
    }
    position++;
  }
  return Uint8Array.from(bytes);
}

// ------------------------------------------------------------------------ table

const strMethod = (name, params, defaults, fn) => builtinMethod(`str.${name}`, params, defaults, fn);
const predicate = (name, pattern) => strMethod(name, [], {}, (s) => pattern.test(s));
const searchParams = ["sub", "start", "end"];
const searchDefaults = { start: null, end: null };

export const strMethods = {
  strip: stripper("strip", true, true),
  lstrip: stripper("lstrip", true, false),
  rstrip: stripper("rstrip", false, true),
  split: strMethod("split", ["sep", "maxsplit"], { sep: null, maxsplit: -1 }, split),
  rsplit: strMethod("rsplit", ["sep", "maxsplit"], { sep: null, maxsplit: -1 }, rsplit),
  splitlines: strMethod("splitlines", ["keepends"], { keepends: false }, splitlines),
  partition: strMethod("partition", ["sep"], {}, (s, sep) => partition(s, sep, false)),
  rpartition: strMethod("rpartition", ["sep"], {}, (s, sep) => partition(s, sep, true)),
  join: strMethod("join", ["iterable"], {}, join),
  upper: strMethod("upper", [], {}, (s) => s.toUpperCase()),
  lower: strMethod("lower", [], {}, (s) => s.toLowerCase()),
  casefold: strMethod("casefold", [], {}, (s) => s.toLowerCase().replace(/ß/g, "ss")),
  swapcase: strMethod("swapcase", [], {}, swapcase),
  title: strMethod("title", [], {}, title),
  capitalize: strMethod("capitalize", [], {}, capitalize),
  startswith: affixTest("startswith", (text, prefix) => text.startsWith(prefix)),
  endswith: affixTest("endswith", (text, suffix) => text.endsWith(suffix)),
  find: strMethod("find", searchParams, searchDefaults, find),
  rfind: strMethod("rfind", searchParams, searchDefaults, rfind),
  index: strMethod("index", searchParams, searchDefaults, (...args) => found(find(...args))),
  rindex: strMethod("rindex", searchParams, searchDefaults, (...args) => found(rfind(...args))),
  count: strMethod("count", searchParams, searchDefaults, count),
  replace: strMethod("replace", ["old", "new", "count"], { count: -1 }, (s, old, rep, n) =>
    replace(s, old, rep, requireInt(n)),
  ),
  removeprefix: strMethod("removeprefix", ["prefix"], {}, (s, prefix) =>
    requireStr(prefix) && s.startsWith(prefix) ? s.slice(prefix.length) : s,
  ),
  removesuffix: strMethod("removesuffix", ["suffix"], {}, (s, suffix) =>
    requireStr(suffix) && s.endsWith(suffix) ? s.slice(0, s.length - suffix.length) : s,
  ),
  isdigit: predicate("isdigit", /^[\p{Nd}\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089]+$/u),
  isdecimal: predicate("isdecimal", /^\p{Nd}+$/u),
  isnumeric: predicate("isnumeric", /^\p{N}+$/u),
  isalpha: predicate("isalpha", /^\p{L}+$/u),
  isalnum: predicate("isalnum", /^[\p{L}\p{N}]+$/u),
  isascii: predicate("isascii", /^[\x00-\x7f]*$/),
  isidentifier: predicate("isidentifier", /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u),
  isspace: predicate("isspace", ALL_SPACE),
  isupper: strMethod("isupper", [], {}, (s) => hasUpper(s) && !hasLower(s) && !hasTitle(s)),
  islower: strMethod("islower", [], {}, (s) => hasLower(s) && !hasUpper(s) && !hasTitle(s)),
  istitle: strMethod("istitle", [], {}, istitle),
  zfill: strMethod("zfill", ["width"], {}, zfill),
  center: strMethod("center", ["width", "fillchar"], { fillchar: " " }, (s, w, f) => pad(s, w, f, "both")),
  ljust: strMethod("ljust", ["width", "fillchar"], { fillchar: " " }, (s, w, f) => pad(s, w, f, "right")),
  rjust: strMethod("rjust", ["width", "fillchar"], { fillchar: " " }, (s, w, f) => pad(s, w, f, "left")),
  expandtabs: strMethod("expandtabs", ["tabsize"], { tabsize: 8 }, expandtabs),
  format: builtinMethod("str.format", { params: [], varargs: "args", varkw: "kwargs" }, undefined, strFormat),
  format_map: strMethod("format_map", ["mapping"], {}, (s, mapping) => strFormat(s, [], mapping)),
  encode: strMethod("encode", ["encoding", "errors"], { encoding: "utf-8", errors: "strict" }, encode),
};
