// `import hashlib` / `from hashlib import sha256` for compiled server code: sha256, sha1, md5
// and new(name, data=b""), computed synchronously in plain JavaScript (WebCrypto is async
// only). A hash object has update(data), digest() (bytes: a Uint8Array), hexdigest(), copy(),
// name, digest_size and block_size. Data must be bytes (`str.encode()` gives a Uint8Array);
// a str raises Python's TypeError "Strings must be encoded before hashing".

import * as $py from "../py/py.js";
import { syncfunction } from "../server/context.js";

// --------------------------------------------------------------------------- algorithms

const K256 = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** Message padding shared by SHA-1/SHA-256 (big-endian length) and MD5 (little-endian). */
function pad(bytes, littleEndian) {
  const bitLength = bytes.length * 8;
  const total = Math.ceil((bytes.length + 9) / 64) * 64;
  const out = new Uint8Array(total);
  out.set(bytes);
  out[bytes.length] = 0x80;
  const view = new DataView(out.buffer);
  const high = Math.floor(bitLength / 0x100000000);
  const low = bitLength >>> 0;
  if (littleEndian) {
    view.setUint32(total - 8, low, true);
    view.setUint32(total - 4, high, true);
  } else {
    view.setUint32(total - 8, high, false);
    view.setUint32(total - 4, low, false);
  }
  return out;
}

const rotr = (x, n) => (x >>> n) | (x << (32 - n));
const rotl = (x, n) => (x << n) | (x >>> (32 - n));

function sha256Digest(bytes) {
  const data = pad(bytes, false);
  const view = new DataView(data.buffer);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  for (let offset = 0; offset < data.length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4, false);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K256[i] + w[i]) >>> 0;
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  h.forEach((word, i) => outView.setUint32(i * 4, word, false));
  return out;
}

function sha1Digest(bytes) {
  const data = pad(bytes, false);
  const view = new DataView(data.buffer);
  const h = new Uint32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]);
  const w = new Uint32Array(80);
  for (let offset = 0; offset < data.length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4, false);
    for (let i = 16; i < 80; i++) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    let [a, b, c, d, e] = h;
    for (let i = 0; i < 80; i++) {
      let f;
      let k;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const t = (rotl(a, 5) + f + e + k + w[i]) >>> 0;
      e = d;
      d = c;
      c = rotl(b, 30) >>> 0;
      b = a;
      a = t;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
  }
  const out = new Uint8Array(20);
  const outView = new DataView(out.buffer);
  h.forEach((word, i) => outView.setUint32(i * 4, word, false));
  return out;
}

const MD5_S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const MD5_K = new Uint32Array(64).map((_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 0x100000000));

function md5Digest(bytes) {
  const data = pad(bytes, true);
  const view = new DataView(data.buffer);
  const h = new Uint32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476]);
  const m = new Uint32Array(16);
  for (let offset = 0; offset < data.length; offset += 64) {
    for (let i = 0; i < 16; i++) m[i] = view.getUint32(offset + i * 4, true);
    let [a, b, c, d] = h;
    for (let i = 0; i < 64; i++) {
      let f;
      let g;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      const s = MD5_S[(i >> 4) * 4 + (i % 4)];
      const sum = (a + f + MD5_K[i] + m[g]) >>> 0;
      a = d;
      d = c;
      c = b;
      b = (b + rotl(sum, s)) >>> 0;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
  }
  const out = new Uint8Array(16);
  const outView = new DataView(out.buffer);
  h.forEach((word, i) => outView.setUint32(i * 4, word, true));
  return out;
}

const ALGORITHMS = {
  sha256: { digest: sha256Digest, size: 32, block: 64 },
  sha1: { digest: sha1Digest, size: 20, block: 64 },
  md5: { digest: md5Digest, size: 16, block: 64 },
};

// --------------------------------------------------------------------------- hash objects

function asBytes(data) {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (typeof data === "string") throw new $py.TypeError("Strings must be encoded before hashing");
  throw new $py.TypeError(`object supporting the buffer API required`);
}

/** A hashlib hash object (`HASH`). */
export class Hash extends $py.object {}

function makeHash(name, data) {
  const hash = new Hash();
  hash._algorithm = name;
  hash._chunks = [];
  hash._length = 0;
  if (data !== null && data !== undefined) appendData(hash, data);
  return hash;
}

function appendData(hash, data) {
  const bytes = asBytes(data);
  hash._chunks.push(bytes.slice());
  hash._length += bytes.length;
}

function digestOf(hash) {
  const all = new Uint8Array(hash._length);
  let offset = 0;
  for (const chunk of hash._chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  hash._chunks = [all];
  return ALGORITHMS[hash._algorithm].digest(all);
}

$py.klass(Hash, "HASH", {
  update: syncfunction("update", { params: ["data"] }, function (data) {
    appendData(this, data);
    return null;
  }),
  digest: syncfunction("digest", {}, function () {
    return digestOf(this);
  }),
  hexdigest: syncfunction("hexdigest", {}, function () {
    return [...digestOf(this)].map((b) => b.toString(16).padStart(2, "0")).join("");
  }),
  copy: syncfunction("copy", {}, function () {
    const copy = makeHash(this._algorithm, null);
    copy._chunks = [...this._chunks];
    copy._length = this._length;
    return copy;
  }),
  __repr__: syncfunction("__repr__", {}, function () {
    return `<${this._algorithm} _hashlib.HASH object>`;
  }),
});

for (const [key, read] of Object.entries({
  name: (h) => h._algorithm,
  digest_size: (h) => ALGORITHMS[h._algorithm].size,
  block_size: (h) => ALGORITHMS[h._algorithm].block,
})) {
  Object.defineProperty(Hash.prototype, key, { get() { return read(this); }, configurable: true });
}

function constructor(name) {
  return syncfunction(
    name,
    { params: ["string"], defaults: { string: null }, kwonly: ["usedforsecurity", "data"], kwdefaults: { usedforsecurity: true, data: null } },
    (string, _usedForSecurity, data) => makeHash(name, string ?? data),
  );
}

/** `hashlib.sha256(data=b"")` */
export const sha256 = constructor("sha256");
/** `hashlib.sha1(data=b"")` */
export const sha1 = constructor("sha1");
/** `hashlib.md5(data=b"")` */
export const md5 = constructor("md5");

/** `hashlib.new(name, data=b"")` */
const newHash = syncfunction(
  "new",
  { params: ["name", "data"], defaults: { data: null }, kwonly: ["usedforsecurity"], kwdefaults: { usedforsecurity: true } },
  (name, data) => {
    const key = String(name).toLowerCase().replace("-", "");
    if (!ALGORITHMS[key]) throw new $py.ValueError(`unsupported hash type ${name}`);
    return makeHash(key, data);
  },
);
export { newHash as new };

/** `hashlib.algorithms_available` (what this stand-in implements). */
export const algorithms_available = new Set(Object.keys(ALGORITHMS));
export const algorithms_guaranteed = algorithms_available;
