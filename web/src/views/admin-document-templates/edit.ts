// The template editor's pure parts (tested in edit.spec.ts): inserting a `{{字段}}` placeholder at the cursor,
// the request body from the form, and whether the form differs from the template it started from.
import type { DocumentTemplate, TemplateInput } from '@/api/documents'

/** The parts of a template the editor changes, in the order of the form. */
export const TEMPLATE_PARTS = ['title', 'number_format', 'addressee', 'body'] as const
export type TemplatePart = (typeof TEMPLATE_PARTS)[number]

export function placeholder(name: string): string {
  return `{{${name}}}`
}

/**
 * `text` with `{{name}}` put in place of the selection [start, end) (the cursor when equal; the end of the text
 * when unknown), and the caret position after it.
 */
export function insertPlaceholder(
  text: string,
  name: string,
  start: number | null | undefined,
  end: number | null | undefined = start,
): { text: string; caret: number } {
  const token = placeholder(name)
  const from = Math.min(Math.max(start ?? text.length, 0), text.length)
  const to = Math.min(Math.max(end ?? from, from), text.length)
  return { text: text.slice(0, from) + token + text.slice(to), caret: from + token.length }
}

/** The editable text of a template (a fresh form: no change note). */
export function formOf(t: DocumentTemplate): TemplateInput {
  return { title: t.title, addressee: t.addressee, body: t.body, number_format: t.number_format, note: '' }
}

/** Whether the form has changes against `t` (line endings normalised; the note alone is no change). */
export function isChanged(form: TemplateInput, t: DocumentTemplate): boolean {
  const norm = (s: string) => s.replace(/\r\n?/g, '\n')
  return TEMPLATE_PARTS.some((k) => norm(form[k]) !== norm(t[k]))
}

/** The PUT / preview body: Windows line endings made \n, trailing blanks of the body's lines kept as typed. */
export function requestBody(form: TemplateInput): TemplateInput {
  return {
    title: form.title.trim(),
    addressee: form.addressee.trim(),
    body: form.body.replace(/\r\n?/g, '\n'),
    number_format: form.number_format.trim(),
    note: form.note.trim(),
  }
}
