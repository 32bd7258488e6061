//! Small constructors for swc JavaScript AST nodes, so lowering code reads like the
//! JavaScript it builds. Spans carry Python byte offsets (+1, since swc reserves 0).

use ruff_text_size::TextRange;
use swc_common::{BytePos, Span, SyntaxContext, DUMMY_SP};
use swc_ecma_ast::*;

/// swc span for a Python range: byte offsets shifted by one (swc's 0 means "no position").
pub fn span(range: TextRange) -> Span {
    let lo: u32 = range.start().into();
    let hi: u32 = range.end().into();
    Span::new(BytePos(lo + 1), BytePos(hi + 1))
}

/// Identifier expression.
pub fn ident(name: &str, sp: Span) -> Box<Expr> {
    Box::new(Expr::Ident(id(name, sp)))
}

/// Bare identifier node.
pub fn id(name: &str, sp: Span) -> Ident {
    Ident::new(name.into(), sp, SyntaxContext::empty())
}

/// `this`.
pub fn this(sp: Span) -> Box<Expr> {
    Box::new(Expr::This(ThisExpr { span: sp }))
}

/// `undefined`.
pub fn undefined(sp: Span) -> Box<Expr> {
    ident("undefined", sp)
}

/// String literal.
pub fn str_lit(value: &str, sp: Span) -> Box<Expr> {
    Box::new(Expr::Lit(Lit::Str(Str { span: sp, value: value.into(), raw: None })))
}

/// Numeric literal (printed from `raw` when given, so ints keep their digits).
pub fn num(value: f64, raw: Option<&str>, sp: Span) -> Box<Expr> {
    Box::new(Expr::Lit(Lit::Num(Number { span: sp, value, raw: raw.map(Into::into) })))
}

/// Boolean literal.
pub fn bool_lit(value: bool, sp: Span) -> Box<Expr> {
    Box::new(Expr::Lit(Lit::Bool(Bool { span: sp, value })))
}

/// `null`.
pub fn null(sp: Span) -> Box<Expr> {
    Box::new(Expr::Lit(Lit::Null(Null { span: sp })))
}

/// `obj.prop`.
pub fn member(obj: Box<Expr>, prop: &str, sp: Span) -> Box<Expr> {
    Box::new(Expr::Member(MemberExpr {
        span: sp,
        obj: wrap_callee(obj),
        prop: MemberProp::Ident(IdentName { span: sp, sym: prop.into() }),
    }))
}

/// `obj[prop]`.
pub fn index(obj: Box<Expr>, prop: Box<Expr>, sp: Span) -> Box<Expr> {
    Box::new(Expr::Member(MemberExpr {
        span: sp,
        obj: wrap_callee(obj),
        prop: MemberProp::Computed(ComputedPropName { span: sp, expr: prop }),
    }))
}

/// `callee(args)`.
pub fn call(callee: Box<Expr>, args: Vec<Box<Expr>>, sp: Span) -> Box<Expr> {
    call_spread(callee, args.into_iter().map(arg).collect(), sp)
}

/// `callee(args)` with spread-capable arguments.
pub fn call_spread(callee: Box<Expr>, args: Vec<ExprOrSpread>, sp: Span) -> Box<Expr> {
    Box::new(Expr::Call(CallExpr {
        span: sp,
        ctxt: SyntaxContext::empty(),
        callee: Callee::Expr(wrap_callee(callee)),
        args,
        type_args: None,
    }))
}

/// `obj.method(args)`.
pub fn method(obj: Box<Expr>, name: &str, args: Vec<Box<Expr>>, sp: Span) -> Box<Expr> {
    call(member(obj, name, sp), args, sp)
}

/// `new callee(args)`.
pub fn new(callee: Box<Expr>, args: Vec<ExprOrSpread>, sp: Span) -> Box<Expr> {
    Box::new(Expr::New(NewExpr {
        span: sp,
        ctxt: SyntaxContext::empty(),
        callee: wrap_callee(callee),
        args: Some(args),
        type_args: None,
    }))
}

/// Plain argument.
pub fn arg(expr: Box<Expr>) -> ExprOrSpread {
    ExprOrSpread { spread: None, expr }
}

/// `...expr` argument or array element.
pub fn spread(expr: Box<Expr>, sp: Span) -> ExprOrSpread {
    ExprOrSpread { spread: Some(sp), expr }
}

