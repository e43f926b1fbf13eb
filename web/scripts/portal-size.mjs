#!/usr/bin/env node
// First-load size of the citizen portal: the JS and CSS that dist/portal.html loads before any lazy route —
// its entry script, the modulepreloaded chunks, the stylesheets, and (to be safe) every chunk those import
// statically — each gzipped (level 9) and summed. Run after `npm run build`:
//   node scripts/portal-size.mjs [--max-kb 300] [--json]
// Exits 1 when the total exceeds --max-kb (default 300).
import { readFileSync, existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist')
const args = process.argv.slice(2)
const maxKb = Number(args[args.indexOf('--max-kb') + 1] ?? 300) || 300
const json = args.includes('--json')

const htmlFile = path.join(dist, 'portal.html')
if (!existsSync(htmlFile)) {
  console.error('dist/portal.html is missing: run `npm run build` first')
  process.exit(2)
}
const html = readFileSync(htmlFile, 'utf8')

const initial = new Set()
for (const m of html.matchAll(/<(script|link)\b[^>]*>/g)) {
  const tag = m[0]
  const rel = /\brel="([^"]+)"/.exec(tag)?.[1]
  const url = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1]
  if (!url || !url.startsWith('/assets/')) continue
  if (m[1] === 'script' || rel === 'modulepreload' || rel === 'stylesheet') initial.add(url.slice(1))
}

// Static imports of the initial chunks (import … from "./x.js" / import "./x.js"), never import("…").
const queue = [...initial].filter((f) => f.endsWith('.js'))
while (queue.length) {
  const file = queue.pop()
  const code = readFileSync(path.join(dist, file), 'utf8')
  for (const m of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) {
    const dep = path.posix.join(path.posix.dirname(file), m[1])
    if (!initial.has(dep)) {
      initial.add(dep)
      queue.push(dep)
    }
  }
}

const rows = [...initial].sort().map((file) => {
  const buf = readFileSync(path.join(dist, file))
  return { file, bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length }
})
const total = rows.reduce((s, r) => s + r.gzip, 0)
const raw = rows.reduce((s, r) => s + r.bytes, 0)

if (json) {
  console.log(JSON.stringify({ files: rows, raw, gzip: total, max_kb: maxKb }, null, 2))
} else {
  for (const r of rows) console.log(`${(r.gzip / 1024).toFixed(1).padStart(8)} KB gz  ${(r.bytes / 1024).toFixed(1).padStart(8)} KB  ${r.file}`)
  console.log(`${(total / 1024).toFixed(1).padStart(8)} KB gz  ${(raw / 1024).toFixed(1).padStart(8)} KB  total first load of /portal (limit ${maxKb} KB gz)`)
}
if (total > maxKb * 1024) {
  console.error(`portal first load ${(total / 1024).toFixed(1)} KB gz exceeds ${maxKb} KB`)
  process.exit(1)
}
