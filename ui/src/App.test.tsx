import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "./App";
import { LOCALE_KEY, setLocale } from "./i18n";
import { createFakeBackend, demoClientes, demoRamais, installFakeBackend, SANDBOX_ACCOUNT, type FakeBackend } from "./dev/fakeBackend";

const REAL = { id: "acc-1", label: "Revenda SP", base_url: "https://pabx.exemplo.com.br/pabx/api.php", usuario: "revenda", is_sandbox: false };

function start(backend: FakeBackend) {
  installFakeBackend(backend);
  render(<App />);
  return backend;
}

const input = (testId: string) => screen.getByTestId(testId) as HTMLInputElement;
const type = (testId: string, value: string) => fireEvent.change(input(testId), { target: { value } });

async function pick(testId: string, option: RegExp) {
  fireEvent.click(input(testId));
  // The dropdown is still in its opening transition (display: none) without layout.
  fireEvent.click(await screen.findByRole("option", { name: option, hidden: true }));
}

describe("first run", () => {
  it("welcomes, starts the sandbox, shows the Sandbox badge and reports ui_ready once", async () => {
    const backend = start(createFakeBackend());
    await screen.findByTestId("welcome");
    await waitFor(() => expect(backend.callsOf("ui_ready")).toHaveLength(1));
    fireEvent.click(screen.getByTestId("welcome-use-sandbox"));
    expect(await screen.findByTestId("sandbox-badge")).toBeTruthy();
    await waitFor(() => expect(screen.getAllByTestId("list-row").length).toBeGreaterThan(0));
    expect(backend.callsOf("use_sandbox")).toHaveLength(1);
    expect(backend.callsOf("ui_ready")).toHaveLength(1);
  });

  it("adds a real account: tests it, saves it with the token, then forgets the token", async () => {
    const backend = start(createFakeBackend());
    fireEvent.click(await screen.findByTestId("welcome-add-account"));
    await screen.findByTestId("account-form");
    type("field-label", "Revenda SP");
    type("field-base_url", "https://pabx.exemplo.com.br/pabx/api.php");
    type("field-usuario", "revenda");
    type("field-token", "errado");
    fireEvent.click(screen.getByTestId("account-test"));
    const refused = await screen.findByTestId("form-error");
    expect(refused.getAttribute("data-group")).toBe("unauthorized");
    expect(refused.textContent).toContain("Token recusado");

    type("field-token", "segredo-123");
    fireEvent.click(screen.getByTestId("account-test"));
    expect((await screen.findByTestId("account-test-result")).textContent).toContain("27 regiões");
    expect(input("field-token").value).toBe("segredo-123");

    fireEvent.click(screen.getByTestId("account-save"));
    await screen.findByTestId("nav-clientes");
    const [save] = backend.callsOf("save_account");
    expect(save!.args).toEqual({
      id: null,
      input: { label: "Revenda SP", base_url: "https://pabx.exemplo.com.br/pabx/api.php", usuario: "revenda", token: "segredo-123", dialeto: "legado" },
    });
    expect(backend.callsOf("switch_account")).toHaveLength(1);
    expect(screen.queryByTestId("sandbox-badge")).toBeNull();
    // No other command ever carries the token.
    const others = backend.calls.filter((c) => c.cmd !== "save_account" && c.cmd !== "test_connection");
    expect(JSON.stringify(others)).not.toContain("segredo-123");
  });

  it("marks the account fields Rust refuses", async () => {
    start(createFakeBackend());
    fireEvent.click(await screen.findByTestId("welcome-add-account"));
    type("field-label", "X");
    type("field-base_url", "ftp://nada");
    type("field-usuario", "u");
    type("field-token", "t");
    fireEvent.click(screen.getByTestId("account-save"));
    expect((await screen.findByTestId("field-error-base_url")).textContent).toContain("Endereço inválido");
    expect(input("field-token").value).toBe("");
  });
});

describe("language", () => {
  afterEach(() => setLocale("pt-BR"));

  it("switches the welcome and the shell to English, keeping the choice", async () => {
    start(createFakeBackend());
    expect((await screen.findByTestId("welcome")).textContent).toContain("Bem-vindo");
    // A native select: the option is chosen by its value.
    fireEvent.change(await screen.findByTestId("language-picker"), { target: { value: "en" } });
    await waitFor(() => expect(screen.getByTestId("welcome").textContent).toContain("Welcome to PABX Desktop"));
    expect(localStorage.getItem(LOCALE_KEY)).toBe("en");
    fireEvent.click(screen.getByTestId("welcome-use-sandbox"));
    expect((await screen.findByTestId("nav-clientes")).textContent).toBe("Customers");
    await waitFor(() => expect(screen.getByTestId("list-count").textContent).toMatch(/^[\d,]+ records?$/));
  });
});

