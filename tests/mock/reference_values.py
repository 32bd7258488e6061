"""Reference side of tests/mock/server.values.test.mjs: small probes of SPRAG's value API.

Outcome, Operation, OperationError, Redirect, ActionDispatchError, HTTPError, slugify,
Schema.require/extend and the @action / @requires_auth metadata, each used the way server
code uses it. Reads a JSON list of probe names on stdin; prints, per probe,
{"result": <JSON value>} or {"raised": "<ExcClass>: <message>"}.
The JavaScript twins of the probes (same names) are in tests/mock/server.values.test.mjs.
"""

import json
import sys

from sprag import (
    Field,
    HTTPError,
    Operation,
    OperationError,
    Outcome,
    Redirect,
    Schema,
    action,
    redirect,
    requires_auth,
    slugify,
)
from sprag.runtime.server import ActionDispatchError


class Pair(Operation):
    def perform(self, a, b=2):
        return [a, b]


class Teapot(Operation):
    def validate(self, *args, **kwargs):
        raise OperationError("short and stout", status=418, meta={"k": 1})


def sample(self, name, count=3, *, flag=False):
    return None


SLUGS = ["Hello, World!", "", "   ", "--a--b--", "Ünïcödé", "CamelCase42", "a_b.c/d", None, 3.5, ["x", 1]]

