// Server errors beside form fields. Like utils/errors.ts fieldError, but also for 409 `already_exists` (a code or
// log-in name taken), which the server reports with the field it concerns.
import { isApiError } from '@/api/client'

/** { field: message } when the error names one of `fields`; null otherwise (show a toast instead). */
export function formFieldError(e: unknown, fields: readonly string[]): Record<string, string> | null {
  if (!isApiError(e) || !e.field || !fields.includes(e.field)) return null
  if (e.status === 400 || (e.status === 409 && e.code === 'already_exists')) return { [e.field]: e.detail }
  return null
}