/// `(expr)`.
pub fn paren(expr: Box<Expr>) -> Box<Expr> {
    if matches!(*expr, Expr::Paren(_)) {
        return expr;
    }
    let sp = span_of(&expr);
    Box::new(Expr::Paren(ParenExpr { span: sp, expr }))
}

/// Parenthesise `expr` when it is not a primary expression, so it can be a callee,
/// member object or operand without precedence surprises.
pub fn wrap_callee(expr: Box<Expr>) -> Box<Expr> {
    match *expr {
        Expr::Ident(_)
        | Expr::This(_)
        | Expr::Member(_)
        | Expr::Call(_)
        | Expr::Paren(_)
        | Expr::Array(_)
        | Expr::Tpl(_)
        | Expr::SuperProp(_)
        | Expr::OptChain(_) => expr,
        Expr::Lit(Lit::Num(ref n)) if n.value >= 0.0 => paren(expr),
        Expr::Lit(_) => expr,
        _ => paren(expr),
    }
}

/// Binary expression `(left op right)` with both operands made safe.
pub fn bin(op: BinaryOp, left: Box<Expr>, right: Box<Expr>, sp: Span) -> Box<Expr> {
    Box::new(Expr::Bin(BinExpr { span: sp, op, left: operand(left), right: operand(right) }))
}

/// Like [`bin`] but wrapped in parentheses, as the reference prints binary operators.
pub fn pbin(op: BinaryOp, left: Box<Expr>, right: Box<Expr>, sp: Span) -> Box<Expr> {
    paren(bin(op, left, right, sp))
}

fn operand(expr: Box<Expr>) -> Box<Expr> {
    match *expr {
        Expr::Bin(_) | Expr::Cond(_) | Expr::Assign(_) | Expr::Arrow(_) | Expr::Seq(_) | Expr::Yield(_) => paren(expr),
        _ => expr,
    }
}

/// Unary expression, operand parenthesised unless primary.
pub fn unary(op: UnaryOp, arg: Box<Expr>, sp: Span) -> Box<Expr> {
    Box::new(Expr::Unary(UnaryExpr { span: sp, op, arg: wrap_callee(arg) }))
}

/// `!(expr)`.
pub fn not(expr: Box<Expr>, sp: Span) -> Box<Expr> {
    unary(UnaryOp::Bang, paren(expr), sp)
}

/// `(test ? cons : alt)`.
pub fn cond(test: Box<Expr>, cons: Box<Expr>, alt: Box<Expr>, sp: Span) -> Box<Expr> {
    paren(Box::new(Expr::Cond(CondExpr { span: sp, test: operand(test), cons: operand(cons), alt: operand(alt) })))
}

/// `[a, b, ...c]`.
pub fn array(elems: Vec<ExprOrSpread>, sp: Span) -> Box<Expr> {
    Box::new(Expr::Array(ArrayLit { span: sp, elems: elems.into_iter().map(Some).collect() }))
}

/// `[a, b]` from plain expressions.
pub fn array_of(elems: Vec<Box<Expr>>, sp: Span) -> Box<Expr> {
    array(elems.into_iter().map(arg).collect(), sp)
}

/// Object literal from properties.
pub fn object(props: Vec<PropOrSpread>, sp: Span) -> Box<Expr> {
    Box::new(Expr::Object(ObjectLit { span: sp, props }))
}

/// `"key": value` property (string key, as the reference prints dict and attribute keys).
pub fn prop_str(key: &str, value: Box<Expr>, sp: Span) -> PropOrSpread {
    PropOrSpread::Prop(Box::new(Prop::KeyValue(KeyValueProp {
        key: PropName::Str(Str { span: sp, value: key.into(), raw: None }),
        value,
    })))
}

/// `key: value` property with an identifier key.
pub fn prop_ident(key: &str, value: Box<Expr>, sp: Span) -> PropOrSpread {
    PropOrSpread::Prop(Box::new(Prop::KeyValue(KeyValueProp { key: PropName::Ident(IdentName { span: sp, sym: key.into() }), value })))
}

/// `[key]: value` property.
pub fn prop_computed(key: Box<Expr>, value: Box<Expr>, sp: Span) -> PropOrSpread {
    PropOrSpread::Prop(Box::new(Prop::KeyValue(KeyValueProp {
        key: PropName::Computed(ComputedPropName { span: sp, expr: key }),
        value,
    })))
}

/// `...expr` in an object literal.
pub fn prop_spread(expr: Box<Expr>, sp: Span) -> PropOrSpread {
    PropOrSpread::Spread(SpreadElement { dot3_token: sp, expr })
}

