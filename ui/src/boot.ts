/**
 * The hand-over from the boot script in index.html to the app. Rust sets `__PABX_BOOT__` (the
 * app state when the window opened) before any script runs; on a first run the boot script draws
 * the prerendered welcome screen (built by scripts/prerender.mjs from `prerender.tsx`) at once,
 * and keeps the clicks and changes made on it until the app has taken it over (hydrated), when
 * they are replayed.
 */
import type { AppState } from "./bindings";

/** A click or change on a prerendered element, by its `data-testid`. */
interface EarlyInput {
  type: "click" | "change";
  testId: string;
  value?: string;
}

declare global {
  interface Window {
    __PABX_BOOT__?: AppState | null;
    __PABX_EARLY_INPUT__?: { events: EarlyInput[]; stop: () => void };
  }
}

/** The id of the prerendered screens' templates in index.html, per screen and locale. */
export function templateId(screen: string, locale: string): string {
  return `first-screen-${screen}-${locale}`;
}

/** The state Rust gave the page at start, if any. */
export function bootState(): AppState | null {
  return typeof window === "undefined" ? null : (window.__PABX_BOOT__ ?? null);
}

/** The screen the boot script drew into `root` before the app's script ran, if it did. */
export function prerenderedScreen(root: HTMLElement): string | undefined {
  return root.dataset.prerendered;
}

/** Stops keeping early input: from here React sees (and replays) the events itself. */
export function stopKeepingEarlyInput(): void {
  window.__PABX_EARLY_INPUT__?.stop();
}

/** Replays, once, what was clicked or changed on the prerendered screen before the app ran. */
export function replayEarlyInput(): void {
  const early = window.__PABX_EARLY_INPUT__;
  if (!early) return;
  delete window.__PABX_EARLY_INPUT__;
  early.stop();
  for (const input of early.events) {
    const element = document.querySelector<HTMLElement>(`[data-testid="${CSS.escape(input.testId)}"]`);
    if (!element) continue;
    if (input.type === "click") {
      element.click();
    } else if (element instanceof HTMLSelectElement || element instanceof HTMLInputElement) {
      element.value = input.value ?? "";
      element.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }
}
