// What the portal keeps between its pages, in memory only (never in storage or the URL): the receipt with the
// secret (shown once), the access token of the case being looked at (instead of the secret), and a new booking.
import { reactive } from 'vue'
import type { PublicView, ReceptionDay, SubmitResult } from './api/types'

export interface Tracking {
  queryCode: string
  accessToken: string
  expiresAt: string
}

export const portalState = reactive({
  receipt: null as SubmitResult | null,
  receiptAnonymous: false,
  tracking: null as Tracking | null,
  /** The public view last looked up (the access token is in `tracking`) */
  view: null as PublicView | null,
  /** 查询码 to put into the lookup form (from the receipt page) */
  prefillQueryCode: '',
  booking: null as { confirmation_code: string; day: ReceptionDay; slot: string } | null,
})
