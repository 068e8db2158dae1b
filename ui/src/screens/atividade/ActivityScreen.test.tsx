import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import type { AppState, Entry } from "../../api";
import { renderUi } from "../../test/render";
import { ActivityScreen, dayToMs } from "./ActivityScreen";

const STATE: AppState = { accounts: [], active: null, sandbox_running: false };

const ALTER: Entry = {
  id: 7, at_ms: Date.UTC(2026, 11, 1, 12), source: "app", account: "Sandbox", acao: "alterar_cliente", operation: "alterar",
  entity: "cliente", record_id: 42, record_name: "Padaria", cliente_id: 42,
  before: { cliente_id: 42, nome: "Padaria", senha: "***" }, after: { dados: { cliente_id: 42, nome: "Padaria Nova", senha: "***" } },
  changes: [{ path: "nome", before: "Padaria", after: "Padaria Nova" }, { path: "senha", before: "***", after: "***" }],
  outcome: "ok", message: "Cliente alterado",
};
const REFUSED: Entry = { ...ALTER, id: 8, acao: "inserir_cliente", operation: "inserir", outcome: "refused", message: "Login já existe", before: null, changes: [] };

function backend() {
  const calls: { cmd: string; args: unknown }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    if (cmd === "listar_atividade") {
      const filtro = (args as { filtro: { outcome: string | null } }).filtro;
      return [REFUSED, ALTER].filter((e) => !filtro.outcome || e.outcome === filtro.outcome);
    }
    if (cmd === "restaurar_atividade") return { mensagem: "ok", dados: null };
    if (cmd === "log_level") return "info";
    if (cmd === "set_log_level") return null;
    throw new Error(`unexpected ${cmd}`);
  });
  return calls;
}

describe("ActivityScreen", () => {
  it("lists entries, filters by outcome, shows an alter's diff with secrets masked and restores it", async () => {
    const calls = backend();
    renderUi(<ActivityScreen state={STATE} />);
    await waitFor(() => expect(screen.getAllByTestId("activity-row")).toHaveLength(2));
    expect(screen.getAllByTestId("activity-row").map((r) => r.getAttribute("data-outcome"))).toEqual(["refused", "ok"]);

    fireEvent.click(screen.getByTestId("activity-filter-outcome"));
    fireEvent.click(await screen.findByRole("option", { name: "OK", hidden: true }));
    await waitFor(() => expect(screen.getAllByTestId("activity-row")).toHaveLength(1));
    expect(calls.filter((c) => c.cmd === "listar_atividade").at(-1)!.args).toMatchObject({ filtro: { outcome: "ok" } });

    fireEvent.click(screen.getByTestId("activity-row"));
    const detail = await screen.findByTestId("activity-detail");
    const changes = within(detail).getAllByTestId("activity-change");
    expect(changes.map((c) => c.getAttribute("data-path"))).toEqual(["nome", "senha"]);
    expect(changes[1]!.textContent).toBe("senha******");
    fireEvent.click(within(detail).getByTestId("activity-restore"));
    fireEvent.click(await screen.findByTestId("confirm-delete"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "restaurar_atividade")).toBe(true));
    expect(calls.find((c) => c.cmd === "restaurar_atividade")!.args).toEqual({ id: 7 });
  });

  it("offers no restore for a refused entry", async () => {
    backend();
    renderUi(<ActivityScreen state={STATE} />);
    await waitFor(() => expect(screen.getAllByTestId("activity-row")).toHaveLength(2));
    fireEvent.click(screen.getAllByTestId("activity-row")[0]!);
    const detail = await screen.findByTestId("activity-detail");
    expect(within(detail).getByTestId("activity-message").textContent).toBe("Login já existe");
    expect(within(detail).queryByTestId("activity-restore")).toBeNull();
  });

  it("turns a day into the start of that local day, or of the next", () => {
    expect(dayToMs("2026-12-01")).toBe(new Date(2026, 11, 1).getTime());
    expect(dayToMs("2026-12-31", true)).toBe(new Date(2027, 0, 1).getTime());
    expect(dayToMs("")).toBeNull();
  });
});
