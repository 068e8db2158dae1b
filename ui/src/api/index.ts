/**
 * The one door to the Rust side: the generated commands and types (`bindings.ts`, never edited),
 * blank records for new forms, and `unwrap` that turns a command's result into a value or
 * a thrown `CommandFailure` (what TanStack Query and forms expect).
 */
export * from "../bindings";
export * from "./records";
export { countedChannel, operationId } from "./operacao";
import type { CommandError, CommandErrorKind } from "../bindings";

export type Result<T> = { status: "ok"; data: T } | { status: "error"; error: CommandError };

/** A failed command, thrown so queries and mutations see it as an error. */
export class CommandFailure extends Error {
  readonly error: CommandError;
  constructor(error: CommandError) {
    super(error.message);
    this.name = "CommandFailure";
    this.error = error;
  }
}

export async function unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (result.status === "error") throw new CommandFailure(result.error);
  return result.data;
}

// Every kind of the generated union, checked both ways by the compiler.
const KIND_LIST = {
  invalid_input: true, invalid_url: true, connect: true, dns: true, tls: true, timeout: true, unauthorized: true,
  validation: true, not_found: true, server: true, malformed_response: true, no_account: true, keyring: true,
  storage: true, sandbox: true, redirect: true, response_too_large: true, outcome_unknown: true,
} satisfies Record<CommandErrorKind, true>;
const KINDS: ReadonlySet<string> = new Set(Object.keys(KIND_LIST));

function isCommandError(value: unknown): value is CommandError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.kind === "string" && KINDS.has(v.kind) && typeof v.message === "string";
}

/**
 * Any thrown value as a CommandError; `null` when it is not one (a bug or a broken IPC), so the
 * caller shows its own generic message rather than a raw exception text.
 */
export function asCommandError(value: unknown): CommandError | null {
  if (value instanceof CommandFailure) return value.error;
  if (isCommandError(value)) return { ...value, field_errors: value.field_errors ?? [] };
  return null;
}
