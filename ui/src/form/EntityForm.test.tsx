import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { Ramal } from "../api";
import { createFakeBackend, demoClientes, demoRamais, installFakeBackend, SANDBOX_ACCOUNT } from "../dev/fakeBackend";
import { EntityScreen } from "../entity/EntityScreen";
import { clientesConfig } from "../screens/clientes/config";
import { ramaisConfig } from "../screens/ramais/config";
import { renderUi } from "../test/render";

function setup(plano = 11) {
  const [ramal] = demoRamais(1, 1000, 1, 5);
  const withExtras = {
    ...ramal!,
    plano_discagem_id: plano,
    campo_extra: "mantido",
    encaminhar_todas_chamadas: { ...ramal!.encaminhar_todas_chamadas, extra_aninhado: 3 },
  } as Ramal;
  const backend = createFakeBackend({
    accounts: [SANDBOX_ACCOUNT],
    clientes: demoClientes(1),
    ramais: [withExtras],
  });
  installFakeBackend(backend);
  renderUi(<EntityScreen config={ramaisConfig} accountId="sandbox" scope={{ clienteId: 1 }} scopeKey={1} />);
  return backend;
}

const input = (testId: string) => screen.getByTestId(testId) as HTMLInputElement;
const type = (testId: string, value: string) => fireEvent.change(input(testId), { target: { value } });

async function openEdit() {
  fireEvent.click(await screen.findByTestId("row-edit"));
  await screen.findByTestId("entity-form");
}

