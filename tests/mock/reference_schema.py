"""Reference side of tests/mock/schema.test.mjs: run Specter's real Schema.validate.

Reads a JSON list of cases on stdin and prints a JSON list of results, one per case.
A case is {"schema": {"name", "strict", "fields": {key: spec}}, "payload": "<JSON text>"}
and a field spec is {"type", "required", "default", "choices", "validator", "label"}:
* type: "int" | "float" | "str" | "bool" | "list" | "dict" or the name of a coercer in COERCERS;
* default: a JSON value, or {"factory": name} for a callable default in FACTORIES;
* validator: the name of a validator in VALIDATORS;
* {"raw": value} instead of a spec passes a non-Field value (a schema construction error).
The callables are mirrored by name in tests/mock/schema.test.mjs.

A result is {"ok": true, "value": cleaned} | {"ok": false, "error", "status", "meta"}
| {"raised": "<ExcClass>: <message>"}; values JSON cannot hold become {"__repr__": repr(v)},
and so does -0.0.
"""

import json
import math
import sys

from specter import Field, Schema

TYPES = {"int": int, "float": float, "str": str, "bool": bool, "list": list, "dict": dict}


def shout(value):
    return str(value).upper()


def strict_int(value):
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("not an int")
    return value


def needs_text(value):
    if not isinstance(value, str):
        raise TypeError("text please")
    return value.strip()


def lookup(value):
    return {"a": 1, "b": 2}[value]


COERCERS = {"shout": shout, "strict_int": strict_int, "needs_text": needs_text, "lookup": lookup}


def make_list():
    return []


def make_tags():
    return ["new"]


FACTORIES = {"make_list": make_list, "make_tags": make_tags, "list": list, "dict": dict}


def positive(value):
    return value > 0


def non_empty(value):
    return len(value) > 0


def always_none(value):
    return None


def zero(value):
    return 0


def explode(value):
    raise ValueError(f"bad value {value!r}")


VALIDATORS = {
    "positive": positive,
    "non_empty": non_empty,
    "always_none": always_none,
    "zero": zero,
    "explode": explode,
}


def build_field(spec):
    kind = spec.get("type", "str")
    field_type = TYPES.get(kind) or COERCERS[kind]
    kwargs = {}
    if "required" in spec:
        kwargs["required"] = spec["required"]
    if "default" in spec:
        default = spec["default"]
        if isinstance(default, dict) and "factory" in default:
            default = FACTORIES[default["factory"]]
        kwargs["default"] = default
    if "choices" in spec:
        kwargs["choices"] = spec["choices"]
    if "validator" in spec:
        kwargs["validator"] = VALIDATORS[spec["validator"]]
    if "label" in spec:
        kwargs["label"] = spec["label"]
    return Field(field_type, **kwargs)


def build_schema(desc):
    fields = {}
    for key, spec in desc["fields"].items():
        fields[key] = spec["raw"] if "raw" in spec else build_field(spec)
    return Schema(desc.get("name", "s"), fields, strict=desc.get("strict", False))


def jsonable(value):
    return {"__repr__": repr(value)}


def finite(value):
    """Replace nan/inf (which JSON cannot hold) and -0.0 (which JavaScript's JSON loses) by their repr."""
    if isinstance(value, float) and (not math.isfinite(value) or math.copysign(1.0, value) < 0 and value == 0):
        return {"__repr__": repr(value)}
    if isinstance(value, list):
        return [finite(item) for item in value]
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    return value


def run_case(case):
    try:
        schema = build_schema(case["schema"])
        outcome = schema.validate(json.loads(case["payload"]))
    except Exception as exc:  # reported, compared like any other result
        return {"raised": f"{type(exc).__name__}: {exc}"}
    if outcome.ok:
        return {"ok": True, "value": finite(outcome.value)}
    return {"ok": False, "error": outcome.error, "status": outcome.status, "meta": outcome.meta}


def main():
    cases = json.load(sys.stdin)
    results = [run_case(case) for case in cases]
    json.dump(results, sys.stdout, default=jsonable, sort_keys=True)


if __name__ == "__main__":
    main()
