// Shapes of the public portal API (docs/portal.md). The portal talks to nothing else: no log-in, no cookie.

export const PURPOSES = ['complaint', 'suggestion', 'accusation'] as const
export type Purpose = (typeof PURPOSES)[number]

export const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const
export type Rating = (typeof RATINGS)[number]

export interface RefItem {
  code: string
  parent_code: string
  name: string
}

export interface PortalReference {
  org_name: string
  categories: RefItem[]
  regions: RefItem[]
  rating_days: number
  review_days: number
  privacy_notice_version: string
}

export interface SubmitPerson {
  name: string
  id_number: string
  phone: string
  address: string
}

export interface SubmitBody {
  purpose: Purpose
  category_code: string
  region_code: string
  title: string
  content: string
  anonymous: boolean
  petitioners: SubmitPerson[]
  email?: string
  consent: boolean
}

export interface SubmitResult {
  number: string
  query_code: string
  secret: string
  received_at: string
  org_name: string
  route_due: string | null
}

export interface Decision {
  outcome: string
  outcome_label: string
  facts: string
  reasons: string
  legal_basis: string
  decided_on: string
}

export interface PublicStep {
  at: string
  number: string
  action: string
  text: string
}

/** A document issued to the petitioner (告知书, 意见书): downloaded as a PDF with the access token. */
export interface PublicDocument {
  id: number
  kind_label: string
  /** 文号 */
  doc_number: string
  /** The case it belongs to (a 复查/复核 case may list the earlier ones) */
  number: string
  date: string
}

/** A file the petitioner added (补充材料). */
export interface PublicAttachment {
  id: number
  file_name: string
  size: number
  uploaded_at: string
}

export interface PublicView {
  number: string
  state: string
  state_label: string
  current_org_name: string
  received_at: string
  title: string
  reply_due: string | null
  remaining_days: number | null
  decision: Decision | null
  rating: Rating | null
  rating_until: string | null
  review_until: string | null
  review_kind_label: string
  steps: PublicStep[]
  documents: PublicDocument[]
  attachments: PublicAttachment[]
  access_token: string
  access_expires_at: string
}

export interface ReceptionSlot {
  time: string
  free: number
}

export interface ReceptionDay {
  id: number
  org_name: string
  date: string
  start: string
  end: string
  place: string
  leader_name: string
  leader_title: string
  topics: string
  slots: ReceptionSlot[]
}

export interface BookingBody {
  day_id: number
  slot: string
  name: string
  phone: string
  id_number?: string
  region_code: string
  summary: string
  consent: boolean
}

export type BookingStatus = 'booked' | 'cancelled' | 'registered'

export interface Booking {
  confirmation_code: string
  status: BookingStatus
  status_label: string
  day: ReceptionDay
  slot: string
}