describe("EntityForm through the Ramais screen", () => {
  it("puts data-testid on the input element of every kind of field", async () => {
    // React reports a prop that reached a DOM element (such as a required mark on a switch).
    const consoleError = vi.spyOn(console, "error");
    setup();
    await openEdit();
    const unknownProps = consoleError.mock.calls.filter((args) => String(args[0]).includes("does not recognize"));
    consoleError.mockRestore();
    expect(unknownProps).toEqual([]);
    for (const id of ["field-numero", "field-codigo_area", "field-plano_discagem_id", "field-senha_sip", "field-bloquear_ramal", "field-encaminhar_todas_chamadas.encaminhamento_destino"]) {
      expect(screen.getByTestId(id).tagName, id).toBe("INPUT");
    }
    for (const key of ["identificacao", "credenciais", "recursos", "dupla", "caixa", "encaminhar_todas_chamadas", "encaminhar_offline_sem_atendimento", "encaminhar_ocupado_indisponivel"]) {
      expect(screen.getByTestId(`section-${key}`)).toBeTruthy();
    }
    expect(input("field-numero").value).toBe("1000");
    expect((await screen.findByTestId("form-intro")).textContent).toBe("Cliente Cliente 001; números de ramal de 1000 a 1099.");
  });

  it("shows Rust's field errors under the right fields and keeps what was typed", async () => {
    const backend = setup();
    await openEdit();
    type("field-numero", "5000");
    type("field-nome", "Recepção");
    fireEvent.click(input("field-gravar_chamadas"));
    fireEvent.click(screen.getByTestId("form-submit"));

    expect((await screen.findByTestId("field-error-numero")).textContent).toContain("faixa do cliente (1000–1099)");
    expect(screen.getByTestId("form-error").getAttribute("data-kind")).toBe("invalid_input");
    expect(input("field-numero").value).toBe("5000");
    expect(input("field-nome").value).toBe("Recepção");
    expect(input("field-gravar_chamadas").checked).toBe(true);
    expect(backend.callsOf("alterar_ramal")).toHaveLength(1);
  });

  it("names the forwarding codes, keeps an unknown one as código N, and disables what its switch turns off", async () => {
    const backend = setup();
    const ramal = backend.ramais[0]!;
    ramal.encaminhar_todas_chamadas = { ...ramal.encaminhar_todas_chamadas, encaminhamento_tipo: 5, encaminhamento_destino: "x" };
    ramal.encaminhar_offline_sem_atendimento = { ...ramal.encaminhar_offline_sem_atendimento, encaminhamento_tipo: 0, encaminhamento_destino: "" };
    ramal.habilitar_dupla_autenticacao = 0;
    await openEdit();
    expect(input("field-encaminhar_todas_chamadas.encaminhamento_tipo").value).toBe("Código 5 da plataforma");
    expect(input("field-encaminhar_offline_sem_atendimento.encaminhamento_tipo").value).toBe("Não encaminhar");
    expect(input("field-encaminhar_offline_sem_atendimento.encaminhamento_destino").disabled).toBe(true);
    expect(input("field-dupla_autenticacao_ip_permitido").disabled).toBe(true);
    fireEvent.click(input("field-habilitar_dupla_autenticacao"));
    expect(input("field-dupla_autenticacao_ip_permitido").disabled).toBe(false);
    fireEvent.click(screen.getByTestId("form-submit"));
    await screen.findByTestId("list-row");
    const sent = backend.callsOf("alterar_ramal")[0]!.args.ramal as Ramal;
    expect(sent.encaminhar_todas_chamadas.encaminhamento_tipo).toBe(5);
  });

  it("asks before Cancelar throws changes away, and leaves at once when nothing changed", async () => {
    setup();
    await openEdit();
    fireEvent.click(screen.getByTestId("form-cancel"));
    await screen.findByTestId("list-row");
    expect(screen.queryByTestId("discard-keep")).toBeNull();
    await openEdit();
    type("field-nome", "Outro nome");
    fireEvent.click(screen.getByTestId("form-cancel"));
    fireEvent.click(await screen.findByTestId("discard-keep"));
    await waitFor(() => expect(screen.queryByTestId("discard-keep")).toBeNull());
    expect(input("field-nome").value).toBe("Outro nome");
    fireEvent.click(screen.getByTestId("form-cancel"));
    fireEvent.click(await screen.findByTestId("discard-confirm"));
    await screen.findByTestId("list-row");
  });

  it("puts a pasted number in its stored form when the field is left", async () => {
    setup();
    await openEdit();
    type("field-numero", " 1 050 ");
    fireEvent.blur(input("field-numero"));
    expect(input("field-numero").value).toBe("1050");
  });

  it("sends the whole record back: unknown fields kept, edits and new list rows applied", async () => {
    const backend = setup();
    await openEdit();
    type("field-nome", "Recepção");
    type("field-codigo_area", "11");
    fireEvent.click(screen.getByTestId("add-encaminhar_todas_chamadas.encaminhamento_destinos"));
    fireEvent.click(screen.getByTestId("add-encaminhar_todas_chamadas.encaminhamento_destinos"));
    type("field-encaminhar_todas_chamadas.encaminhamento_destinos.1.encaminhamento_destino", "1099");
    fireEvent.click(screen.getByTestId("remove-encaminhar_todas_chamadas.encaminhamento_destinos.0"));
    fireEvent.click(screen.getByTestId("form-submit"));

    await screen.findByTestId("list-row");
    const [call] = backend.callsOf("alterar_ramal");
    const sent = call!.args.ramal as Ramal & { campo_extra: string; encaminhar_todas_chamadas: { extra_aninhado: number } };
    expect(sent.campo_extra).toBe("mantido");
    expect(sent.encaminhar_todas_chamadas.extra_aninhado).toBe(3);
    expect(sent.nome).toBe("Recepção");
    expect(sent.codigo_area).toBe(11);
    expect(sent.ramal_id).toBe(5);
    expect(sent.encaminhar_todas_chamadas.encaminhamento_destinos).toEqual([{ encaminhamento_tipo: 1, encaminhamento_destino: "1099" }]);
    expect(backend.ramais[0]?.nome).toBe("Recepção");
  });

  it("opens the whole record, fetched when the row is opened: the list holds light rows", async () => {
    const backend = setup();
    await screen.findByTestId("list-row");
    const [load] = backend.callsOf("carregar_ramais");
    expect(load).toBeTruthy();
    await openEdit();
    expect(backend.callsOf("obter_ramal").map((c) => c.args)).toEqual([{ clienteId: 1, ramalId: 5 }]);
    expect(input("field-senha_sip").value).toBe(backend.ramais[0]!.senha_sip);
  });

  it("keeps the list when the row's record is gone from the server", async () => {
    const backend = setup();
    backend.ramais.splice(0, 1);
    fireEvent.click(await screen.findByTestId("row-edit"));
    await waitFor(() => expect(backend.callsOf("obter_ramal")).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByTestId("entity-form")).toBeNull();
    expect(screen.getByTestId("list-row").dataset.id).toBe("5");
  });

  it("marks a field inside a list row and lists errors no field shows in the banner", async () => {
    const backend = setup();
    await openEdit();
    fireEvent.click(screen.getByTestId("add-encaminhar_todas_chamadas.encaminhamento_destinos"));
    backend.failNext.alterar_ramal = {
      kind: "validation",
      message: "O servidor recusou os dados: destino inválido. Corrija e envie de novo.",
      field_errors: [
        { field: "encaminhar_todas_chamadas.encaminhamento_destinos[0].encaminhamento_destino", message: "Destino inválido." },
        { field: "limite_global", message: "Limite da revenda atingido." },
      ],
    };
    fireEvent.click(screen.getByTestId("form-submit"));
    const error = await screen.findByTestId("field-error-encaminhar_todas_chamadas.encaminhamento_destinos.0.encaminhamento_destino");
    expect(error.textContent).toBe("Destino inválido.");
    const banner = screen.getByTestId("form-error");
    expect(banner.textContent).toContain("O servidor recusou os dados");
    expect(banner.textContent).toContain("Limite da revenda atingido.");
    expect(banner.textContent).not.toContain("Destino inválido.");
  });

  it("keeps typed values and shows the network message when the API is down", async () => {
    const backend = setup();
    await openEdit();
    type("field-caller_id_externo", "1133334444");
    backend.failNext.alterar_ramal = { kind: "connect", message: "Não foi possível conectar ao servidor (recusada).", field_errors: [] };
    fireEvent.click(screen.getByTestId("form-submit"));
    const banner = await screen.findByTestId("form-error");
    expect(banner.getAttribute("data-group")).toBe("network");
    expect(input("field-caller_id_externo").value).toBe("1133334444");
  });

  it("asks nothing on blur and shows every field error of the one validation on submit", async () => {
    const backend = setup();
    await openEdit();
    const before = backend.calls.length;
    type("field-numero", "");
    fireEvent.blur(input("field-numero"));
    type("field-nome", "");
    fireEvent.blur(input("field-nome"));
    expect(backend.calls.length).toBe(before);
    fireEvent.click(screen.getByTestId("form-submit"));
    expect((await screen.findByTestId("field-error-numero")).textContent).toBe("Informe o número do ramal.");
    expect(screen.getByTestId("field-error-nome")).toBeTruthy();
    expect(backend.callsOf("alterar_ramal")).toHaveLength(1);
  });
});

