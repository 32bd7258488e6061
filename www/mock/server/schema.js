// Specter's payload contract: Field(type, required=, default=, choices=, validator=, label=)
// and Schema(name, fields, strict=). Schema.validate extracts, coerces with Python's
// semantics, defaults and checks a dict payload exactly as specter.core.schema does,
// messages included; it returns an Outcome whose value is the cleaned dict.

import * as $py from "../py/py.js";
import { HTTPError, makeOutcome } from "./outcome.js";
import { isCallable, isType, pyfunction, str, tuple, typeName } from "./pyfn.js";

const B = $py.builtins;
const FIELD_OPTIONS = ["required", "default", "choices", "validator", "label"];

// ------------------------------------------------------------------------- Field

/** One field of a Schema: the type (or coercer), presence rule, default and checks. */
export class Field extends $py.object {}

$py.klass(Field, "Field", {
  __init__: pyfunction(
    "__init__",
    {
      params: ["type"],
      defaults: { type: B.str },
      kwonly: FIELD_OPTIONS,
      kwdefaults: { required: false, default: null, choices: null, validator: null, label: null },
    },
    function (type, required, fallback, choices, validator, label) {
      this.type = type;
      this.required = required;
      this.default = fallback;
      this.choices = $py.truthy(choices) ? tuple($py.iter(choices)) : null;
      this.validator = validator;
      this.label = label;
    },
  ),
  /** The default value: a callable default is called (a factory) unless it is a class. */
  _resolve_default: pyfunction("_resolve_default", {}, async function () {
    if (isCallable(this.default) && !isType(this.default)) return $py.call(this.default);
    return this.default;
  }),
});

// ------------------------------------------------------------------------- Schema

/** A named collection of Fields that validates and coerces dict payloads. */
export class Schema extends $py.object {}

$py.klass(Schema, "Schema", {
  __init__: pyfunction(
    "__init__",
    { params: ["name", "fields"], kwonly: ["strict"], kwdefaults: { strict: false } },
    async function (name, fields, strict) {
      this.name = name;
      this._fields = new Map();
      this._strict = strict;
      for (const key of $py.iter(fields)) {
        const spec = await $py.getitem(fields, key);
        if (!(spec instanceof Field)) {
          const where = `'${await str(name)}': field '${await str(key)}'`;
          throw new $py.TypeError(`[SPECTER:schema] ${where} must be a Field instance, got ${typeName(spec)}`);
        }
        this._fields.set(key, spec);
      }
    },
  ),
  /** Validates and coerces `data`: Outcome(ok, value=cleaned dict) or a failure with meta.errors. */
  validate: pyfunction("validate", { params: ["data"] }, function (data) {
    return validatePayload(this, data);
  }),
  /** The cleaned dict, or raises HTTPError (status 400, payload {errors}) on failure. */
  require: pyfunction("require", { params: ["data"] }, async function (data) {
    const outcome = await validatePayload(this, $py.truthy(data) ? data : {});
    if (!outcome.ok) throw schemaHttpError(outcome);
    return outcome.value;
  }),
  /** A new Schema with this one's fields plus `extra_fields` (strict inherited unless given). */
  extend: pyfunction("extend", { params: ["name", "extra_fields"], varkw: "kwargs" }, async function (name, extra, kw) {
    const merged = {};
    for (const [key, spec] of this._fields) merged[key] = spec;
    for (const key of $py.iter(extra)) {
      const spec = await $py.getitem(extra, key);
      if (!(spec instanceof Field)) {
        const where = `extend '${await str(name)}': field '${await str(key)}'`;
        throw new $py.TypeError(`[SPECTER:schema] ${where} must be a Field instance`);
      }
      merged[key] = spec;
    }
    const strict = "strict" in kw ? kw.strict : this._strict;
    return $py.call(Schema, name, merged, $py.kw({ strict }));
  }),
  __repr__: pyfunction("__repr__", {}, async function () {
    const required = [...this._fields.values()].filter((spec) => $py.truthy(spec.required)).length;
    return `<Schema '${await str(this.name)}' ${this._fields.size} fields (${required} required)>`;
  }),
});

Object.defineProperties(Schema.prototype, {
  /** The set of declared field names. */
  field_names: {
    get() {
      return new Set(this._fields.keys());
    },
  },
  /** The set of required field names. */
  required_fields: {
    get() {
      return new Set([...this._fields].filter(([, spec]) => $py.truthy(spec.required)).map(([key]) => key));
    },
  },
});

/** A Schema built from JavaScript: `makeSchema("name", {count: field}, {strict})`. */
export async function makeSchema(name, fields, { strict = false } = {}) {
  return $py.call(Schema, name, fields, $py.kw({ strict }));
}

// ------------------------------------------------------------------------- validation

