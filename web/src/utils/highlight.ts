// Highlighted texts from the search API: a list of parts, `hit` ones matched the query. Rendered by
// components/HighlightText.vue as text nodes and <mark> elements — never as HTML, so whatever a petitioner wrote
// (angle brackets included) stays text.
import type { TextPart } from '@/api/search'

/**
 * Tidies parts for rendering: drops empty pieces, joins neighbours of the same kind, and falls back to the
 * plain `fallback` text (not highlighted) when there are no parts at all.
 */
export function normalizeParts(parts: readonly TextPart[] | null | undefined, fallback = ''): TextPart[] {
  const out: TextPart[] = []
  for (const p of parts ?? []) {
    if (!p || typeof p.text !== 'string' || p.text === '') continue
    const hit = p.hit === true
    const last = out[out.length - 1]
    if (last && last.hit === hit) last.text += p.text
    else out.push({ text: p.text, hit })
  }
  if (out.length === 0 && fallback) out.push({ text: fallback, hit: false })
  return out
}

/** The plain text of the parts (for a title attribute or a screen-reader label). */
export function partsText(parts: readonly TextPart[] | null | undefined): string {
  return (parts ?? []).map((p) => p?.text ?? '').join('')
}

/** How many parts are hits. */
export function hitCount(parts: readonly TextPart[] | null | undefined): number {
  return (parts ?? []).filter((p) => p?.hit && p.text).length
}
