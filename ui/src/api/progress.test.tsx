import { emit } from "@tauri-apps/api/event";
import { act, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { createFakeBackend, demoClientes, demoRamais, installFakeBackend, SANDBOX_ACCOUNT } from "../dev/fakeBackend";
import { EntityScreen } from "../entity/EntityScreen";
import { ramaisConfig } from "../screens/ramais/config";
import { renderUi } from "../test/render";

describe("list progress", () => {
  it("shows the pages loaded so far of its own list only", async () => {
    const backend = createFakeBackend({ accounts: [SANDBOX_ACCOUNT], clientes: demoClientes(1), ramais: demoRamais(1, 1000, 3) });
    installFakeBackend(backend, 400);
    renderUi(<EntityScreen config={ramaisConfig} accountId="sandbox" scope={{ clienteId: 1 }} scopeKey={1} />);
    const loading = await screen.findByTestId("list-loading");
    // Give the listener time to register before emitting.
    await act(() => new Promise((r) => setTimeout(r, 50)));
    await act(() => emit("list-progress", { acao: "listar_clientes", loaded: 7, total: 9 }));
    expect(loading.textContent).toBe("Carregando registros…");
    await act(() => emit("list-progress", { acao: "listar_ramais", loaded: 2000, total: 10000 }));
    expect(loading.textContent).toBe("Carregando registros… 2.000 de 10.000");
    await waitFor(() => expect(screen.getAllByTestId("list-row")).toHaveLength(3));
  });
});
