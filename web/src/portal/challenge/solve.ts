// The portal's proof-of-work challenge (docs/portal.md): after repeated failures the server answers 428 with
// {token, bits}; the browser finds a decimal `nonce` such that SHA-256(token + ":" + nonce) starts with `bits`
// zero bits and repeats the request with {token, nonce}. Work is done in slices so the page stays responsive and
// can show 正在进行安全验证….
import { leadingZeroBits, midstate, sha256From, sha256Words } from './sha256'

export interface Challenge {
  token: string
  bits: number
}

/** True when SHA-256(token:nonce) has at least `bits` leading zero bits. */
export function checkNonce(token: string, nonce: string, bits: number): boolean {
  return leadingZeroBits(sha256Words(new TextEncoder().encode(`${token}:${nonce}`))) >= bits
}

/** Writes the decimal digits of n at buf[at…]; returns the end offset. */
function writeDecimal(buf: Uint8Array, at: number, n: number): number {
  if (n === 0) {
    buf[at] = 48
    return at + 1
  }
  let digits = 0
  for (let m = n; m > 0; m = Math.floor(m / 10)) digits++
  let pos = at + digits
  for (let m = n; m > 0; m = Math.floor(m / 10)) buf[--pos] = 48 + (m % 10)
  return at + digits
}

/**
 * Searches nonces start, start+1, … up to `count` of them; returns the first that satisfies the challenge, or
 * null. Synchronous: call it in slices (solveChallenge does).
 */
export function searchNonce(token: string, bits: number, start: number, count: number): string | null {
  const prefix = new TextEncoder().encode(`${token}:`)
  // The prefix's whole blocks are hashed once; each nonce costs only the last one or two blocks.
  const mid = midstate(prefix)
  const tail = new Uint8Array(prefix.length - mid.consumed + 20)
  tail.set(prefix.subarray(mid.consumed))
  const at = prefix.length - mid.consumed
  const need = Math.max(0, Math.min(256, Math.floor(bits)))
  for (let n = start; n < start + count; n++) {
    const end = writeDecimal(tail, at, n)
    if (leadingZeroBits(sha256From(mid, tail, mid.consumed + end)) >= need) return String(n)
  }
  return null
}

export interface SolveOptions {
  /** Hashes per slice between yields to the event loop (default 20,000). */
  slice?: number
  signal?: AbortSignal
  /** Called after every slice with the number of hashes tried so far. */
  onProgress?: (tried: number) => void
}

const yieldToBrowser = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

/** Finds a nonce for the challenge, yielding to the browser between slices. */
export async function solveChallenge(challenge: Challenge, options: SolveOptions = {}): Promise<string> {
  const slice = options.slice ?? 20000
  for (let start = 0; start < Number.MAX_SAFE_INTEGER; start += slice) {
    if (options.signal?.aborted) throw new DOMException('aborted', 'AbortError')
    const found = searchNonce(challenge.token, challenge.bits, start, slice)
    if (found !== null) return found
    options.onProgress?.(start + slice)
    await yieldToBrowser()
  }
  throw new Error('no nonce found')
}
