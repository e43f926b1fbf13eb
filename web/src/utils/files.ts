// File helpers without dependencies, shared by the console and the citizen portal (which must not pull in the
// console's client or i18n): the name in a Content-Disposition header, offering a blob as a download, and a
// byte count for people.

/**
 * The file name of a `Content-Disposition` header: the RFC 6266 / 5987 `filename*=UTF-8''…` form (Chinese names)
 * first, then the plain `filename="…"`. null when there is none.
 */
export function filenameFromDisposition(header: string | null | undefined): string | null {
  if (!header) return null
  const star = /filename\*\s*=\s*([^;]+)/i.exec(header)
  if (star) {
    const m = /^\s*"?([\w!#$&+.^`|~-]+)'[^']*'([^";]+)"?\s*$/.exec(star[1])
    if (m) {
      try {
        const name = decodeURIComponent(m[2])
        if (name) return name
      } catch {
        /* malformed escape: fall back to the plain form */
      }
    }
  }
  const plain = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header)
  if (!plain) return null
  const name = (plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2]).trim()
  return name || null
}

/** Offers the blob as a download named `filename` (an <a download> click on an object URL). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Let the browser start reading the blob before it is released.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** `532` → `532 B`, `20480` → `20.0 KB`, `3145728` → `3.0 MB`. */
export function formatFileSize(bytes: number): string {
  if (!(bytes >= 1024)) return `${Math.max(0, bytes || 0)} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
