// Integer arguments and Python's index arithmetic: `x[i]` normalisation and slice.indices().

import { isInt, typeName } from "./core.js";
import { TypeError, ValueError } from "./exceptions.js";

/** An int (bools count) or null when `x` is not one. */
export function intOrNull(x) {
  if (isInt(x)) return x;
  if (typeof x === "boolean") return Number(x);
  return null;
}

/** An argument that must be an int: "'float' object cannot be interpreted as an integer". */
export function requireInt(x) {
  const n = intOrNull(x);
  if (n === null) throw new TypeError(`'${typeName(x)}' object cannot be interpreted as an integer`);
  return n;
}

/** An optional int argument (None allowed). */
export function optionalInt(x, fallback) {
  return x === null || x === undefined ? fallback : requireInt(x);
}

/**
 * slice(lo, hi, step).indices(length): clamped `start`, `stop`, `step` and the number of
 * selected items. Missing bounds are null.
 */
export function sliceIndices(length, lo, hi, step) {
  const stride = step === null || step === undefined ? 1 : sliceBound(step);
  if (stride === 0) throw new ValueError("slice step cannot be zero");
  const lower = stride < 0 ? -1 : 0;
  const upper = stride < 0 ? length - 1 : length;
  const clamp = (bound, fallback) => {
    if (bound === null || bound === undefined) return fallback;
    let n = sliceBound(bound);
    if (n < 0) n += length;
    return Math.min(Math.max(n, lower), upper);
  };
  const start = clamp(lo, stride < 0 ? upper : lower);
  const stop = clamp(hi, stride < 0 ? lower : upper);
  const span = stride > 0 ? stop - start : start - stop;
  const count = span > 0 ? Math.ceil(span / Math.abs(stride)) : 0;
  return { start, stop, step: stride, count };
}

function sliceBound(x) {
  const n = intOrNull(x);
  if (n === null) throw new TypeError("slice indices must be integers or None or have an __index__ method");
  return n;
}

/** The positions a slice selects, in order. */
export function* slicePositions({ start, step, count }) {
  for (let i = 0; i < count; i++) yield start + i * step;
}

/**
 * str.find()-style optional start/end: negative values count from the end, the end is
 * clamped to `length`, the start is not (a start past the end finds nothing).
 */
export function clampRange(length, start, end) {
  const resolve = (bound, fallback) => {
    if (bound === null || bound === undefined) return fallback;
    const n = sliceBound(bound);
    return n < 0 ? Math.max(n + length, 0) : n;
  };
  return [resolve(start, 0), Math.min(resolve(end, length), length)];
}