PROBES = {
    "outcome_success": lambda: Outcome.success({"a": 1}, status=201, extra="x").to_dict(),
    "outcome_failure": lambda: Outcome.failure(ValueError("bad"), status=409, value=[1], code="E1").to_dict(),
    "outcome_failure_defaults": lambda: Outcome.failure("nope").to_dict(),
    "outcome_constructor": lambda: Outcome(True, 5).to_dict(),
    "outcome_repr": lambda: repr(Outcome.success(1)),
    "outcome_unwrap": lambda: Outcome.success([1]).unwrap(),
    "outcome_unwrap_failure": lambda: Outcome.failure("nope").unwrap(),
    "outcome_unwrap_empty_error": lambda: Outcome.failure("").unwrap(),
    "outcome_tuple": lambda: list(Outcome.success(5).to_tuple()),
    "outcome_equal": lambda: [Outcome.success(1) == Outcome.success(1), Outcome.success(1) == Outcome.success(2)],
    "operation_not_implemented": lambda: Operation().run(1).to_dict(),
    "operation_arguments": lambda: Pair().run(1, b=5).to_dict(),
    "operation_bad_arguments": lambda: Pair().run().to_dict(),
    "operation_error_meta": lambda: Teapot().run().to_dict(),
    "operation_success_helper": lambda: Operation().success(3, status=202, a=1).to_dict(),
    "operation_failure_helper": lambda: Operation().failure(KeyError("k"), status=404).to_dict(),
    "operation_error_fields": lambda: (lambda e: [str(e), e.message, e.status, e.meta])(OperationError(5, status=409)),
    "redirect_payloads": lambda: [
        redirect("/x").as_payload(),
        redirect("/x", status=301).as_payload(),
        redirect("/x", status=303, replace=True).as_payload(),
        Redirect("/y", status=308, replace=False).browser_replace,
    ],
    "redirect_str": lambda: [str(redirect("/x")), redirect("/x").location, redirect("/x").replace],
    "redirect_empty": lambda: redirect(""),
    "redirect_blank": lambda: redirect("   "),
    "redirect_not_str": lambda: redirect(5),
    "redirect_bad_replace": lambda: redirect("/x", replace="yes"),
    "redirect_str_status": lambda: redirect("/x", status="302"),
    "redirect_positional_status": lambda: redirect("/x", 302),
    "dispatch_error_fields": lambda: (lambda e: [str(e), e.status_code, e.traceback_text])(
        ActionDispatchError("gone", status_code=410)
    ),
    "dispatch_error_default": lambda: ActionDispatchError("bad").status_code,
    "http_error_fields": lambda: [
        HTTPError("m", 404).status_code,
        HTTPError("m", status=418).status_code,
        HTTPError("m", payload={"a": 1}).payload,
        str(HTTPError("m")),
    ],
    "slugify": lambda: [slugify(value) for value in SLUGS],
    "schema_require": lambda: Schema("r", {"n": Field(int)}).require({"n": "4", "x": 1}),
    "schema_require_none": lambda: Schema("r", {"n": Field(int, default=1)}).require(None),
    "schema_require_failure": lambda: Schema("r", {"n": Field(int, required=True)}).require({}),
    "schema_require_failure_fields": lambda: (lambda e: [str(e), e.status_code, e.payload])(
        _raised(lambda: Schema("r", {"n": Field(int, required=True)}).require({"n": "x"}))
    ),
    "schema_extend": lambda: Schema("a", {"x": Field(int)})
    .extend("b", {"y": Field(str, required=True)}, strict=True)
    .validate({"x": "1", "z": 1})
    .to_dict(),
    "schema_extend_keeps_strict": lambda: Schema("a", {"x": Field(int)}, strict=True)
    .extend("b", {})
    .validate({"q": 1})
    .error,
    "schema_extend_bad_field": lambda: Schema("a", {}).extend("b", {"y": 5}),
    "schema_names": lambda: (lambda s: [sorted(s.field_names), sorted(s.required_fields), repr(s)])(
        Schema("n", {"a": Field(int, required=True), "b": Field(str)})
    ),
    "schema_not_a_dict": lambda: Schema("n", {}).validate([1]).to_dict(),
    "field_attributes": lambda: (lambda f: [list(f.choices), f.required, f.default, f.label, f.validator])(
        Field(str, choices=("a", "b"), default="a")
    ),
    "field_empty_choices": lambda: Field(str, choices=[]).choices,
    "auth_roles_string": lambda: list(requires_auth(roles=" admin ")(sample)._sprag_auth_requirement.roles),
    "auth_roles_list": lambda: list(requires_auth(roles=["a", " ", "b ", 5])(sample)._sprag_auth_requirement.roles),
    "auth_roles_empty": lambda: requires_auth(roles=[])(sample)._sprag_auth_requirement.roles,
    "auth_roles_not_iterable": lambda: requires_auth(roles=5),
    "auth_defaults": lambda: (lambda r: [r.require_active_profile, r.redirect_to, r.next_param, r.permissions])(
        requires_auth(sample)._sprag_auth_requirement
    ),
    "auth_redirect": lambda: (lambda r: [r.redirect_to, r.next_param])(
        requires_auth(redirect_to="", next_param="to")(sample)._sprag_auth_requirement
    ),
    "action_meta": lambda: (lambda m: [m["name"], m["defer"], m["schema"]])(
        action(name="x", defer=1)(lambda self: None)._sprag_action_meta
    ),
    "action_meta_default_name": lambda: action(sample)._sprag_action_meta["name"],
    "action_empty_name": lambda: action(name="")(sample)._sprag_action_meta["name"],
    "action_derived_schema": lambda: (lambda s: [repr(s), sorted(s.required_fields), s.validate({"name": 1}).value])(
        action(derive=True, name="renamed")(sample)._sprag_action_meta["schema"]
    ),
    "action_explicit_schema_wins": lambda: action(schema=Schema("given", {}), derive=True)(sample)
    ._sprag_action_meta["schema"]
    .name,
}


def _raised(fn):
    try:
        fn()
    except Exception as exc:  # the probe inspects the exception itself
        return exc
    raise AssertionError("expected an exception")


def run_probe(name):
    try:
        return {"result": PROBES[name]()}
    except Exception as exc:  # reported, compared like any other result
        return {"raised": f"{type(exc).__name__}: {exc}"}


def main():
    names = json.load(sys.stdin)
    json.dump([run_probe(name) for name in names], sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()
