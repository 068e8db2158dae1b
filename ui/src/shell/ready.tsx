/**
 * The start-up report: Rust is told once per page load that the app has its first screen
 * (`interactive`; a prerendered screen reported `painted` from the boot script before), and what
 * was clicked on a prerendered screen before then is replayed.
 */
import { useEffect } from "react";
import { commands } from "../api";
import { replayEarlyInput } from "../boot";

let reported = false;

/**
 * Rendered beside a screen, inside its Suspense boundary: it commits with the screen, so a
 * lazily loaded screen counts only once its code ran and it is on screen, not its spinner.
 */
export function ReportReady() {
  useEffect(() => {
    if (reported) return;
    reported = true;
    replayEarlyInput();
    requestAnimationFrame(() => {
      performance.mark("pabx-interactive");
      commands.uiReady("interactive").catch(() => undefined);
    });
  }, []);
  return null;
}