describe("shell", () => {
  function withData() {
    return createFakeBackend({
      accounts: [SANDBOX_ACCOUNT, REAL],
      activeId: "sandbox",
      clientes: demoClientes(3),
      ramais: [...demoRamais(2, 1100, 4), ...demoRamais(3, 1200, 2, 100)],
    });
  }

  it("has every area; the ones not built say so honestly", async () => {
    start(withData());
    await screen.findByTestId("nav-clientes");
    for (const id of ["clientes", "ramais", "dids", "troncos", "planos", "regras", "regioes", "chamadas", "atividade", "contas"]) {
      expect(screen.getByTestId(`nav-${id}`)).toBeTruthy();
    }
    // Every area is built: none says it is unavailable.
    fireEvent.click(screen.getByTestId("nav-chamadas"));
    expect(await screen.findByTestId("historico-screen")).toBeTruthy();
    expect(screen.queryByTestId("area-unavailable")).toBeNull();
    // DIDs, dial plans and their routing belong to a customer: they ask for one first.
    for (const id of ["dids", "planos", "regras"]) {
      fireEvent.click(screen.getByTestId(`nav-${id}`));
      expect(await screen.findByTestId("customer-required")).toBeTruthy();
      expect(screen.queryByTestId("area-unavailable")).toBeNull();
    }
  });

  it("Ramais follow the customer picked in the header", async () => {
    const backend = start(withData());
    fireEvent.click(await screen.findByTestId("nav-ramais"));
    // The list's frame is drawn already, asking for the customer; nothing to add or search yet.
    const required = await screen.findByTestId("customer-required");
    const frame = screen.getByTestId("list-scroll");
    expect(frame.contains(required)).toBe(true);
    expect(screen.getByTestId("list-new")).toHaveProperty("disabled", true);
    expect(screen.getByTestId("list-search")).toHaveProperty("disabled", true);
    expect(backend.callsOf("carregar_ramais")).toHaveLength(0);
    await pick("customer-picker", /Cliente 002/);
    await waitFor(() => expect(screen.getAllByTestId("list-row")).toHaveLength(4));
    expect(backend.callsOf("carregar_ramais").at(-1)?.args.filtro).toMatchObject({ cliente_id: 2 });
    // The load started at the pick is the screen's own: one request per customer picked.
    expect(backend.callsOf("carregar_ramais")).toHaveLength(1);
    fireEvent.change(screen.getByTestId("list-search"), { target: { value: "zzz" } });
    await screen.findByTestId("list-empty");
    await pick("customer-picker", /Cliente 003/);
    await waitFor(() => expect(screen.getAllByTestId("list-row")).toHaveLength(2));
    expect(backend.callsOf("carregar_ramais")).toHaveLength(2);
    // A switch swaps the rows in the same frame, and the last customer's search goes with it.
    expect(screen.getByTestId("list-scroll")).toBe(frame);
    expect(screen.getByTestId("list-search")).toHaveProperty("value", "");
  });

  it("switches the active account from the header; the badge follows", async () => {
    const backend = start(withData());
    await screen.findByTestId("sandbox-badge");
    await pick("account-switcher", /Revenda SP/);
    await waitFor(() => expect(screen.queryByTestId("sandbox-badge")).toBeNull());
    expect(backend.callsOf("switch_account")[0]?.args).toEqual({ id: "acc-1" });
  });

  it("removes an account after confirmation in Contas", async () => {
    const backend = start(withData());
    fireEvent.click(await screen.findByTestId("nav-contas"));
    const rows = await screen.findAllByTestId("account-row");
    expect(rows).toHaveLength(2);
    fireEvent.click(within(rows[1]!).getByTestId("account-remove"));
    fireEvent.click(await screen.findByTestId("confirm-delete"));
    await waitFor(() => expect(screen.getAllByTestId("account-row")).toHaveLength(1));
    expect(backend.callsOf("remove_account")[0]?.args).toEqual({ id: "acc-1" });
  });

  it("adds the sandbox back from Contas once it was removed", async () => {
    const backend = start(createFakeBackend({ accounts: [SANDBOX_ACCOUNT, REAL], activeId: "acc-1" }));
    fireEvent.click(await screen.findByTestId("nav-contas"));
    // While the sandbox account exists, Contas does not offer it again.
    await screen.findAllByTestId("account-row");
    expect(screen.queryByTestId("account-use-sandbox")).toBeNull();
    const sandboxRow = screen.getAllByTestId("account-row").find((r) => r.getAttribute("data-id") === "sandbox")!;
    fireEvent.click(within(sandboxRow).getByTestId("account-remove"));
    fireEvent.click(await screen.findByTestId("confirm-delete"));
    fireEvent.click(await screen.findByTestId("account-use-sandbox"));
    await screen.findByTestId("sandbox-badge");
    expect(backend.callsOf("use_sandbox")).toHaveLength(1);
    await waitFor(() => expect(screen.getAllByTestId("account-row")).toHaveLength(2));
    expect(screen.queryByTestId("account-use-sandbox")).toBeNull();
  });

  it("says so when a removed account's token may have stayed in the keyring", async () => {
    const warning = "A conta foi removida, mas o token dela pode ter ficado no chaveiro do sistema (indisponível).";
    start(createFakeBackend({ accounts: [SANDBOX_ACCOUNT, REAL], activeId: "sandbox", removeWarning: warning }));
    fireEvent.click(await screen.findByTestId("nav-contas"));
    const rows = await screen.findAllByTestId("account-row");
    fireEvent.click(within(rows[1]!).getByTestId("account-remove"));
    fireEvent.click(await screen.findByTestId("confirm-delete"));
    expect(await screen.findByText(warning)).toBeTruthy();
    await waitFor(() => expect(screen.getAllByTestId("account-row")).toHaveLength(1));
  });

  it("edits an account with a blank token (keep), switches its dialect and tests it as typed", async () => {
    const backend = start(withData());
    fireEvent.click(await screen.findByTestId("nav-contas"));
    const rows = await screen.findAllByTestId("account-row");
    fireEvent.click(within(rows[1]!).getByTestId("account-edit"));
    expect(input("field-token").value).toBe("");
    // REAL has no dialeto (an older accounts file): it reads as Legado.
    expect(input("field-dialeto").value).toBe("Legado (/pabx/api.php)");
    type("field-label", "Revenda Campinas");
    await pick("field-dialeto", /^Suite/);
    expect(input("field-dialeto").value).toBe("Suite (/suite/api/<ação>)");
    fireEvent.click(screen.getByTestId("account-test"));
    await screen.findByTestId("account-test-result");
    expect(backend.callsOf("test_connection")[0]?.args).toMatchObject({ id: "acc-1", input: { token: null, dialeto: "suite" } });
    fireEvent.click(screen.getByTestId("account-save"));
    await waitFor(() => expect(backend.callsOf("save_account")).toHaveLength(1));
    expect(backend.callsOf("save_account")[0]?.args).toMatchObject({
      id: "acc-1",
      input: { label: "Revenda Campinas", token: null, dialeto: "suite" },
    });
  });

  it("shows a saved account's suite dialect when editing it", async () => {
    start(createFakeBackend({ accounts: [SANDBOX_ACCOUNT, { ...REAL, dialeto: "suite" }], activeId: "sandbox" }));
    fireEvent.click(await screen.findByTestId("nav-contas"));
    const rows = await screen.findAllByTestId("account-row");
    fireEvent.click(within(rows[1]!).getByTestId("account-edit"));
    expect(input("field-dialeto").value).toBe("Suite (/suite/api/<ação>)");
    expect(screen.getByText(/Na dúvida, mantenha Legado/)).toBeTruthy();
  });

  it("toggles and remembers the color scheme", async () => {
    start(withData());
    const toggle = await screen.findByTestId("theme-toggle");
    const before = toggle.getAttribute("data-scheme");
    fireEvent.click(toggle);
    await waitFor(() => expect(screen.getByTestId("theme-toggle").getAttribute("data-scheme")).not.toBe(before));
    expect(localStorage.getItem("pabx-color-scheme")).toBe(screen.getByTestId("theme-toggle").getAttribute("data-scheme"));
  });
});

describe("without an active account", () => {
  it("opens Contas and says so in the data areas", async () => {
    start(createFakeBackend({ accounts: [REAL], activeId: null }));
    expect(await screen.findByTestId("account-row")).toBeTruthy();
    fireEvent.click(screen.getByTestId("nav-clientes"));
    const panel = screen.getByTestId("no-active-account");
    expect(panel.getAttribute("data-kind")).toBe("no_account");
    fireEvent.click(within(panel).getByTestId("error-go-accounts"));
    expect(await screen.findByTestId("account-row")).toBeTruthy();
  });

  it("shows why the sandbox did not start, on the welcome screen", async () => {
    const backend = createFakeBackend();
    backend.failNext.use_sandbox = { kind: "sandbox", message: "Não foi possível iniciar o sandbox: porta em uso.", field_errors: [] };
    start(backend);
    fireEvent.click(await screen.findByTestId("welcome-use-sandbox"));
    const error = await screen.findByTestId("welcome-error");
    expect(error.textContent).toContain("porta em uso");
    expect(screen.getByTestId("welcome")).toBeTruthy();
  });
});
