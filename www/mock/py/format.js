// Text formatting: format(value, spec) (f-strings and the format-spec mini-language),
// printf-style `str % args`, and str.format(). Number digits come from number.js, so
// rounding is CPython's (exact value, ties to even).

import { isdict, typeName } from "./core.js";
import { IndexError, KeyError, OverflowError, TypeError, ValueError, noAttribute } from "./exceptions.js";
import { requireInt } from "./indices.js";
import { getitem, strLen } from "./items.js";
import { exponentSuffix, fixedDigits, looksInt, placePoint, scientificParts, shortestParts } from "./number.js";
import { ascii, joinParts, repr, toStr } from "./repr.js";

/** Applies `fn` to a text that may be a Promise of one (user __str__/__repr__). */
const mapText = (text, fn) => (typeof text === "string" ? fn(text) : text.then(fn));

// ------------------------------------------------------------------ number bodies

/** Digits of |n| (an integral number) in the given radix, exact beyond 2**53. */
function intDigits(n, radix) {
  const magnitude = Math.abs(n);
  return Number.isSafeInteger(magnitude) ? magnitude.toString(radix) : BigInt(magnitude).toString(radix);
}

function trimZeros(text) {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

/** 'e' notation of |x| with `precision` digits after the point. */
function scientific(ax, precision, alt, letter) {
  const { digits, exponent } = scientificParts(ax, precision);
  const point = precision > 0 || alt ? "." : "";
  return digits[0] + point + digits.slice(1) + exponentSuffix(exponent, letter);
}

/**
 * 'g' notation of |x|: `precision` significant digits, positional unless the exponent is
 * below -4 or too large. `noType` is the float format without a type letter, which keeps
 * at least one digit after the point and switches to 'e' one exponent earlier.
 */
function general(ax, precision, alt, letter, noType) {
  const p = precision === 0 ? 1 : precision;
  const { digits, exponent } = scientificParts(ax, p - 1);
  if (exponent < -4 || exponent >= (noType ? p - 1 : p)) {
    const mantissa = `${digits[0]}.${digits.slice(1)}`;
    return (alt ? mantissa : trimZeros(mantissa)) + exponentSuffix(exponent, letter);
  }
  let text = placePoint(digits, exponent);
  if (!alt) text = trimZeros(text);
  else if (!text.includes(".")) text += ".";
  return noType && !text.includes(".") ? `${text}.0` : text;
}

/** repr-style digits of |x|: shortest round trip, 'e' outside 1e-4 <= |x| < 1e16. */
function shortest(ax) {
  const { digits, exponent } = shortestParts(ax);
  if (exponent < -4 || exponent >= 16) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return mantissa + exponentSuffix(exponent);
  }
  const text = placePoint(digits, exponent);
  return text.includes(".") ? text : `${text}.0`;
}

/** |x| in float presentation `type` ('' = no type letter). */
function floatBody(ax, type, precision, alt) {
  const upper = type === "E" || type === "F" || type === "G";
  if (!Number.isFinite(ax)) {
    const text = Number.isNaN(ax) ? "nan" : "inf";
    return (upper ? text.toUpperCase() : text) + (type === "%" ? "%" : "");
  }
  const point = alt && precision === 0 ? "." : "";
  switch (type) {
    case "f":
    case "F":
      return fixedDigits(ax, precision ?? 6) + point;
    case "%":
      return `${fixedDigits(ax * 100, precision ?? 6)}${point}%`;
    case "e":
    case "E":
      return scientific(ax, precision ?? 6, alt, upper ? "E" : "e");
    case "g":
    case "G":
      return general(ax, precision ?? 6, alt, upper ? "E" : "e", false);
    default:
      if (ax === 0) return precision === null ? "0.0" : general(ax, precision, alt, "e", true);
      return precision === null ? shortest(ax) : general(ax, precision, alt, "e", true);
  }
}

// ------------------------------------------------------------ format-spec mini-language

