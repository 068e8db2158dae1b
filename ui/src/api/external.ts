/** Links out of the app (the platform's web panel, call recordings) open in the system's browser. */
import { openUrl } from "@tauri-apps/plugin-opener";

export async function openExternal(url: string): Promise<void> {
  await openUrl(url);
}
