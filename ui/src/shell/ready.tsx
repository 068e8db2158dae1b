/** The start-up report: Rust is told once per page load that the first screen is drawn. */
import { useEffect } from "react";
import { commands } from "../api";

let reported = false;

/**
 * Rendered beside a screen, inside its Suspense boundary: it commits with the screen, so a
 * lazily loaded screen counts only once its code ran and it is on screen, not its spinner.
 */
export function ReportReady() {
  useEffect(() => {
    if (reported) return;
    reported = true;
    requestAnimationFrame(() => {
      commands.uiReady().catch(() => undefined);
    });
  }, []);
  return null;
}