/** Specter's Schema.validate, step for step. */
async function validatePayload(schema, data) {
  if (!$py.isdict(data)) {
    const error = `[${await str(schema.name)}] Expected a dict payload, got ${typeName(data)}`;
    return makeOutcome({ ok: false, error, status: 400 });
  }
  const errors = new Map();
  const result = {};
  if ($py.truthy(schema._strict)) {
    for (const key of Object.keys(data)) {
      if (!schema._fields.has(key)) errors.set(key, `Unknown field '${key}'`);
    }
  }
  for (const [key, spec] of schema._fields) {
    const outcome = await checkField(key, spec, data);
    if ("error" in outcome) errors.set(key, outcome.error);
    else putKey(result, key, outcome.value);
  }
  if (errors.size > 0) {
    const parts = [...errors].map(([key, message]) => `${key}: ${message}`);
    const error = `[${await str(schema.name)}] Validation failed: ${parts.join("; ")}`;
    return makeOutcome({ ok: false, error, status: 400, meta: { errors: Object.fromEntries(errors) } });
  }
  return makeOutcome({ ok: true, value: result });
}

/** One field of the payload: `{value}` to keep or `{error}` to report. */
async function checkField(key, spec, data) {
  const label = $py.truthy(spec.label) ? await str(spec.label) : key;
  const present = Object.prototype.hasOwnProperty.call(data, key);
  const raw = present ? data[key] : null;
  if (!present) {
    if ($py.truthy(spec.required)) return { error: `'${label}' is required` };
    return { value: await spec._resolve_default() };
  }
  if (raw === null && !$py.truthy(spec.required)) return { value: await spec._resolve_default() };

  let coerced;
  try {
    coerced = await coerce(raw, spec.type);
  } catch (caught) {
    const exc = $py.pyerr(caught);
    if (!isValueOrTypeError(exc)) throw exc;
    const typeLabel = nameOf(spec.type);
    return {
      error:
        typeLabel === undefined
          ? `'${label}' coercion failed: ${await str(exc)}`
          : `'${label}' must be ${typeLabel}: ${await str(exc)}`,
    };
  }

  if (spec.choices !== null && spec.choices.length > 0 && !(await $py.contains(spec.choices, coerced))) {
    return { error: `'${label}' must be one of ${await str([...spec.choices])}, got '${await str(coerced)}'` };
  }
  if ($py.truthy(spec.validator)) {
    try {
      const valid = await $py.call(spec.validator, coerced);
      if (valid === false) return { error: `'${label}' failed validation` };
    } catch (caught) {
      return { error: `'${label}' validation error: ${await str($py.pyerr(caught))}` };
    }
  }
  return { value: coerced };
}

/** Specter's _coerce: a raw payload value converted to the field type, Python's way. */
async function coerce(value, target) {
  if (target === B.bool) return coerceBool(value);
  if (isType(target)) {
    if (typeof value !== "boolean" && (await $py.isinstance(value, target))) return value;
    if (target === B.list || target === B.dict) {
      throw new $py.TypeError(`Expected ${target.__name__}, got ${typeName(value)}`);
    }
  }
  if (target === B.int || target === B.float) return coerceNumber(value, target);
  if (target === B.str) return str(value);
  if (isCallable(target)) return $py.call(target, value);
  throw new $py.TypeError(`Unsupported coercion target: ${await str(target)}`);
}

async function coerceNumber(value, target) {
  try {
    return await $py.call(target, value);
  } catch (caught) {
    if (!isValueOrTypeError($py.pyerr(caught))) throw caught;
    throw new $py.ValueError(`Cannot convert ${typeName(value)} '${await str(value)}' to ${target.__name__}`);
  }
}

/** bool fields: numbers by truth, the strings 1/true/yes/on and 0/false/no/off/"" by name. */
async function coerceBool(value) {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return $py.truthy(value);
  if (typeof value === "string") {
    const word = await $py.callm(await $py.callm(value, "strip"), "lower");
    if (["1", "true", "yes", "on"].includes(word)) return true;
    if (["0", "false", "no", "off", ""].includes(word)) return false;
  }
  return $py.truthy(value);
}

function isValueOrTypeError(exc) {
  return exc instanceof $py.ValueError || exc instanceof $py.TypeError;
}

/** `spec.type.__name__` when the type has one (functions and classes do). */
function nameOf(target) {
  if (target === null || target === undefined) return undefined;
  if (typeof target === "function") return target.__name__ ?? target.name;
  return typeof target.__name__ === "string" ? target.__name__ : undefined;
}

/** Sets a dict key, even one named "__proto__". */
function putKey(dict, key, value) {
  Object.defineProperty(dict, key, { value, writable: true, enumerable: true, configurable: true });
}

/** The HTTPError Schema.require raises: the message, the status and {errors}. */
function schemaHttpError(outcome) {
  const error = new HTTPError(outcome.error || "Validation failed");
  Object.assign(error, {
    message: outcome.error || "Validation failed",
    status_code: outcome.status,
    payload: { errors: outcome.meta.errors ?? {} },
    log_message: null,
    log_level: 30,
  });
  return error;
}
