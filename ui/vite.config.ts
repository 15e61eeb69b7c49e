/// <reference types="vitest/config" />
import { fileURLToPath, URL } from "node:url";

import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { type BuildOptions, defineConfig } from "vite";

// `npm run dev` talks to a running stack (`make dev`, or `mediapipe dev`) through this proxy.
const stack = process.env.MEDIAPIPE_STACK_URL ?? "http://127.0.0.1:8000";
// The playground's entry name: its files are assets/playground.js and assets/playground.css.
const PLAYGROUND = "playground";
const proxied = ["/graphql", "/config.json", "/media", "/healthz"];

// `vite build` makes the app (index.html); `vite build --mode playground` then adds the GraphQL
// playground to the same dist/, a build of its own so that no chunk is shared with the app and the
// app's initial bundle stays what it was. The API's GET /graphql page loads the playground
// (app/graphql/playground.py); that page is written by the API, in Lambda too, and cannot know a
// content hash: so its entry script and style keep fixed names (served revalidated, not immutable:
// pulumi/infra/components/site.py), while their chunks and workers keep hashes.
const playgroundBuild: BuildOptions = {
  emptyOutDir: false,
  // Maps of GraphiQL and Monaco would be ~20 MB more in the bucket, for code that is not ours.
  sourcemap: false,
  // Monaco is ~2.8 MB minified (GraphiQL ~1.1 MB): loaded by /graphql only, never by the app.
  chunkSizeWarningLimit: 3000,
  rollupOptions: {
    input: { [PLAYGROUND]: "src/playground/main.tsx" },
    // GraphiQL's React-compiler output starts modules with "use no memo", which a bundle cannot keep
    // (and needs not: it only tells the compiler to leave them alone).
    onwarn: (warning, warn) => {
      if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
    },
    output: {
      entryFileNames: `assets/${PLAYGROUND}.js`,
      assetFileNames: (asset) =>
        asset.names.includes(`${PLAYGROUND}.css`) ? `assets/${PLAYGROUND}.css` : "assets/[name]-[hash][extname]",
    },
  },
};

export default defineConfig(({ mode }) => ({
  plugins: [react(), tailwindcss()],
  resolve: {
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  server: {
    // The local stack's upload bucket allows CORS from its own origin and from Vite's 5173 only.
    port: 5173,
    strictPort: true,
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: stack, changeOrigin: true }])),
  },
  build: {
    target: "es2022",
    sourcemap: true,
    // hls.js (its full build, for QUERYPARAM) is ~580 KB minified, in a chunk of its own that only a
    // video's detail page loads; the first load has its own budget (scripts/bundle-size.mjs).
    chunkSizeWarningLimit: 600,
    ...(mode === PLAYGROUND ? playgroundBuild : {}),
  },
  test: {
    // Pure modules run in node; component tests opt into jsdom with a `@vitest-environment jsdom` docblock.
    environment: "node",
    setupFiles: ["./src/testing/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
    restoreMocks: true,
    pool: "threads",
    maxWorkers: 2,
  },
}));
