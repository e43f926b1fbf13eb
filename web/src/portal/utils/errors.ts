// A failed call as one sentence for the citizen. 404s are worded by the page (the server answers the same 404
// for an unknown code and a wrong secret, and so does the page).
import { isPortalError } from '../api/client'
import { t } from '../i18n'
import { waitText } from './format'

export function errorText(e: unknown): string {
  if (!isPortalError(e)) return t('errors.unknown')
  if (e.status === 0) return t('errors.network')
  if (e.status === 429) return t('errors.rateLimited', { time: waitText(t, e.retryAfter) })
  if (e.status === 413) return t('errors.tooLarge')
  if (e.status >= 500) return t('errors.unknown')
  return e.detail || t('errors.unknown')
}
