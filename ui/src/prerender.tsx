/**
 * Build-time entry (`vite build --ssr`, run by scripts/prerender.mjs): the first-run screen as
 * HTML in each language, from the same components and state the app then hydrates with (see
 * src/boot.ts). Never part of the app's bundle.
 */
import { StrictMode } from "react";
import { renderToString } from "react-dom/server";
import { App, createQueryClient } from "./App";
import { APP_STATE_KEY } from "./api/queries";
import type { AppState } from "./bindings";
import { templateId } from "./boot";
import { LOCALES, setLocale, DEFAULT_LOCALE } from "./i18n";

/** What Rust's boot state holds on a first run: no account yet. */
export const FIRST_RUN: AppState = { accounts: [], active: null, sandbox_running: false };

/** Template id -> the welcome screen's markup, one per locale. */
export function renderFirstScreens(): Record<string, string> {
  const screens: Record<string, string> = {};
  for (const locale of LOCALES) {
    setLocale(locale);
    const queryClient = createQueryClient();
    queryClient.setQueryData(APP_STATE_KEY, FIRST_RUN);
    screens[templateId("welcome", locale)] = renderToString(
      <StrictMode>
        <App queryClient={queryClient} />
      </StrictMode>,
    );
    queryClient.clear();
  }
  setLocale(DEFAULT_LOCALE);
  return screens;
}
