// Pure helpers of the case detail page (tested in detail.spec.ts): the linked cases, the case flags, and who may
// see personal data. Clock and timeline helpers: components/petition/{clocks,timeline}.ts.
import type { PetitionView } from '@/api/petitions'
import type { Role } from '@/api/types'

/** A linked case as the page shows it. */
export interface RelatedRow extends RelatedRef {
  /** The case when it could be loaded; null: not visible / not found; undefined: loading */
  petition?: Pick<PetitionView, 'id' | 'number' | 'title' | 'kind' | 'kind_label' | 'state' | 'state_label'> | null
}

export type Relation = 'root' | 'parent' | 'child' | 'repeatOf'

export interface RelatedRef {
  relation: Relation
  id: number
}

/**
 * The cases linked to this one: the 初次办理件 the chain started with (when it is not the parent itself), the
 * case this one reviews, the 复查/复核 case opened on this one, and the earlier case this one repeats.
 */
export function relatedCases(
  v: Pick<PetitionView, 'id' | 'root_case_id' | 'parent_case_id' | 'child_case_id' | 'repeat_of'>,
): RelatedRef[] {
  const out: RelatedRef[] = []
  const seen = new Set<number>([v.id])
  const add = (relation: Relation, id: number | null | undefined) => {
    if (id == null || seen.has(id)) return
    seen.add(id)
    out.push({ relation, id })
  }
  add('parent', v.parent_case_id)
  add('root', v.root_case_id)
  add('child', v.child_case_id)
  add('repeatOf', v.repeat_of)
  // Keep the chain in order: 初次办理 → 复查 → 复核, then the repeat.
  const order: Record<Relation, number> = { root: 0, parent: 1, child: 2, repeatOf: 3 }
  return out.sort((a, b) => order[a.relation] - order[b.relation])
}

export type Flag = 'anonymous' | 'involvesLitigation' | 'skippedLevel' | 'repeat' | 'collective'

/** The flags set on the case (匿名, 涉法涉诉, 越级, 重复, 集体访), in that order. */
export function caseFlags(
  v: Pick<PetitionView, 'anonymous' | 'involves_litigation' | 'skipped_level' | 'is_repeat' | 'collective'>,
): Flag[] {
  const out: Flag[] = []
  if (v.anonymous) out.push('anonymous')
  if (v.involves_litigation) out.push('involvesLitigation')
  if (v.skipped_level) out.push('skippedLevel')
  if (v.is_repeat) out.push('repeat')
  if (v.collective) out.push('collective')
  return out
}

const REVEAL_ROLES: readonly Role[] = ['registrar', 'handler', 'approver']

/**
 * Whether to offer 查看完整信息: the same rule as the server (src/domain/access.cpp MayRevealPersonalData) — a
 * registrar, handler or approver of the holding or the registering org. The server decides; a 403 is shown.
 */
export function mayReveal(
  user: { org_id: number; roles: readonly Role[] } | null | undefined,
  v: Pick<PetitionView, 'current_org_id' | 'registered_org_id'>,
): boolean {
  if (!user) return false
  const orgMatch = user.org_id === v.current_org_id || user.org_id === v.registered_org_id
  return orgMatch && user.roles.some((r) => REVEAL_ROLES.includes(r))
}
