// `object`, the base of every Python class compiled without a base (`class A extends
// $py.object`): the default __init__, __str__ and __repr__.

import { declareClass, splitKwargs } from "./core.js";
import { TypeError } from "./exceptions.js";

export class PyObject {
  /** object.__init__: a class without its own __init__ takes no arguments. */
  __init__(...args) {
    const [positional, kwargs] = splitKwargs(args);
    if (positional.length > 0 || (kwargs && Object.keys(kwargs).length > 0)) {
      throw new TypeError(`${this.constructor.__name__}() takes no arguments`);
    }
  }

  __str__() {
    return this.__repr__();
  }

  __repr__() {
    return `<${this.constructor.__name__} object>`;
  }
}

declareClass(PyObject, "object");
