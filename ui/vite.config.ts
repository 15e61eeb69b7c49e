/// <reference types="vitest/config" />
import { fileURLToPath, URL } from "node:url";

import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` talks to a running stack (`make dev`, or `mediapipe dev`) through this proxy.
const stack = process.env.MEDIAPIPE_STACK_URL ?? "http://127.0.0.1:8000";
const proxied = ["/graphql", "/config.json", "/media", "/healthz"];

export default defineConfig({
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
});
