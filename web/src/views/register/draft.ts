// An unsubmitted 登记 form survives leaving the page (switching tabs destroys the view). Kept in memory only —
// never in localStorage/sessionStorage, as it holds personal data — so a reload forgets it; and it is given
// back only to the user who typed it (another log-in in the same browser tab does not see it).
import type { RegisterForm } from './form'

let draft: { userId: number; form: RegisterForm } | null = null

function copy(form: RegisterForm): RegisterForm {
  return {
    ...form,
    received_at: form.received_at ? new Date(form.received_at.getTime()) : null,
    petitioners: form.petitioners.map((r) => ({ ...r })),
  }
}

export function saveDraft(userId: number, form: RegisterForm): void {
  draft = { userId, form: copy(form) }
}

/** The draft saved by this user (then forgotten), or null. */
export function takeDraft(userId: number | undefined): RegisterForm | null {
  const d = draft
  draft = null
  return d && d.userId === userId ? d.form : null
}

export function clearDraft(): void {
  draft = null
}
