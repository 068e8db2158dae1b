/**
 * The prerendered first screen, end to end in the DOM: the build's markup (src/prerender.tsx),
 * the boot script of index.html as shipped, then the app hydrating it (src/start.tsx).
 */
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import type { Root } from "react-dom/client";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeBackend, installFakeBackend, SANDBOX_ACCOUNT } from "./dev/fakeBackend";
import { LOCALE_KEY, setLocale } from "./i18n";
import { FIRST_RUN, renderFirstScreens } from "./prerender";
import { hydrationErrors, startApp } from "./start";
import { COLOR_SCHEME_KEY } from "./theme";
import indexHtml from "../index.html?raw";

const bootScript = /<script>([\s\S]*?)<\/script>/.exec(indexHtml)?.[1] ?? "";
const screens = renderFirstScreens();

let mounted: Root | null = null;

/** The page as the webview gets it: the templates, then the boot script run with Rust's state. */
function loadPage(boot: unknown) {
  document.body.innerHTML =
    '<div id="root"></div>' +
    Object.entries(screens)
      .map(([id, html]) => `<template id="${id}">${html}</template>`)
      .join("");
  (window as { __PABX_BOOT__?: unknown }).__PABX_BOOT__ = boot;
  new Function(bootScript)();
  return document.getElementById("root") as HTMLElement;
}

afterEach(async () => {
  // The boot script's frame callback reports to Rust: let it run while the fake backend is there.
  await new Promise((resolve) => requestAnimationFrame(resolve));
  act(() => mounted?.unmount());
  mounted = null;
  document.body.innerHTML = "";
  delete (window as { __PABX_BOOT__?: unknown }).__PABX_BOOT__;
  localStorage.clear();
  setLocale("pt-BR");
  hydrationErrors.length = 0;
});

describe("the prerendered first screen", () => {
  it("reads the same storage keys as the app", () => {
    expect(bootScript).toContain(`"${LOCALE_KEY}"`);
    expect(bootScript).toContain(`"${COLOR_SCHEME_KEY}"`);
    expect(Object.keys(screens).sort()).toEqual(["first-screen-welcome-en", "first-screen-welcome-pt-BR"]);
  });

  it("is drawn before the app runs, hydrated without a mismatch, and a click made before is replayed", async () => {
    const backend = createFakeBackend();
    installFakeBackend(backend);
    const root = loadPage(FIRST_RUN);
    expect(root.dataset.prerendered).toBe("welcome");
    expect(screen.getByTestId("welcome").textContent).toContain("Bem-vindo");
    // Clicked before the app's script ran: nothing answers yet.
    fireEvent.click(screen.getByTestId("welcome-use-sandbox"));
    await waitFor(() => expect(backend.callsOf("ui_ready").map((c) => c.args)).toEqual([{ stage: "painted" }]));
    expect(backend.callsOf("use_sandbox")).toHaveLength(0);

    act(() => {
      mounted = startApp(root);
    });
    // The click replayed once the app took the screen over: the sandbox starts, the shell opens.
    expect(await screen.findByTestId("sandbox-badge")).toBeTruthy();
    expect(backend.callsOf("use_sandbox")).toHaveLength(1);
    expect(hydrationErrors).toEqual([]);
    expect(backend.callsOf("ui_ready").map((c) => c.args)).toEqual([{ stage: "painted" }, { stage: "interactive" }]);
  });

  it("keeps the elements it drew (hydration, not a second drawing) and the chosen language", async () => {
    localStorage.setItem(LOCALE_KEY, "en");
    setLocale("en");
    installFakeBackend(createFakeBackend());
    const root = loadPage(FIRST_RUN);
    expect(document.documentElement.lang).toBe("en");
    const title = root.querySelector("h1");
    expect(title?.textContent).toContain("Welcome");
    act(() => {
      mounted = startApp(root);
    });
    await waitFor(() => expect(root.querySelector("h1")).toBe(title));
    expect(hydrationErrors).toEqual([]);
  });

  it("draws nothing ahead for a user with accounts, nor without Rust's state", async () => {
    expect(loadPage({ accounts: [SANDBOX_ACCOUNT], active: SANDBOX_ACCOUNT, sandbox_running: false }).childElementCount).toBe(0);
    expect(loadPage(null).childElementCount).toBe(0);
    expect(loadPage(undefined).dataset.prerendered).toBeUndefined();
  });
});