describe("a select loaded from a query: the ramal's dial plan", () => {
  const plano = () => input("field-plano_discagem_id");
  const options = async () => {
    fireEvent.click(plano());
    // Only this select's list: the forwarding selects have options too.
    const listbox = () => document.getElementById(plano().getAttribute("aria-controls") ?? "");
    await waitFor(() => expect(listbox()?.querySelectorAll("[role=option]").length).toBeGreaterThan(0));
    return [...(listbox()?.querySelectorAll("[role=option]") ?? [])].map((o) => o.textContent);
  };

  it("lists the customer's plans by name, Nenhum first, and sends the picked id as a number", async () => {
    const backend = setup();
    await openEdit();
    await waitFor(() => expect(plano().value).toBe("Padrão"));
    expect(backend.callsOf("listar_planos_discagem")[0]?.args.filtro).toMatchObject({ cliente_id: 1 });
    expect(await options()).toEqual(["Nenhum", "Padrão", "Somente local"]);
    fireEvent.click(await screen.findByRole("option", { name: "Somente local", hidden: true }));
    expect(plano().value).toBe("Somente local");
    fireEvent.click(screen.getByTestId("form-submit"));
    await screen.findByTestId("list-row");
    expect((backend.callsOf("alterar_ramal")[0]!.args.ramal as Ramal).plano_discagem_id).toBe(12);
  });

  it("sends 0 for Nenhum", async () => {
    const backend = setup();
    await openEdit();
    await waitFor(() => expect(plano().value).toBe("Padrão"));
    fireEvent.click(plano());
    fireEvent.click(await screen.findByRole("option", { name: "Nenhum", hidden: true }));
    fireEvent.click(screen.getByTestId("form-submit"));
    await screen.findByTestId("list-row");
    expect((backend.callsOf("alterar_ramal")[0]!.args.ramal as Ramal).plano_discagem_id).toBe(0);
  });

  it("keeps a plan id the list does not have, shown as Plano #id, and sends it back unchanged", async () => {
    const backend = setup(987);
    await openEdit();
    await waitFor(() => expect(screen.queryByTestId("field-options-plano_discagem_id")).toBeNull());
    expect(plano().value).toBe("Plano #987");
    expect(await options()).toEqual(["Nenhum", "Padrão", "Somente local", "Plano #987"]);
    fireEvent.click(screen.getByTestId("form-submit"));
    await screen.findByTestId("list-row");
    expect((backend.callsOf("alterar_ramal")[0]!.args.ramal as Ramal).plano_discagem_id).toBe(987);
  });

  it("says when the plans could not be loaded, keeps the value, and retries", async () => {
    const backend = setup();
    backend.failNext.listar_planos_discagem = { kind: "connect", message: "Não foi possível conectar ao servidor.", field_errors: [] };
    await openEdit();
    const status = await screen.findByTestId("field-options-plano_discagem_id");
    await waitFor(() => expect(status.getAttribute("data-state")).toBe("error"));
    expect(status.textContent).toContain("Não foi possível carregar as opções: Não foi possível conectar ao servidor.");
    expect(plano().value).toBe("Plano #11");
    fireEvent.click(screen.getByTestId("field-options-retry-plano_discagem_id"));
    await waitFor(() => expect(plano().value).toBe("Padrão"));
    expect(screen.queryByTestId("field-options-plano_discagem_id")).toBeNull();
    expect(backend.callsOf("listar_planos_discagem")).toHaveLength(2);
  });
});