/// Binding pattern for a plain name.
pub fn pat(name: &str, sp: Span) -> Pat {
    Pat::Ident(BindingIdent { id: id(name, sp), type_ann: None })
}

/// `[a, b]` destructuring pattern.
pub fn array_pat(names: Vec<Pat>, sp: Span) -> Pat {
    Pat::Array(ArrayPat { span: sp, elems: names.into_iter().map(Some).collect(), optional: false, type_ann: None })
}

/// `...name` rest parameter.
pub fn rest_pat(name: &str, sp: Span) -> Pat {
    Pat::Rest(RestPat { span: sp, dot3_token: sp, arg: Box::new(pat(name, sp)), type_ann: None })
}

/// `name = default` parameter.
pub fn default_pat(name: &str, default: Box<Expr>, sp: Span) -> Pat {
    Pat::Assign(AssignPat { span: sp, left: Box::new(pat(name, sp)), right: default })
}

/// `(params) => body` with an expression body (object bodies are parenthesised).
pub fn arrow(params: Vec<Pat>, body: Box<Expr>, sp: Span) -> Box<Expr> {
    let body = match *body {
        Expr::Object(_) | Expr::Seq(_) => paren(body),
        _ => body,
    };
    Box::new(Expr::Arrow(ArrowExpr {
        span: sp,
        ctxt: SyntaxContext::empty(),
        params,
        body: Box::new(ArrowFunctionBody::Expr(body)),
        is_async: false,
        is_generator: false,
        type_params: None,
        return_type: None,
    }))
}

/// `(params) => { stmts }`.
pub fn arrow_block(params: Vec<Pat>, stmts: Vec<Stmt>, sp: Span) -> Box<Expr> {
    Box::new(Expr::Arrow(ArrowExpr {
        span: sp,
        ctxt: SyntaxContext::empty(),
        params,
        body: Box::new(ArrowFunctionBody::FunctionBody(FunctionBody { span: sp, stmts })),
        is_async: false,
        is_generator: false,
        type_params: None,
        return_type: None,
    }))
}

/// `{ stmts }`.
pub fn block(stmts: Vec<Stmt>, sp: Span) -> BlockStmt {
    BlockStmt { span: sp, ctxt: SyntaxContext::empty(), stmts }
}

/// `expr;`.
pub fn expr_stmt(expr: Box<Expr>, sp: Span) -> Stmt {
    let expr = match *expr {
        // A statement may not start with `{` or `function`: keep such expressions parenthesised.
        Expr::Object(_) | Expr::Fn(_) | Expr::Class(_) => paren(expr),
        _ => expr,
    };
    Stmt::Expr(ExprStmt { span: sp, expr })
}

/// `return expr;`.
pub fn ret(expr: Option<Box<Expr>>, sp: Span) -> Stmt {
    Stmt::Return(ReturnStmt { span: sp, arg: expr })
}

/// `let name = init;` / `const name = init;` / `let name;`.
pub fn var(kind: VarDeclKind, target: Pat, init: Option<Box<Expr>>, sp: Span) -> Stmt {
    Stmt::Decl(Decl::Var(Box::new(var_decl(kind, target, init, sp))))
}

/// The declaration node behind [`var`].
pub fn var_decl(kind: VarDeclKind, target: Pat, init: Option<Box<Expr>>, sp: Span) -> VarDecl {
    VarDecl {
        span: sp,
        ctxt: SyntaxContext::empty(),
        kind,
        declare: false,
        decls: vec![VarDeclarator { span: sp, name: target, init, definite: false }],
    }
}

/// `let a, b, c;`.
pub fn let_many(names: &[String], sp: Span) -> Stmt {
    Stmt::Decl(Decl::Var(Box::new(VarDecl {
        span: sp,
        ctxt: SyntaxContext::empty(),
        kind: VarDeclKind::Let,
        declare: false,
        decls: names.iter().map(|n| VarDeclarator { span: sp, name: pat(n, sp), init: None, definite: false }).collect(),
    })))
}

/// `target = value` (or another assignment operator).
pub fn assign(op: AssignOp, target: AssignTarget, value: Box<Expr>, sp: Span) -> Box<Expr> {
    Box::new(Expr::Assign(AssignExpr { span: sp, op, left: target, right: value }))
}