const SPEC = /^(?:([\s\S])?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([\s\S])?$/;
const INT_TYPES = new Set("bcdoxX");
const FLOAT_TYPES = new Set("eEfFgG%");
const RADIX = { b: 2, o: 8, x: 16, X: 16 };
const PREFIX = { b: "0b", o: "0o", x: "0x", X: "0X" };

function parseSpec(spec, value) {
  const m = SPEC.exec(spec);
  if (!m) {
    if (/\.(\D|$)/.test(spec)) throw new ValueError("Format specifier missing precision");
    throw new ValueError(`Invalid format specifier '${spec}' for object of type '${typeName(value)}'`);
  }
  const [, fill, align, sign, z, alt, zero, width, grouping, precision, type] = m;
  return {
    fill: fill ?? (zero && !align ? "0" : " "),
    align: align ?? null,
    zero: Boolean(zero),
    sign: sign ?? "-",
    z: Boolean(z),
    alt: Boolean(alt),
    width: width === undefined ? 0 : Number(width),
    grouping: grouping ?? "",
    precision: precision === undefined ? null : Number(precision),
    type: type ?? "",
  };
}

/** format(value, spec): f-string `{value:spec}`. */
export function format(value, spec = "") {
  if (value !== null && typeof value === "object" && typeof value.__format__ === "function") {
    return value.__format__(spec);
  }
  if (spec === "") return toStr(value);
  if (typeof value === "string") return formatString(value, parseSpec(spec, value));
  if (typeof value === "number" || typeof value === "boolean") {
    return formatNumber(Number(value), parseSpec(spec, value), typeof value === "boolean");
  }
  throw new TypeError(`unsupported format string passed to ${typeName(value)}.__format__`);
}

function formatString(s, spec) {
  if (spec.type !== "" && spec.type !== "s") {
    throw new ValueError(`Unknown format code '${spec.type}' for object of type 'str'`);
  }
  if (spec.grouping) throw new ValueError(`Cannot specify '${spec.grouping}' with 's'.`);
  if (spec.sign !== "-") throw new ValueError("Sign not allowed in string format specifier");
  if (spec.alt) throw new ValueError("Alternate form (#) not allowed in string format specifier");
  if (spec.align === "=") throw new ValueError("'=' alignment not allowed in string format specifier");
  const text = spec.precision === null ? s : Array.from(s).slice(0, spec.precision).join("");
  return align("", text, spec, "<");
}

function formatNumber(x, spec, isBool) {
  const { type } = spec;
  const integral = isBool || (Number.isInteger(x) && !Object.is(x, -0));
  const asInt = integral && (looksInt(x) || INT_TYPES.has(type)) && !FLOAT_TYPES.has(type);
  const kind = asInt ? "int" : "float";
  const allowed = asInt ? INT_TYPES : FLOAT_TYPES;
  if (type !== "" && type !== "n" && !allowed.has(type)) {
    throw new ValueError(`Unknown format code '${type}' for object of type '${kind}'`);
  }
  if (spec.grouping === "," && type !== "" && "bcoxXn".includes(type)) {
    throw new ValueError(`Cannot specify ',' with '${type}'.`);
  }
  if (asInt) {
    if (spec.precision !== null) throw new ValueError("Precision not allowed in integer format specifier");
    if (type === "c") return align("", charOf(x), spec, ">");
    const radix = RADIX[type] ?? 10;
    const digits = intDigits(x, radix);
    const prefix = spec.alt ? (PREFIX[type] ?? "") : "";
    return numeric(x < 0, prefix, type === "X" ? digits.toUpperCase() : digits, "", spec, radix === 10 ? 3 : 4);
  }
  const body = floatBody(Math.abs(x), type === "n" ? "g" : type, spec.precision, spec.alt);
  let negative = x < 0 || Object.is(x, -0);
  if (spec.z && negative && !/[1-9]/.test(body)) negative = false;
  const [, intPart, rest] = /^(\d*)([\s\S]*)$/.exec(body);
  return numeric(negative, "", intPart, rest, spec, 3);
}

function charOf(code) {
  if (code < 0 || code > 0x10ffff) throw new OverflowError("%c arg not in range(0x110000)");
  return String.fromCodePoint(code);
}

function groupDigits(digits, separator, size) {
  if (!separator || digits.length <= size) return digits;
  const head = digits.length % size || size;
  let out = digits.slice(0, head);
  for (let i = head; i < digits.length; i += size) out += separator + digits.slice(i, i + size);
  return out;
}

/** Sign, prefix, grouped integer digits and the rest, padded per the spec. */
function numeric(negative, prefix, intPart, rest, spec, groupSize) {
  const sign = negative ? "-" : spec.sign === "-" ? "" : spec.sign;
  const head = sign + prefix;
  const alignment = spec.align ?? (spec.zero ? "=" : ">");
  let digits = intPart;
  let grouped = groupDigits(digits, spec.grouping, groupSize);
  if (spec.grouping && alignment === "=" && spec.fill === "0") {
    // Zero padding is grouped too: 1234 with '010,' is '00,001,234'.
    while (head.length + grouped.length + rest.length < spec.width) {
      digits = `0${digits}`;
      grouped = groupDigits(digits, spec.grouping, groupSize);
    }
  }
  return align(head, grouped + rest, spec, alignment);
}

/** Pads `head + body` to the spec's width ('=' puts the fill between them). */
function align(head, body, spec, defaultAlign) {
  const missing = spec.width - strLen(head) - strLen(body);
  if (missing <= 0) return head + body;
  const fill = (n) => spec.fill.repeat(n);
  switch (spec.align ?? defaultAlign) {
    case "<":
      return head + body + fill(missing);
    case "^":
      return fill(Math.floor(missing / 2)) + head + body + fill(missing - Math.floor(missing / 2));
    case "=":
      return head + fill(missing) + body;
    default:
      return fill(missing) + head + body;
  }
}

// ------------------------------------------------------------------ str % args

const CONVERSION = /^(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?/;

/** printf-style `template % args`: a tuple (any Array) gives the arguments, a dict a mapping. */
export function printf(template, args) {
  const mapping = isdict(args) ? args : null;
  let positional = Array.isArray(args) ? args : [args];
  let next = 0;
  const takeArg = () => {
    if (next >= positional.length) throw new TypeError("not enough arguments for format string");
    return positional[next++];
  };
  const parts = [];
  let i = 0;
  for (;;) {
    const percent = template.indexOf("%", i);
    if (percent < 0) break;
    parts.push(template.slice(i, percent));
    if (template[percent + 1] === "%") {
      parts.push("%");
      i = percent + 2;
      continue;
    }
    const m = CONVERSION.exec(template.slice(percent + 1));
    const [matched, key, flagText, widthText, precisionText] = m;
    const at = percent + 1 + matched.length;
    if (at >= template.length) throw new ValueError("incomplete format");
    let value;
    if (key !== undefined) {
      if (!mapping) throw new TypeError("format requires a mapping");
      value = getitem(mapping, key);
      positional = [];
    }
    const width = widthText === "*" ? requireInt(takeArg()) : Number(widthText ?? 0);
    let precision = null;
    if (precisionText !== undefined) precision = precisionText === "*" ? requireInt(takeArg()) : Number(precisionText);
    if (key === undefined) value = takeArg();
    const flags = {
      left: flagText.includes("-") || width < 0,
      zero: flagText.includes("0"),
      sign: flagText.includes("+") ? "+" : flagText.includes(" ") ? " " : "",
      alt: flagText.includes("#"),
      width: Math.abs(width),
      precision,
    };
    parts.push(convert(template[at], value, flags, at));
    i = at + 1;
  }
  parts.push(template.slice(i));
  if (next < positional.length && !mapping) {
    throw new TypeError("not all arguments converted during string formatting");
  }
  return joinParts(parts);
}

function convert(code, value, flags, index) {
  switch (code) {
    case "s":
    case "r":
    case "a": {
      const text = code === "s" ? toStr(value) : code === "r" ? repr(value) : ascii(value);
      return mapText(text, (t) => padText(flags.precision === null ? t : t.slice(0, flags.precision), flags));
    }
    case "d":
    case "i":
    case "u":
      return printfInt(Math.trunc(realArgument(value, `%${code} format: a real number is required`)), 10, code, flags);
    case "x":
    case "X":
    case "o":
      return printfInt(integerArgument(value, code), code === "o" ? 8 : 16, code, flags);
    case "e":
    case "E":
    case "f":
    case "F":
    case "g":
    case "G": {
      const x = realArgument(value, "must be real number");
      const body = floatBody(Math.abs(x), code, flags.precision ?? 6, flags.alt);
      return padNumber(x < 0 || Object.is(x, -0), "", body, flags);
    }
    case "c":
      return padText(printfChar(value), flags);
    default: {
      const hex = code.codePointAt(0).toString(16);
      throw new ValueError(`unsupported format character '${code}' (0x${hex}) at index ${index}`);
    }
  }
}

function realArgument(value, message) {
  if (typeof value === "number" || typeof value === "boolean") return Number(value);
  throw new TypeError(`${message}, not ${typeName(value)}`);
}

function integerArgument(value, code) {
  if (typeof value === "boolean" || Number.isInteger(value)) return Number(value);
  throw new TypeError(`%${code} format: an integer is required, not ${typeName(value)}`);
}

function printfInt(n, radix, code, flags) {
  let digits = intDigits(n, radix);
  if (code === "X") digits = digits.toUpperCase();
  if (flags.precision !== null) digits = digits.padStart(flags.precision, "0");
  const prefix = flags.alt && radix !== 10 ? (code === "o" ? "0o" : code === "X" ? "0X" : "0x") : "";
  return padNumber(n < 0, prefix, digits, flags);
}

function printfChar(value) {
  if (typeof value === "string" && strLen(value) === 1) return value;
  if (Number.isInteger(value)) return charOf(value);
  throw new TypeError("%c requires int or char");
}

function padText(text, flags) {
  return flags.left ? text.padEnd(flags.width) : text.padStart(flags.width);
}

function padNumber(negative, prefix, digits, flags) {
  const head = (negative ? "-" : flags.sign) + prefix;
  if (flags.left) return (head + digits).padEnd(flags.width);
  if (flags.zero) return head + digits.padStart(flags.width - head.length, "0");
  return (head + digits).padStart(flags.width);
}

// ----------------------------------------------------------------- str.format()

/** `template.format(*args, **kwargs)`. */
export function strFormat(template, args, kwargs) {
  const state = { args, kwargs: kwargs ?? {}, auto: 0, mode: null };
  return joinParts(formatFields(template, state));
}

function formatFields(template, state) {
  const parts = [];
  let i = 0;
  let literal = "";
  while (i < template.length) {
    const ch = template[i];
    if (ch === "{" && template[i + 1] === "{") {
      literal += "{";
      i += 2;
    } else if (ch === "}" && template[i + 1] === "}") {
      literal += "}";
      i += 2;
    } else if (ch === "}") {
      throw new ValueError("Single '}' encountered in format string");
    } else if (ch === "{") {
      const end = fieldEnd(template, i);
      parts.push(literal, formatField(template.slice(i + 1, end), state));
      literal = "";
      i = end + 1;
    } else {
      literal += ch;
      i += 1;
    }
  }
  parts.push(literal);
  return parts;
}

/** Index of the '}' closing the field opened at `start`, counting nested braces. */
function fieldEnd(template, start) {
  let depth = 0;
  for (let i = start; i < template.length; i++) {
    if (template[i] === "{") depth += 1;
    else if (template[i] === "}" && --depth === 0) return i;
  }
  if (start === template.length - 1) throw new ValueError("Single '{' encountered in format string");
  throw new ValueError("expected '}' before end of string");
}

function formatField(field, state) {
  const m = /^([^!:]*)(?:!([^:]*))?(?::([\s\S]*))?$/.exec(field);
  const [, name, conversion, specTemplate = ""] = m;
  let value = fieldValue(name, state);
  if (conversion !== undefined) {
    if (conversion === "r") value = repr(value);
    else if (conversion === "s") value = toStr(value);
    else if (conversion === "a") value = ascii(value);
    else if (conversion === "") throw new ValueError("end of string while looking for conversion specifier");
    else throw new ValueError(`Unknown conversion specifier ${conversion}`);
  }
  const spec = specTemplate.includes("{") ? joinParts(formatFields(specTemplate, state)) : specTemplate;
  if (value instanceof Promise || spec instanceof Promise) {
    return Promise.all([value, spec]).then(([v, s]) => format(v, s));
  }
  return format(value, spec);
}

/** The value a field name designates: `0`, `name`, `` (auto), then `.attr` / `[key]`. */
function fieldValue(name, state) {
  const [, first, accessors] = /^([^.[]*)([\s\S]*)$/.exec(name);
  let value;
  if (first === "" || /^\d+$/.test(first)) {
    const index = first === "" ? autoIndex(state) : manualIndex(state, Number(first));
    if (index >= state.args.length) {
      throw new IndexError(`Replacement index ${index} out of range for positional args tuple`);
    }
    value = state.args[index];
  } else {
    if (!Object.prototype.hasOwnProperty.call(state.kwargs, first)) throw new KeyError(first);
    value = state.kwargs[first];
  }
  for (const [, attribute, key] of accessors.matchAll(/\.([^.[]+)|\[([^\]]*)\]/g)) {
    value = attribute !== undefined ? readAttribute(value, attribute) : getitem(value, /^\d+$/.test(key) ? Number(key) : key);
  }
  return value;
}

function autoIndex(state) {
  if (state.mode === "manual") {
    throw new ValueError("cannot switch from manual field specification to automatic field numbering");
  }
  state.mode = "auto";
  return state.auto++;
}

function manualIndex(state, index) {
  if (state.mode === "auto") {
    throw new ValueError("cannot switch from automatic field numbering to manual field specification");
  }
  state.mode = "manual";
  return index;
}

function readAttribute(value, name) {
  if (value !== null && value !== undefined && name in Object(value)) return value[name];
  throw noAttribute(typeName(value), name);
}
