/// <reference types="vitest/config" />
import { resolve } from "node:path";
import { defineConfig } from "vite";

// One self-contained ES module, written straight into the integration so that
// HACS users get the card without a build step.
export default defineConfig({
  build: {
    lib: {
      entry: resolve(__dirname, "src/orchestration-plan-card.ts"),
      formats: ["es"],
      fileName: () => "orchestration-plan-card.js",
    },
    outDir: resolve(__dirname, "../custom_components/orchestration/frontend"),
    emptyOutDir: false,
    target: "es2021",
    minify: "esbuild",
    sourcemap: false,
  },
  test: {
    environment: "happy-dom",
    include: ["test/**/*.test.ts"],
  },
});
