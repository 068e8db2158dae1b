/// <reference types="vitest/config" />
// Vite for the Tauri webview: fixed port 1420 (tauri devUrl), output in ui/dist.
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: { port: 1420, strictPort: true, watch: { ignored: ["**/src-tauri/**"] } },
  build: { outDir: "dist", target: "es2022", chunkSizeWarningLimit: 1200 },
  test: {
    environment: "happy-dom",
    setupFiles: ["./src/test/setup.ts"],
    css: false,
  },
});
