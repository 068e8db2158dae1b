import { describe, expect, it } from "vitest";
import { asCommandError, CommandFailure, unwrap } from "./index";

describe("unwrap", () => {
  it("returns the data or throws the CommandError", async () => {
    await expect(unwrap(Promise.resolve({ status: "ok", data: 3 }))).resolves.toBe(3);
    const error = { kind: "unauthorized" as const, message: "Token recusado.", field_errors: [] };
    const thrown = await unwrap(Promise.resolve({ status: "error", error })).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(CommandFailure);
    expect(asCommandError(thrown)).toEqual(error);
    expect(asCommandError(new Error("boom"))).toBeNull();
  });
});
