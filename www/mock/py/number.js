// Exact decimal rendering of doubles, the way CPython does it: repr of floats (shortest
// round-trip digits, exponent outside 1e-4 <= |x| < 1e16), fixed and scientific notation
// rounded half-to-even on the exact binary value (so '%.2f' % 0.125 == '0.12' and
// round(2.675, 2) == 2.67), and Python's round(). JS numbers cannot tell 1.0 from 1:
// integral numbers below 1e16 print as ints.

const view = new DataView(new ArrayBuffer(8));

/** |x| = mantissa * 2**exponent exactly, for finite non-zero x. */
function decompose(x) {
  view.setFloat64(0, Math.abs(x));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = hi >>> 20;
  const fraction = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return [fraction, -1074];
  return [fraction | (1n << 52n), biased - 1075];
}

/** round(|x| * 10**shift) to an integer, ties to even, computed exactly. */
export function scaledRound(x, shift) {
  if (x === 0) return 0n;
  const [mantissa, exponent] = decompose(x);
  let num = mantissa;
  let den = 1n;
  if (exponent >= 0) num <<= BigInt(exponent);
  else den <<= BigInt(-exponent);
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den *= 10n ** BigInt(-shift);
  const quotient = num / den;
  const twiceRest = (num % den) * 2n;
  const roundUp = twiceRest > den || (twiceRest === den && (quotient & 1n) === 1n);
  return roundUp ? quotient + 1n : quotient;
}

/** |x| with `precision` digits after the point ('%.*f' without the sign). */
export function fixedDigits(x, precision) {
  const digits = scaledRound(x, precision).toString();
  if (precision === 0) return digits;
  const padded = digits.padStart(precision + 1, "0");
  return `${padded.slice(0, -precision)}.${padded.slice(-precision)}`;
}

/** |x| as `precision + 1` significant digits and a decimal exponent ('%.*e' parts). */
export function scientificParts(x, precision) {
  if (x === 0) return { digits: "0".repeat(precision + 1), exponent: 0 };
  let exponent = Math.floor(Math.log10(Math.abs(x)));
  let n = scaledRound(x, precision - exponent);
  const limit = 10n ** BigInt(precision + 1);
  if (n >= limit) {
    exponent += 1;
    n = scaledRound(x, precision - exponent);
  } else if (n * 10n < limit) {
    exponent -= 1;
    n = scaledRound(x, precision - exponent);
  }
  return { digits: n.toString(), exponent };
}

/** Python's exponent suffix: e+16, e-05, e+100. */
export function exponentSuffix(exponent, letter = "e") {
  const sign = exponent < 0 ? "-" : "+";
  return letter + sign + String(Math.abs(exponent)).padStart(2, "0");
}

/** Digits d1 d2 ... with value d1.d2... × 10**exponent, in positional notation. */
export function placePoint(digits, exponent) {
  if (exponent < 0) return `0.${"0".repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return digits + "0".repeat(exponent + 1 - digits.length);
  return `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

/** Shortest round-trip digits of |x| and its decimal exponent (x finite, non-zero). */
export function shortestParts(x) {
  const [mantissa, exponent] = Math.abs(x).toExponential().split("e");
  return { digits: mantissa.replace(".", ""), exponent: Number(exponent) };
}

/** repr(float): '0.1', '1e+16', '1.5e-07', 'inf', 'nan', '-0.0', '2.0'. */
export function floatRepr(x) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  if (x === 0) return `${sign}0.0`;
  const { digits, exponent } = shortestParts(x);
  if (exponent < -4 || exponent >= 16) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return sign + mantissa + exponentSuffix(exponent);
  }
  const text = placePoint(digits, exponent);
  return sign + (text.includes(".") ? text : `${text}.0`);
}

/** True when a number prints as a Python int (integral and below 1e16; -0 is a float). */
export function looksInt(x) {
  return Number.isInteger(x) && Math.abs(x) < 1e16 && !Object.is(x, -0);
}

/** repr() of a JS number: integral ones as ints, the others as Python floats. */
export function numberRepr(x) {
  return looksInt(x) ? String(x) : floatRepr(x);
}

const NDIGITS_MAX = 323;
const NDIGITS_MIN = -308;

/** round(x, ndigits) for a float: correctly rounded, ties to even on the exact value. */
export function roundToDigits(x, ndigits) {
  if (!Number.isFinite(x) || x === 0 || ndigits > NDIGITS_MAX) return x;
  if (ndigits < NDIGITS_MIN) return 0 * x;
  const sign = x < 0 ? -1 : 1;
  if (ndigits >= 0) return sign * Number.parseFloat(fixedDigits(x, ndigits));
  return sign * Number(scaledRound(x, ndigits) * 10n ** BigInt(-ndigits));
}
