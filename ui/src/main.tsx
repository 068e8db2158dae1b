/** Entry point: Mantine styles and the app. */
import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "@mantine/dates/styles.css";
import "@mantine/charts/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { getLocale } from "./i18n";

async function start() {
  // `npm run dev:mock`: the commands answered in the browser, without Rust (dev tool only).
  if (import.meta.env.VITE_MOCK_IPC === "1") {
    const fake = await import("./dev/fakeBackend");
    fake.installFakeBackend(fake.devBackend(window.location.search), 150);
  }
  document.documentElement.lang = getLocale();
  const root = document.getElementById("root");
  if (root) {
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  }
}

void start();
