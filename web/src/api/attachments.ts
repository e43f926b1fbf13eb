// 附件 of a case (scans, photos, recordings): GET /petitions/{id}/attachments?include_deleted=1,
// POST /petitions/{id}/attachments (multipart/form-data, field `file`, one or more), GET /attachments/{id},
// DELETE /attachments/{id} with {reason}. The server detects the type from the content: a refused type is a 400,
// a file over the limit a 413 — both problem+json with a `detail` fit to show.
import { api, request, requestBlob, type BlobResult } from './client'
import type { InstantString, ItemsResponse } from './types'

export interface Attachment {
  id: number
  petition_id?: number
  /** Display name (sanitized by the server) */
  file_name: string
  /** As detected from the content, never from the name */
  media_type: string
  size: number
  sha256: string
  /** staff: added in the console; portal: 信访人上传 */
  source: 'staff' | 'portal' | string
  uploaded_at: InstantString
  uploaded_by_name: string
  deleted: boolean
  deleted_at: InstantString | null
  deleted_by_name: string
  delete_reason: string
}

/** 单个文件不超过 20 MB (the server's limit; it answers 413 above it). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

export async function listAttachments(petitionId: number | string, includeDeleted = true, signal?: AbortSignal): Promise<Attachment[]> {
  const query = includeDeleted ? { include_deleted: 1 } : undefined
  return (await api.get<ItemsResponse<Attachment>>(`/petitions/${petitionId}/attachments`, query, { signal })).items ?? []
}

/** Uploads files as one multipart/form-data request (each a `file` part); 201 → the new attachments. */
export async function uploadAttachments(petitionId: number | string, files: Blob[]): Promise<Attachment[]> {
  const form = new FormData()
  for (const f of files) form.append('file', f, (f as File).name || 'file')
  return (await api.post<ItemsResponse<Attachment>>(`/petitions/${petitionId}/attachments`, form)).items ?? []
}

export function getAttachmentFile(id: number): Promise<BlobResult> {
  return requestBlob(`/attachments/${id}`)
}

/** Deletes with a reason (required); the row stays, shown as deleted (204). */
export function deleteAttachment(id: number, reason: string): Promise<void> {
  return request<void>('DELETE', `/attachments/${id}`, { body: { reason } })
}
