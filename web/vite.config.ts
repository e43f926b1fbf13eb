/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// The xinfang server serves web/dist at "/" and the JSON API at /api/v1. `npm run dev` proxies the API to a
// server started with `build/src/xinfang serve --listen 127.0.0.1:8090 --demo` (override with XF_API).
const api = process.env.XF_API ?? 'http://127.0.0.1:8090'

// `npm run dev`: answer /portal and /portal/… (but not the portal's own modules) with portal.html, as the server does.
const portalPages: Plugin = {
  name: 'xinfang-portal-pages',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      const url = req.url ?? ''
      if (/^\/portal(\/[^.]*)?(\?.*)?$/.test(url)) req.url = '/portal.html'
      next()
    })
  },
}

export default defineConfig({
  plugins: [
    portalPages,
    vue(),
    // Element Plus on demand: components used in templates and ElMessage/ElMessageBox calls are imported
    // (with their CSS) only where they are used.
    AutoImport({
      resolvers: [ElementPlusResolver()],
      dts: 'src/auto-imports.d.ts',
    }),
    Components({
      resolvers: [ElementPlusResolver()],
      dts: 'src/components.d.ts',
      // Our own components are imported explicitly; only Element Plus is resolved automatically.
      dirs: [],
    }),
  ],
  define: {
    // vue-i18n: Composition API only (drops the legacy API from the bundle), no devtools in production.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/healthz': { target: api },
    },
  },
  build: {
    target: 'es2020',
    chunkSizeWarningLimit: 700,
    // Two pages: the staff console (index.html, served at /) and the citizen portal (portal.html, served for
    // /portal and /portal/*), so that a citizen's phone loads only the portal's own small bundle.
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        portal: fileURLToPath(new URL('./portal.html', import.meta.url)),
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.spec.ts'],
    css: false,
    // The specs mount whole views; with ctest running the browser tests on the other core a view spec took 6.7 s
    // once (vitest's default limit is 5 s). A limit, not a timing assertion.
    testTimeout: 30000,
    // Element Plus modules import their CSS; let Vite (not Node) load them.
    server: { deps: { inline: ['element-plus'] } },
  },
})
