/// <reference types="node" />
import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { leadingZeroBits, sha256Hex, sha256Words } from './sha256'
import { checkNonce, searchNonce, solveChallenge } from './solve'

function nodeHex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex')
}

function nodeZeroBits(text: string): number {
  const digest = createHash('sha256').update(text).digest()
  let n = 0
  for (const byte of digest) {
    if (byte === 0) {
      n += 8
      continue
    }
    return n + Math.clz32(byte) - 24
  }
  return n
}

describe('sha256', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    )
  })

  it('matches node:crypto for every length across the block boundaries and for Chinese text', () => {
    for (let len = 0; len <= 200; len++) {
      const bytes = new Uint8Array(randomBytes(len))
      const words = sha256Words(bytes)
      const hex = Array.from(words, (w) => (w >>> 0).toString(16).padStart(8, '0')).join('')
      expect(hex, `length ${len}`).toBe(nodeHex(bytes))
    }
    expect(sha256Hex('信访事项查询码：ABCD-EFGH')).toBe(nodeHex('信访事项查询码：ABCD-EFGH'))
  })

  it('counts leading zero bits', () => {
    expect(leadingZeroBits(new Uint32Array([0, 0x00ffffff, 0, 0, 0, 0, 0, 0]))).toBe(40)
    expect(leadingZeroBits(new Uint32Array([0x80000000, 0, 0, 0, 0, 0, 0, 0]))).toBe(0)
    expect(leadingZeroBits(new Uint32Array(8))).toBe(256)
  })
})

describe('challenge solver', () => {
  // Found with node:crypto: SHA-256("AbC123-portal.challenge_token:3945") = 00009075b7…, 16 zero bits, and no
  // smaller nonce has 16.
  const token = 'AbC123-portal.challenge_token'

  it('accepts the known pair and rejects a neighbour', () => {
    expect(nodeZeroBits(`${token}:3945`)).toBeGreaterThanOrEqual(16)
    expect(checkNonce(token, '3945', 16)).toBe(true)
    expect(checkNonce(token, '3944', 16)).toBe(nodeZeroBits(`${token}:3944`) >= 16)
    expect(checkNonce(token, '3944', 16)).toBe(false)
  })

  it('finds the first nonce, the same one node:crypto finds', async () => {
    expect(searchNonce(token, 16, 0, 3945)).toBeNull()
    expect(searchNonce(token, 16, 0, 10000)).toBe('3945')
    const progress: number[] = []
    const nonce = await solveChallenge({ token, bits: 16 }, { slice: 1000, onProgress: (n) => progress.push(n) })
    expect(nonce).toBe('3945')
    expect(progress).toEqual([1000, 2000, 3000])
  })

  it('solves random tokens so that node:crypto agrees', async () => {
    for (let i = 0; i < 5; i++) {
      const t = randomBytes(16).toString('base64url')
      const nonce = await solveChallenge({ token: t, bits: 12 })
      expect(/^\d+$/.test(nonce)).toBe(true)
      expect(nodeZeroBits(`${t}:${nonce}`)).toBeGreaterThanOrEqual(12)
    }
  })

  it('stops when aborted', async () => {
    const ac = new AbortController()
    ac.abort()
    await expect(solveChallenge({ token, bits: 30 }, { signal: ac.signal })).rejects.toThrow('aborted')
  })
})

describe('midstate', () => {
  it('gives the same nonce as hashing the whole message, for tokens longer than a block', async () => {
    // A token like the server's: c1.<bits>.<expires>.<random>.<mac> — 70-odd characters, the prefix spans a block.
    const long = `c1.18.1796232351.${'k'.repeat(16)}.${'0123456789abcdef'.repeat(2)}`
    const nonce = searchNonce(long, 12, 0, 1 << 20)!
    expect(nodeZeroBits(`${long}:${nonce}`)).toBeGreaterThanOrEqual(12)
    for (let n = 0; n < Number(nonce); n++) expect(nodeZeroBits(`${long}:${n}`), `nonce ${n}`).toBeLessThan(12)
    const veryLong = 'x'.repeat(130)
    expect(searchNonce(veryLong, 8, 0, 1 << 16)).toBe(String(Array.from({ length: 1 << 16 }, (_, i) => i).find((i) => nodeZeroBits(`${veryLong}:${i}`) >= 8)))
  })
})
