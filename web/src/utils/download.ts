// File downloads: an API export (GET, session cookie) fetched as a blob and offered under the server's file name,
// so that a refused request shows the server's message instead of a broken download.
import { requestBlob, type Query } from '@/api/client'
import { saveBlob } from '@/utils/files'

export { saveBlob }

/**
 * Downloads `path` (`/api/v1/…` or an API-relative path) with `query`; the file is named by the server's
 * Content-Disposition, else `fallbackName`. Throws ApiError (problem+json) on failure. Returns the name used.
 */
export async function downloadFile(path: string, query: Query | undefined, fallbackName: string, signal?: AbortSignal): Promise<string> {
  const r = await requestBlob(path, query, { signal })
  const name = r.filename || fallbackName
  saveBlob(r.blob, name)
  return name
}
