/** Test setup: DOM cleanup and the browser APIs happy-dom lacks that Mantine expects. */
import { cleanup, configure } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach } from "vitest";

// Screens load lazily (a dynamic import): on a busy machine that can take more than the default 1 s.
configure({ asyncUtilTimeout: 15_000 });

afterEach(() => {
  cleanup();
  clearMocks();
});

if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

// happy-dom has no layout: give elements the size of a 1000×600 viewport, as the list's
// virtualizer reads clientWidth/clientHeight of its scroll container.
Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 600 });
Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 1000 });
