// range objects: lazy, with len(), indexing, slicing, `in` and index() in O(1).

import { IndexError, ValueError } from "./exceptions.js";
import { intOrNull, requireInt, sliceIndices } from "./indices.js";
import { repr } from "./repr.js";

export class PyRange {
  constructor(start, stop, step = 1) {
    this.start = requireInt(start);
    this.stop = requireInt(stop);
    this.step = requireInt(step);
    if (this.step === 0) throw new ValueError("range() arg 3 must not be zero");
    const span = this.step > 0 ? this.stop - this.start : this.start - this.stop;
    this.length = span > 0 ? Math.ceil(span / Math.abs(this.step)) : 0;
  }

  at(index) {
    const i = index < 0 ? index + this.length : index;
    if (i < 0 || i >= this.length) throw new IndexError("range object index out of range");
    return this.start + i * this.step;
  }

  /** Position of a value, or -1. */
  position(value) {
    const n = intOrNull(value);
    if (n === null) return -1;
    const offset = n - this.start;
    if (offset % this.step !== 0) return -1;
    const i = offset / this.step;
    return i >= 0 && i < this.length ? i : -1;
  }

  includes(value) {
    return this.position(value) >= 0;
  }

  index(value) {
    const i = this.position(value);
    if (i < 0) throw new ValueError(`${repr(value)} is not in range`);
    return i;
  }

  count(value) {
    return this.includes(value) ? 1 : 0;
  }

  slice(lo, hi, step) {
    const s = sliceIndices(this.length, lo, hi, step);
    const at = (i) => this.start + i * this.step;
    return new PyRange(at(s.start), at(s.stop), this.step * s.step);
  }

  *[Symbol.iterator]() {
    for (let i = 0; i < this.length; i++) yield this.start + i * this.step;
  }

  __repr__() {
    const step = this.step === 1 ? "" : `, ${this.step}`;
    return `range(${this.start}, ${this.stop}${step})`;
  }
}
PyRange.__name__ = "range";
