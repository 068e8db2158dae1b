/**
 * The app into its root element: over the prerendered first screen when the boot script drew one
 * (hydrated: React takes over the same elements), drawn anew otherwise. The app state comes from
 * Rust's boot state when there is one, so the first screen needs no command.
 */
import { StrictMode } from "react";
import { createRoot, hydrateRoot, type Root } from "react-dom/client";
import { App, createQueryClient } from "./App";
import { APP_STATE_KEY, appStateQuery } from "./api/queries";
import { bootState, prerenderedScreen, stopKeepingEarlyInput } from "./boot";

/** Hydration mismatches React recovered from (it then drew the screen anew); read by the tests. */
export const hydrationErrors: string[] = [];
(globalThis as { __PABX_HYDRATION_ERRORS__?: string[] }).__PABX_HYDRATION_ERRORS__ = hydrationErrors;

export function startApp(root: HTMLElement, queryClient = createQueryClient()): Root {
  const boot = bootState();
  if (boot) {
    // The state when the window opened draws the first screen at once; it is asked for again in
    // the background (the sandbox may have started since).
    queryClient.setQueryData(APP_STATE_KEY, boot);
    void queryClient.invalidateQueries({ queryKey: APP_STATE_KEY });
    // A returning user's first screen is the shell: its code is fetched while React starts.
    if (boot.accounts.length > 0) void import("./shell/Shell");
  } else {
    // Asked for before React's first render, which then runs while Rust answers.
    void queryClient.prefetchQuery(appStateQuery);
  }
  const app = (
    <StrictMode>
      <App queryClient={queryClient} />
    </StrictMode>
  );
  if (!prerenderedScreen(root)) {
    const fresh = createRoot(root);
    fresh.render(app);
    return fresh;
  }
  // From here React replays what happens on the page; what happened before, src/boot.ts does.
  stopKeepingEarlyInput();
  return hydrateRoot(root, app, {
    onRecoverableError: (error) => {
      hydrationErrors.push(String(error));
      console.warn("pabx-desktop: hydration", error);
    },
  });
}
