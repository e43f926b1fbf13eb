// GET /workflow once per page load (the transition table does not change while the console runs); a failed
// call is retried next time. The dialogs take each action's article from it.
import { getWorkflow, type Transition } from '@/api/workflow'

let cache: Promise<Transition[]> | null = null

export function cachedWorkflow(): Promise<Transition[]> {
  cache ??= getWorkflow().catch((e) => {
    cache = null
    throw e
  })
  return cache
}