/// Assignment target for an expression that is a name or a member access.
#[allow(clippy::boxed_local)] // lowering hands expressions around boxed
pub fn simple_target(expr: Box<Expr>) -> Option<AssignTarget> {
    match *expr {
        Expr::Ident(i) => Some(AssignTarget::Simple(SimpleAssignTarget::Ident(BindingIdent { id: i, type_ann: None }))),
        Expr::Member(m) => Some(AssignTarget::Simple(SimpleAssignTarget::Member(m))),
        Expr::Paren(p) => simple_target(p.expr),
        _ => None,
    }
}

/// Assignment target for an identifier.
pub fn ident_target(name: &str, sp: Span) -> AssignTarget {
    AssignTarget::Simple(SimpleAssignTarget::Ident(BindingIdent { id: id(name, sp), type_ann: None }))
}

/// Destructuring assignment target `[a, b]`.
pub fn array_target(names: Vec<Pat>, sp: Span) -> AssignTarget {
    AssignTarget::Pat(AssignTargetPat::Array(ArrayPat { span: sp, elems: names.into_iter().map(Some).collect(), optional: false, type_ann: None }))
}

/// `if (test) { cons } else alt`.
pub fn if_stmt(test: Box<Expr>, cons: Vec<Stmt>, alt: Option<Stmt>, sp: Span) -> Stmt {
    Stmt::If(IfStmt { span: sp, test, cons: Box::new(Stmt::Block(block(cons, sp))), alt: alt.map(Box::new) })
}

/// `throw expr;`.
pub fn throw(expr: Box<Expr>, sp: Span) -> Stmt {
    Stmt::Throw(ThrowStmt { span: sp, arg: expr })
}

/// Class method `name(params) { body }`.
pub fn class_method(name: &str, params: Vec<Pat>, body: Vec<Stmt>, is_async: bool, sp: Span) -> ClassMember {
    ClassMember::Method(ClassMethod {
        span: sp,
        key: PropName::Ident(IdentName { span: sp, sym: name.into() }),
        function: Box::new(function(params, body, is_async, sp)),
        kind: MethodKind::Method,
        is_static: false,
        accessibility: None,
        is_abstract: false,
        is_optional: false,
        is_override: false,
    })
}

/// Function node with plain parameters.
pub fn function(params: Vec<Pat>, body: Vec<Stmt>, is_async: bool, sp: Span) -> Function {
    Function {
        params: params.into_iter().map(|p| Param { span: sp, decorators: vec![], pat: p }).collect(),
        decorators: vec![],
        span: sp,
        ctxt: SyntaxContext::empty(),
        this_param: None,
        body: Some(FunctionBody { span: sp, stmts: body }),
        is_generator: false,
        is_async,
        type_params: None,
        return_type: None,
    }
}

/// `function name(params) { body }` declaration.
pub fn fn_decl(name: &str, params: Vec<Pat>, body: Vec<Stmt>, sp: Span) -> Stmt {
    Stmt::Decl(Decl::Fn(FnDecl { ident: id(name, sp), declare: false, function: Box::new(function(params, body, false, sp)) }))
}

/// Template literal from alternating quasis (raw text) and expressions.
pub fn template(quasis: Vec<String>, exprs: Vec<Box<Expr>>, sp: Span) -> Box<Expr> {
    let n = quasis.len();
    Box::new(Expr::Tpl(Tpl {
        span: sp,
        exprs,
        quasis: quasis
            .into_iter()
            .enumerate()
            .map(|(i, raw)| TplElement { span: sp, tail: i + 1 == n, cooked: None, raw: raw.into() })
            .collect(),
    }))
}

/// Escape text for the raw part of a template literal.
pub fn template_raw(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '`' => out.push_str("\\`"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            '\r' => out.push_str("\\r"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

/// The span of any expression (DUMMY when it has none).
pub fn span_of(expr: &Expr) -> Span {
    use swc_common::Spanned;
    let sp = expr.span();
    if sp.lo.0 == 0 { DUMMY_SP } else { sp }
}

/// Is `expr` free of side effects and cheap, so it may be evaluated twice?
pub fn is_simple(expr: &Expr) -> bool {
    match expr {
        Expr::Ident(_) | Expr::This(_) | Expr::Lit(_) => true,
        Expr::Member(m) => {
            is_simple(&m.obj)
                && match &m.prop {
                    MemberProp::Computed(c) => is_simple(&c.expr),
                    _ => true,
                }
        }
        Expr::Paren(p) => is_simple(&p.expr),
        _ => false,
    }
}
