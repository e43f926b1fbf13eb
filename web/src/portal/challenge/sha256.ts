// SHA-256 (FIPS 180-4) over bytes, synchronous and allocation-free per call, for the proof-of-work challenge:
// WebCrypto's digest() is asynchronous, and awaiting it a few hundred thousand times costs far more than hashing.
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
])
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]

const W = new Uint32Array(64)
const OUT = new Uint32Array(8)
let pad = new Uint8Array(128)

/** One 64-byte block at `buf[off…]` into `h` (eight words, updated in place). */
function compress(h: Uint32Array, buf: Uint8Array, off: number): void {
  for (let i = 0; i < 16; i++) {
    const j = off + i * 4
    W[i] = (buf[j] << 24) | (buf[j + 1] << 16) | (buf[j + 2] << 8) | buf[j + 3]
  }
  for (let i = 16; i < 64; i++) {
    const w15 = W[i - 15]
    const w2 = W[i - 2]
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3)
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10)
    W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0
  }
  let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7]
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
    const ch = (e & f) ^ (~e & g)
    const t1 = (hh + S1 + ch + K[i] + W[i]) | 0
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
    const maj = (a & b) ^ (a & c) ^ (b & c)
    const t2 = (S0 + maj) | 0
    hh = g
    g = f
    f = e
    e = (d + t1) | 0
    d = c
    c = b
    b = a
    a = (t1 + t2) | 0
  }
  h[0] = (h[0] + a) | 0
  h[1] = (h[1] + b) | 0
  h[2] = (h[2] + c) | 0
  h[3] = (h[3] + d) | 0
  h[4] = (h[4] + e) | 0
  h[5] = (h[5] + f) | 0
  h[6] = (h[6] + g) | 0
  h[7] = (h[7] + hh) | 0
}

/** The state after the whole 64-byte blocks at the start of a message that begins with `prefix`. */
export interface Midstate {
  state: Uint32Array
  /** Bytes of the prefix already consumed (a multiple of 64) */
  consumed: number
}

export function midstate(prefix: Uint8Array): Midstate {
  const state = new Uint32Array(H0)
  const consumed = prefix.length - (prefix.length % 64)
  for (let off = 0; off < consumed; off += 64) compress(state, prefix, off)
  return { state, consumed }
}

/**
 * SHA-256 of a message of `total` bytes whose first `mid.consumed` bytes are already in `mid` and whose rest is
 * `tail[0..total - mid.consumed)`. The returned words are reused by the next call: copy them if you keep them.
 * Hashing many messages that share a long prefix (token + ":" + nonce) this way skips the prefix's blocks.
 */
export function sha256From(mid: Midstate, tail: Uint8Array, total: number): Uint32Array {
  const length = total - mid.consumed
  const padded = ((length + 9 + 63) >> 6) << 6
  if (pad.length < padded) pad = new Uint8Array(padded * 2)
  pad.set(tail.subarray(0, length))
  pad.fill(0, length, padded)
  pad[length] = 0x80
  const bits = total * 8
  // Messages here are far below 2^32 bits: the high word of the length stays 0.
  pad[padded - 4] = (bits >>> 24) & 0xff
  pad[padded - 3] = (bits >>> 16) & 0xff
  pad[padded - 2] = (bits >>> 8) & 0xff
  pad[padded - 1] = bits & 0xff
  OUT.set(mid.state)
  for (let off = 0; off < padded; off += 64) compress(OUT, pad, off)
  return OUT
}

const START: Midstate = { state: new Uint32Array(H0), consumed: 0 }

/**
 * SHA-256 of `data[0..length)` as eight big-endian 32-bit words. The returned array is reused by the next call:
 * copy it if you keep it.
 */
export function sha256Words(data: Uint8Array, length = data.length): Uint32Array {
  return sha256From(START, data, length)
}

/** Lower-case hex SHA-256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  const words = sha256Words(new TextEncoder().encode(text))
  let out = ''
  for (let i = 0; i < 8; i++) out += (words[i] >>> 0).toString(16).padStart(8, '0')
  return out
}

/** Number of leading zero bits of the digest. */
export function leadingZeroBits(words: Uint32Array): number {
  let n = 0
  for (let i = 0; i < 8; i++) {
    const w = words[i] >>> 0
    if (w === 0) {
      n += 32
      continue
    }
    return n + Math.clz32(w)
  }
  return n
}
