// Reference data cached for the page load: categories (code → name) and orgs (id → org, region names).
//   const ref = useReference(); await ref.load(); ref.categoryName('0402'); ref.regionName('991021')
import { computed, reactive } from 'vue'
import { listCategories, categoryPath, type Category } from '@/api/categories'
import { listOrgs } from '@/api/orgs'
import type { Org } from '@/api/types'

const state = reactive({
  categories: [] as Category[],
  orgs: [] as Org[],
  loaded: { categories: false, orgs: false },
})
let loading: { categories?: Promise<void>; orgs?: Promise<void> } = {}

const categoryMap = computed(() => new Map(state.categories.map((c) => [c.code, c])))
const orgMap = computed(() => new Map(state.orgs.map((o) => [o.id, o])))

// The API has no region table; a region's name is taken from the orgs of that region (青山县信访局 → 青山县).
const REGION_SUFFIXES = ['信访局', '人民政府办公室', '人民政府', '办事处', '信访办公室', '信访办']
const regionNames = computed(() => {
  const names = new Map<string, string>()
  const rank = (o: Org) => (o.kind === 'petition_office' ? 0 : o.kind === 'party_government' ? 1 : 9)
  const sorted = [...state.orgs].sort((a, b) => rank(a) - rank(b))
  for (const o of sorted) {
    if (names.has(o.region_code) || rank(o) === 9) continue
    const suffix = REGION_SUFFIXES.find((s) => o.name.endsWith(s))
    if (suffix) names.set(o.region_code, o.name.slice(0, -suffix.length))
  }
  return names
})

function loadCategories(): Promise<void> {
  if (state.loaded.categories) return Promise.resolve()
  loading.categories ??= listCategories()
    .then((items) => {
      state.categories = items
      state.loaded.categories = true
    })
    .finally(() => (loading.categories = undefined))
  return loading.categories
}

function loadOrgs(): Promise<void> {
  if (state.loaded.orgs) return Promise.resolve()
  loading.orgs ??= listOrgs()
    .then((items) => {
      state.orgs = items
      state.loaded.orgs = true
    })
    .finally(() => (loading.orgs = undefined))
  return loading.orgs
}

export function useReference() {
  return {
    state,
    /** Loads what is asked for (default both); failures are swallowed — names then fall back to codes. */
    async load(what: ('categories' | 'orgs')[] = ['categories', 'orgs']): Promise<void> {
      await Promise.allSettled(what.map((w) => (w === 'categories' ? loadCategories() : loadOrgs())))
    },
    categoryName(code: string): string {
      return categoryMap.value.get(code)?.name ?? code
    },
    categoryPath(code: string): string {
      return categoryPath(categoryMap.value, code) || code
    },
    org(id: number | null | undefined): Org | undefined {
      return id == null ? undefined : orgMap.value.get(id)
    },
    orgName(id: number | null | undefined): string {
      return id == null ? '' : (orgMap.value.get(id)?.name ?? String(id))
    },
    regionName(code: string): string {
      return regionNames.value.get(code) ?? code
    },
  }
}

/** Forget cached data (after an admin edit, or on log-out). */
export function resetReference(): void {
  state.categories = []
  state.orgs = []
  state.loaded.categories = false
  state.loaded.orgs = false
  loading = {}
}
