// 疑似重复信访 while registering: which form contents are worth asking POST /petitions/repeat-candidates about,
// the request built from them, and small display helpers. Free of Vue so it can be unit-tested.
//
// Asking only makes sense once something identifying is typed: a content of at least 10 characters, a complete
// (valid) 18-character ID number, or a valid phone number. Incomplete ID numbers and phones are left out of the
// request (the server would answer 400 for them).
import type { RepeatCandidate, RepeatCandidatesRequest } from '@/api/search'
import { normalizeIdNumber, isValidIdNumber, validatePhone } from '@/utils/idNumber'
import type { RegisterForm } from './form'

/** Wait this long after the last keystroke before asking. */
export const REPEAT_DEBOUNCE_MS = 600
/** A content this long (characters, trimmed) is enough to compare texts. */
export const REPEAT_MIN_CONTENT = 10

type RepeatSource = Pick<RegisterForm, 'region_code' | 'title' | 'content' | 'petitioners'>

function chars(s: string | null | undefined): number {
  return s ? Array.from(s.trim()).length : 0
}

function usableId(raw: string): string | null {
  const id = normalizeIdNumber(raw ?? '')
  return id.length === 18 && isValidIdNumber(id) ? id : null
}

function usablePhone(raw: string): string | null {
  const phone = (raw ?? '').trim()
  return phone && validatePhone(phone) === null ? phone : null
}

/** Something meaningful is typed: content ≥ 10 characters, a valid 18-character ID number or a valid phone. */
export function isMeaningful(form: RepeatSource): boolean {
  if (chars(form.content) >= REPEAT_MIN_CONTENT) return true
  return form.petitioners.some((p) => usableId(p.id_number) !== null || usablePhone(p.phone) !== null)
}

/**
 * The request for the form as typed so far, or null when nothing meaningful is typed yet. Texts trimmed, empty
 * fields left out, petitioner rows without a usable name/ID/phone dropped.
 */
export function buildRepeatRequest(form: RepeatSource): RepeatCandidatesRequest | null {
  if (!isMeaningful(form)) return null
  const body: RepeatCandidatesRequest = {}
  const region = form.region_code.trim()
  if (region) body.region_code = region
  const title = form.title.trim()
  if (title) body.title = title
  const content = form.content.trim()
  if (content) body.content = content
  const petitioners = form.petitioners
    .map((p) => {
      const row: { name?: string; id_number?: string; phone?: string } = {}
      const name = p.name.trim()
      const id = usableId(p.id_number)
      const phone = usablePhone(p.phone)
      if (name) row.name = name
      if (id) row.id_number = id
      if (phone) row.phone = phone
      return row
    })
    .filter((row) => row.id_number || row.phone)
  if (petitioners.length) body.petitioners = petitioners
  return body
}

/** A stable key of a request, to skip asking again for the same contents. */
export function requestKey(body: RepeatCandidatesRequest | null): string {
  return body ? JSON.stringify(body) : ''
}

/** 0.876 → `88%` (0..1, clamped). */
export function similarityPercent(similarity: number | null | undefined): string {
  const v = typeof similarity === 'number' && Number.isFinite(similarity) ? Math.min(1, Math.max(0, similarity)) : 0
  return `${Math.round(v * 100)}%`
}

/** The candidate already chosen as 重复信访件编号. */
export function isMarked(candidate: Pick<RepeatCandidate, 'number'>, repeatOf: string): boolean {
  return !!repeatOf && candidate.number === repeatOf.trim()
}

/**
 * Calls `fn` once `wait` ms have passed without another call; `cancel()` drops a pending call, `flush()` runs it
 * now. (A tiny debounce so the form needs no library.)
 */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, wait: number) {
  let timer: ReturnType<typeof setTimeout> | null = null
  let pending: A | null = null
  const run = () => {
    timer = null
    const args = pending
    pending = null
    if (args) fn(...args)
  }
  const call = (...args: A) => {
    pending = args
    if (timer !== null) clearTimeout(timer)
    timer = setTimeout(run, wait)
  }
  call.cancel = () => {
    if (timer !== null) clearTimeout(timer)
    timer = null
    pending = null
  }
  call.flush = () => {
    if (timer !== null) clearTimeout(timer)
    run()
  }
  return call
}