describe("Clientes screen", () => {
  it("creates a customer with a blank form and returns to the list", async () => {
    const backend = createFakeBackend({ accounts: [SANDBOX_ACCOUNT], clientes: demoClientes(2) });
    installFakeBackend(backend);
    renderUi(<EntityScreen config={clientesConfig} accountId="sandbox" scope={null} scopeKey="all" />);
    await waitFor(() => expect(screen.getAllByTestId("list-row")).toHaveLength(2));
    fireEvent.click(screen.getByTestId("list-new"));
    await screen.findByTestId("entity-form");
    for (const key of ["identificacao", "empresa", "endereco", "limites"]) expect(screen.getByTestId(`section-${key}`)).toBeTruthy();
    type("field-nome", "Padaria Pão Quente");
    type("field-faixa_min", "3000");
    type("field-faixa_max", "3099");
    fireEvent.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(screen.getAllByTestId("list-row")).toHaveLength(3));
    const sent = backend.callsOf("inserir_cliente")[0]!.args.cliente as { nome: string; faixa_min: number; cliente_id: number };
    expect(sent).toMatchObject({ nome: "Padaria Pão Quente", faixa_min: 3000, cliente_id: 0 });
  });

  it("explains a delete the server would refuse before confirming: the customer's ramais, counted", async () => {
    const clientes = demoClientes(2);
    const backend = createFakeBackend({ accounts: [SANDBOX_ACCOUNT], clientes, ramais: demoRamais(1, 1000, 1, 5) });
    installFakeBackend(backend);
    renderUi(<EntityScreen config={clientesConfig} accountId="sandbox" scope={null} scopeKey="all" />);
    await waitFor(() => expect(screen.getAllByTestId("list-row")).toHaveLength(2));
    fireEvent.click(screen.getAllByTestId("row-delete")[0]!);
    const blockers = await screen.findAllByTestId("delete-blocker");
    expect(blockers[0]!.textContent).toContain("O cliente ainda tem 1 ramal.");
    expect(screen.getByTestId("delete-blocker-go-ramais")).toBeTruthy();
    expect(backend.callsOf("deletar_cliente")).toHaveLength(0);
  });
});
