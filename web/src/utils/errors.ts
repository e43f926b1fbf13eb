// Showing API errors to the user.
import { isApiError } from '@/api/client'
import { t } from '@/i18n'

/** The message to show for an error: the server's Chinese `detail`, or a generic text. */
export function errorMessage(e: unknown): string {
  if (isApiError(e)) {
    if (e.isConflict()) return t('common.errors.conflict')
    return e.detail || t('common.errors.unknown')
  }
  if (e instanceof Error && e.message) return e.message
  return t('common.errors.unknown')
}

/**
 * ElMessage for an error. 401s are skipped (the client already sent the user to the log-in page), and so are
 * aborted fetches. Returns the message shown, or null.
 */
export function notifyError(e: unknown): string | null {
  if (e instanceof DOMException && e.name === 'AbortError') return null
  if (isApiError(e) && e.isUnauthenticated()) return null
  const message = errorMessage(e)
  ElMessage.error({ message, grouping: true, showClose: true })
  return message
}

/**
 * For forms: maps a 400 with `field` to { [field]: detail } so the message can be shown beside the field
 * (e.g. `<el-form-item :error="fieldErrors.title">`). Returns null when the error names no field.
 */
export function fieldError(e: unknown): Record<string, string> | null {
  if (isApiError(e) && e.isInvalid() && e.field) return { [e.field]: e.detail }
  return null
}
