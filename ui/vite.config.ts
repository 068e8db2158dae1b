/// <reference types="vitest/config" />
// Vite for the Tauri webview: fixed port 1420 (tauri devUrl), output in ui/dist.
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: { port: 1420, strictPort: true, watch: { ignored: ["**/src-tauri/**"] } },
  // One CSS file loaded with the page: a lazily loaded screen never draws before its styles (a list
  // measured without them keeps a wrong height).
  build: { outDir: "dist", target: "es2022", cssCodeSplit: false },
  test: {
    environment: "happy-dom",
    setupFiles: ["./src/test/setup.ts"],
    css: false,
    // A shared 2-core machine under load renders the big forms in seconds: a deadline is not an
    // assertion here (speed is measured by scripts, not tests), so give slow machines room.
    testTimeout: 60_000,
  },
});
