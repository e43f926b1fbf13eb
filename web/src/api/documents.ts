// 文书 (official documents of the workflow) and their templates (docs/documents.md):
//   GET /petitions/{id}/documents, GET /documents/{id}/pdf|docx, POST /documents/{id}/regenerate,
//   GET /document-templates, GET /document-templates/{kind}/versions, PUT /document-templates/{kind} (If-Match),
//   POST /document-templates/{kind}/preview (→ application/pdf).
import { api, requestBlob, requestRaw, type BlobResult } from './client'
import type { InstantString, ItemsResponse } from './types'

/** 受理告知书, 不予受理告知书, 不再受理告知书, 转送函, 交办函, 延期告知书, 处理/复查/复核意见书, 督办通知 */
export type DocumentKind =
  | 'acceptance_notice'
  | 'non_acceptance_notice'
  | 'no_further_acceptance_notice'
  | 'forward_letter'
  | 'assign_letter'
  | 'extension_notice'
  | 'handling_opinion'
  | 'review_opinion'
  | 're_review_opinion'
  | 'supervision_notice'
  | string

export interface CaseDocument {
  id: number
  petition_id: number
  kind: DocumentKind
  kind_label: string
  /** Addressed to the petitioner (告知书, 意见书) rather than to an office (函, 督办通知) */
  to_petitioner: boolean
  /** 1, 2, … per case and kind; regenerating makes a new one with the same 文号 */
  revision: number
  /** The newest revision of its kind */
  latest: boolean
  /** 文号, e.g. 青山信受〔2026〕3号; '' when the kind has none */
  doc_number: string
  template_version: number
  /** 出具单位 */
  org_name: string
  created_at: InstantString
  created_by_name: string
  /** Of the PDF; null when none is stored */
  sha256: string | null
  size: number
}

export type DocumentFormat = 'pdf' | 'docx'

export async function listDocuments(petitionId: number | string, signal?: AbortSignal): Promise<CaseDocument[]> {
  return (await api.get<ItemsResponse<CaseDocument>>(`/petitions/${petitionId}/documents`, undefined, { signal })).items ?? []
}

/** The PDF or the Word file of a document, named by the server (Content-Disposition). */
export function getDocumentFile(id: number, format: DocumentFormat): Promise<BlobResult> {
  return requestBlob(`/documents/${id}/${format}`)
}

/** A new revision with the same 文号, from the kind's latest template (201 → the new document). */
export function regenerateDocument(id: number): Promise<CaseDocument> {
  return api.post<CaseDocument>(`/documents/${id}/regenerate`)
}

// ------------------------------------------------------------------ templates

export interface DocumentTemplate {
  kind: DocumentKind
  kind_label: string
  to_petitioner: boolean
  /** 1, 2, … per kind; send back as If-Match when saving */
  version: number
  /** false: the built-in text, never saved */
  stored: boolean
  title: string
  /** 主送, e.g. `{{信访人}}：` */
  addressee: string
  /** One paragraph per line, with `{{字段}}` placeholders */
  body: string
  /** 文号 format, e.g. `{{机关简称}}信受〔{{年份}}〕{{序号}}号`; '' = no 文号 */
  number_format: string
  /** What this version changed */
  note: string
  created_at: InstantString | null
  /** User id; 0 = built in */
  created_by: number
}

/** A placeholder a template may use (`{{name}}`) and what it holds. */
export interface TemplateField {
  name: string
  description: string
}

export interface TemplateList {
  items: DocumentTemplate[]
  fields: TemplateField[]
}

export type TemplateInput = Pick<DocumentTemplate, 'title' | 'addressee' | 'body' | 'number_format' | 'note'>

export async function listTemplates(signal?: AbortSignal): Promise<TemplateList> {
  const r = await api.get<TemplateList>('/document-templates', undefined, { signal })
  return { items: r.items ?? [], fields: r.fields ?? [] }
}

/** Every version of a kind, newest first. */
export async function listTemplateVersions(kind: DocumentKind): Promise<DocumentTemplate[]> {
  return (await api.get<ItemsResponse<DocumentTemplate>>(`/document-templates/${kind}/versions`)).items ?? []
}

/**
 * Saves a new version. Pass the version you edited: a 409 ApiError with `isConflict()` means someone saved
 * another first; a 400 names the bad part in `field` (`body`, `title`, …), e.g. an unknown placeholder.
 */
export async function saveTemplate(kind: DocumentKind, version: number, body: TemplateInput): Promise<DocumentTemplate> {
  const r = await requestRaw<DocumentTemplate>('PUT', `/document-templates/${kind}`, {
    body,
    headers: { 'If-Match': `"${version}"` },
  })
  return r.data
}

/** The PDF the text would produce, filled with sample values (nothing is saved). */
export async function previewTemplate(kind: DocumentKind, body: TemplateInput): Promise<Blob> {
  return (await requestBlob(`/document-templates/${kind}/preview`, undefined, { method: 'POST', body })).blob
}
