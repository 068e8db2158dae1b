/**
 * The one door to the Rust side: the generated commands and types, plus `unwrap` that turns a
 * `Result` into a value or a thrown `CommandFailure` (what TanStack Query and forms expect).
 */
export * from "./contract";
import type { CommandError, CommandErrorKind, Result } from "./contract";

/** A failed command, thrown so queries and mutations see it as an error. */
export class CommandFailure extends Error {
  readonly error: CommandError;
  constructor(error: CommandError) {
    super(error.message);
    this.name = "CommandFailure";
    this.error = error;
  }
}

export async function unwrap<T>(pending: Promise<Result<T, CommandError>>): Promise<T> {
  const result = await pending;
  if (result.status === "error") throw new CommandFailure(result.error);
  return result.data;
}

const KINDS: ReadonlySet<string> = new Set<CommandErrorKind>([
  "invalid_input", "invalid_url", "connect", "dns", "tls", "timeout", "unauthorized", "validation",
  "not_found", "server", "malformed_response", "no_account", "keyring", "storage", "sandbox",
]);

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
