// An unsubmitted 登记 form survives leaving the page (switching tabs destroys the view). Kept in memory only —
// never in localStorage/sessionStorage, as it holds personal data — so a reload forgets it; and it is given
// back only to the user who typed it (another log-in in the same browser tab does not see it).
// A form being registered from a 预约接访 booking keeps its booking with it.
import type { RegisterForm } from './form'
import type { BookingContext } from './booking'

let draft: { userId: number; form: RegisterForm; booking: BookingContext | null } | null = null

function copy(form: RegisterForm): RegisterForm {
  return {
    ...form,
    received_at: form.received_at ? new Date(form.received_at.getTime()) : null,
    petitioners: form.petitioners.map((r) => ({ ...r })),
  }
}

export function saveDraft(userId: number, form: RegisterForm, booking: BookingContext | null = null): void {
  draft = { userId, form: copy(form), booking: booking ? { ...booking } : null }
}

/** The draft saved by this user (then forgotten), or null. */
export function takeDraft(userId: number | undefined): RegisterForm | null {
  return takeDraftEntry(userId)?.form ?? null
}

/** The draft saved by this user with the booking it registers, if any (then forgotten), or null. */
export function takeDraftEntry(userId: number | undefined): { form: RegisterForm; booking: BookingContext | null } | null {
  const d = draft
  draft = null
  return d && d.userId === userId ? { form: d.form, booking: d.booking } : null
}

export function clearDraft(): void {
  draft = null
}
