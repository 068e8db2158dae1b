import { mockIPC } from "@tauri-apps/api/mocks";
import { beforeEach, describe, expect, it } from "vitest";
import { countedChannel } from "./operacao";

describe("countedChannel", () => {
  // A Channel registers its callback with Tauri's internals, which the mock provides.
  beforeEach(() => mockIPC(() => null));

  it("waits for the messages that arrive after the command's answer, not for those already in", async () => {
    const seen: string[] = [];
    const pages = countedChannel<string>((message) => seen.push(message));
    pages.canal.onmessage("a");
    await pages.delivered(1);
    let done = false;
    const waiting = pages.delivered(3).then(() => {
      done = true;
    });
    pages.canal.onmessage("b");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(done).toBe(false);
    pages.canal.onmessage("c");
    await waiting;
    expect(seen).toEqual(["a", "b", "c"]);
  });

  it("stops waiting when released (the operation was abandoned)", async () => {
    const pages = countedChannel<number>(() => undefined);
    const waiting = pages.delivered(5);
    pages.release();
    await expect(waiting).resolves.toBeUndefined();
  });
});
