import { act, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { createFakeBackend, demoClientes, demoRamais, installFakeBackend, SANDBOX_ACCOUNT } from "../dev/fakeBackend";
import { EntityScreen } from "../entity/EntityScreen";
import { ramaisConfig } from "../screens/ramais/config";
import { renderUi } from "../test/render";

describe("streamed list", () => {
  it("shows the first page at once, with the progress of its own load, then every row", async () => {
    const backend = createFakeBackend({ accounts: [SANDBOX_ACCOUNT], clientes: demoClientes(1), ramais: demoRamais(1, 1000, 30), pageDelay: 300 });
    installFakeBackend(backend);
    renderUi(<EntityScreen config={ramaisConfig} accountId="sandbox" scope={{ clienteId: 1 }} scopeKey={1} />);
    await waitFor(() => expect(screen.getByTestId("list-count").dataset.total).toBe("10"));
    expect(screen.getByTestId("list-count").dataset.loading).toBe("true");
    expect(screen.getByTestId("list-progress").textContent).toBe("Carregando registros… 10 de 30");
    await waitFor(() => expect(screen.getByTestId("list-count").dataset.loading).toBe("false"));
    expect(screen.getByTestId("list-count").dataset.total).toBe("30");
    expect(screen.queryByTestId("list-progress")).toBeNull();
    expect(backend.cancelled).toEqual([]);
  });

  it("cancels its load in Rust when the screen is left", async () => {
    const backend = createFakeBackend({ accounts: [SANDBOX_ACCOUNT], clientes: demoClientes(1), ramais: demoRamais(1, 1000, 30), pageDelay: 300 });
    installFakeBackend(backend);
    const view = renderUi(<EntityScreen config={ramaisConfig} accountId="sandbox" scope={{ clienteId: 1 }} scopeKey={1} />);
    await waitFor(() => expect(screen.getByTestId("list-count").dataset.total).toBe("10"));
    view.unmount();
    await act(() => new Promise((r) => setTimeout(r, 50)));
    const [load] = backend.callsOf("carregar_ramais");
    expect(backend.cancelled).toEqual([load?.args.operacao]);
  });
});
