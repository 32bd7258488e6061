//! Static evaluation of Python literals (store initial values, decorator arguments).

use ruff_python_ast::{self as ast, Expr, Number};

/// A Python literal value known at compile time.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Literal>),
    /// Insertion-ordered key/value pairs (keys are literals too; strings in practice).
    Dict(Vec<(Literal, Literal)>),
}

impl Literal {
    /// Evaluate `expr` if it is built only from literals (negative numbers included).
    pub fn eval(expr: &Expr) -> Option<Literal> {
        Some(match expr {
            Expr::NoneLiteral(_) => Literal::None,
            Expr::BooleanLiteral(b) => Literal::Bool(b.value),
            Expr::StringLiteral(s) => Literal::Str(s.value.to_str().to_string()),
            Expr::NumberLiteral(n) => match &n.value {
                Number::Int(i) => Literal::Int(i.as_i64()?),
                Number::Float(f) => Literal::Float(*f),
                Number::Complex { .. } => return None,
            },
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::USub => match Literal::eval(&u.operand)? {
                Literal::Int(i) => Literal::Int(-i),
                Literal::Float(f) => Literal::Float(-f),
                _ => return None,
            },
            Expr::List(l) => Literal::List(l.elts.iter().map(Literal::eval).collect::<Option<_>>()?),
            Expr::Tuple(t) => Literal::List(t.elts.iter().map(Literal::eval).collect::<Option<_>>()?),
            Expr::Dict(d) => {
                let mut items: Vec<(Literal, Literal)> = Vec::with_capacity(d.items.len());
                for item in &d.items {
                    let key = Literal::eval(item.key.as_ref()?)?;
                    let value = Literal::eval(&item.value)?;
                    // Python dicts keep the first position and the last value of a repeated key.
                    if let Some(slot) = items.iter_mut().find(|(k, _)| *k == key) {
                        slot.1 = value;
                    } else {
                        items.push((key, value));
                    }
                }
                Literal::Dict(items)
            }
            _ => return None,
        })
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Literal::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Python truthiness of the value.
    pub fn truthy(&self) -> bool {
        match self {
            Literal::None => false,
            Literal::Bool(b) => *b,
            Literal::Int(i) => *i != 0,
            Literal::Float(f) => *f != 0.0,
            Literal::Str(s) => !s.is_empty(),
            Literal::List(l) => !l.is_empty(),
            Literal::Dict(d) => !d.is_empty(),
        }
    }

    /// The value as a number, for numeric decorator arguments (`bool` counts, as in Python).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Literal::Bool(b) => Some(*b as i64 as f64),
            Literal::Int(i) => Some(*i as f64),
            Literal::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// Dictionary key as the string JSON would print (`json.dumps` turns keys into strings).
    pub fn json_key(&self) -> Option<String> {
        Some(match self {
            Literal::Str(s) => s.clone(),
            Literal::Int(i) => i.to_string(),
            Literal::Bool(b) => b.to_string(),
            Literal::None => "null".to_string(),
            Literal::Float(f) => format_float(*f),
            _ => return None,
        })
    }
}

/// Format a float as Python's `repr` (and so `json.dumps`) does for finite values.
pub fn format_float(value: f64) -> String {
    if value.is_nan() {
        return "NaN".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    if value == value.trunc() && value.abs() < 1e16 {
        return format!("{value:.1}");
    }
    let s = format!("{value:?}");
    s
}
