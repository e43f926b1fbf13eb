// Typed calls of the public portal endpoints (docs/portal.md).
import { portalBlob, portalRequest, type PortalFile } from './client'
import {
  RATINGS,
  type Booking,
  type BookingBody,
  type PortalReference,
  type PublicAttachment,
  type PublicView,
  type Rating,
  type ReceptionDay,
  type SubmitBody,
  type SubmitResult,
} from './types'

const RATING_LABELS: Record<string, Rating> = { 满意: 'satisfied', 基本满意: 'basically_satisfied', 不满意: 'dissatisfied' }

/** The public view with every field present (null where the server sent none). */
export function normalizeView(raw: Record<string, unknown>): PublicView {
  const v = raw as Partial<PublicView> & Record<string, unknown>
  const rating = typeof v.rating === 'string' ? v.rating : null
  return {
    number: String(v.number ?? ''),
    state: String(v.state ?? ''),
    state_label: String(v.state_label ?? ''),
    current_org_name: String(v.current_org_name ?? ''),
    received_at: String(v.received_at ?? v.received_on ?? ''),
    title: String(v.title ?? ''),
    reply_due: (v.reply_due ?? (v.due as string | undefined) ?? null) || null,
    remaining_days: typeof v.remaining_days === 'number' ? v.remaining_days : null,
    decision: v.decision ?? null,
    rating: rating === null ? null : (RATINGS as readonly string[]).includes(rating) ? (rating as Rating) : (RATING_LABELS[rating] ?? null),
    rating_until: v.rating_until || null,
    review_until: v.review_until || null,
    review_kind_label: String(v.review_kind_label ?? v.review_kind ?? ''),
    steps: Array.isArray(v.steps) ? v.steps : [],
    documents: Array.isArray(v.documents) ? v.documents : [],
    attachments: Array.isArray(v.attachments) ? v.attachments : [],
    access_token: String(v.access_token ?? ''),
    access_expires_at: String(v.access_expires_at ?? ''),
  }
}

let referencePromise: Promise<PortalReference> | null = null

/** GET /portal/reference, once per page load (a failure is retried on the next call). */
export function loadReference(): Promise<PortalReference> {
  if (!referencePromise) {
    referencePromise = portalRequest<PortalReference>('GET', '/reference').catch((e) => {
      referencePromise = null
      throw e
    })
  }
  return referencePromise
}

export function submitPetition(body: SubmitBody): Promise<SubmitResult> {
  return portalRequest<SubmitResult>('POST', '/petitions', body)
}

export function sendOtp(queryCode: string): Promise<{ message: string }> {
  return portalRequest('POST', '/otp', { query_code: queryCode })
}

export type Credential = { secret: string } | { otp: string } | { access_token: string }

export async function lookup(queryCode: string, credential: Credential): Promise<PublicView> {
  return normalizeView(await portalRequest('POST', '/lookup', { query_code: queryCode, ...credential }))
}

export async function rate(queryCode: string, accessToken: string, rating: Rating, comment: string): Promise<PublicView> {
  return normalizeView(
    await portalRequest('POST', '/rate', { query_code: queryCode, access_token: accessToken, rating, comment }),
  )
}

export async function requestReview(queryCode: string, accessToken: string, reason: string): Promise<PublicView> {
  return normalizeView(await portalRequest('POST', '/review', { query_code: queryCode, access_token: accessToken, reason }))
}

export async function receptionDays(): Promise<ReceptionDay[]> {
  return (await portalRequest<{ items: ReceptionDay[] }>('GET', '/reception-days')).items ?? []
}

export function book(body: BookingBody): Promise<{ confirmation_code: string; day: ReceptionDay; slot: string }> {
  return portalRequest('POST', '/reception-bookings', body)
}

export function lookupBooking(confirmationCode: string, phone: string): Promise<Booking> {
  return portalRequest('POST', '/reception-bookings/lookup', { confirmation_code: confirmationCode, phone })
}

export function cancelBooking(confirmationCode: string, phone: string): Promise<Booking> {
  return portalRequest('POST', '/reception-bookings/cancel', { confirmation_code: confirmationCode, phone })
}

/** A document's PDF (POST: the credentials travel in the body, never in the URL). */
export function downloadDocument(queryCode: string, accessToken: string, id: number): Promise<PortalFile> {
  return portalBlob(`/documents/${id}`, { query_code: queryCode, access_token: accessToken })
}

/** 补充材料: one multipart/form-data request with the credentials as fields and each file as a `file` part. */
export async function uploadAttachments(queryCode: string, accessToken: string, files: File[]): Promise<PublicAttachment[]> {
  const form = new FormData()
  form.append('query_code', queryCode)
  form.append('access_token', accessToken)
  for (const f of files) form.append('file', f, f.name)
  return (await portalRequest<{ items: PublicAttachment[] }>('POST', '/attachments', form)).items ?? []
}
