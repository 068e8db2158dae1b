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
    // A shared 2-core machine under load renders the big forms in seconds: a deadline is not an
    // assertion here (speed is measured by scripts, not tests), so give slow machines room.
    testTimeout: 60_000,
  },
});
