import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { CommandFailure, type CommandError, type CommandErrorKind } from "../api";
import { useNav } from "../shell/nav";
import { renderUi } from "../test/render";
import { describeError, ErrorView } from "./ErrorView";

const err = (kind: CommandErrorKind, message = "mensagem do Rust", field_errors: CommandError["field_errors"] = []): CommandError => ({
  kind,
  message,
  field_errors,
});

function CurrentArea() {
  return <output data-testid="area">{useNav().area}</output>;
}

describe("the error banner", () => {
  it("lists fields by their label, says Rust's sentence once", () => {
    const message = "Corrija o campo Fim da faixa de ramais; nada foi enviado.";
    const error = err("invalid_input", message, [{ field: "faixa_max", label: "Fim da faixa de ramais", message: "O fim da faixa deve ser maior ou igual ao início" }]);
    renderUi(<ErrorView error={error} testId="banner" />);
    const text = screen.getByTestId("banner").textContent ?? "";
    expect(text).toContain("Fim da faixa de ramais: O fim da faixa");
    expect(text).not.toContain("faixa_max");
    expect(text.split(message)).toHaveLength(2);
  });

  it("adds no hint to a network error: Rust's message already says what to do", () => {
    const message = "Não foi possível conectar ao servidor (conexão recusada). Verifique a internet e o endereço da conta.";
    renderUi(<ErrorView error={err("connect", message)} testId="banner" />);
    const text = screen.getByTestId("banner").textContent ?? "";
    expect(text.match(/Verifique/g)).toHaveLength(1);
  });
});

describe("describeError", () => {
  it("tells wrong token from network down from invalid input", () => {
    expect(describeError(err("unauthorized"))).toMatchObject({ group: "unauthorized", goToAccounts: true, retry: false });
    for (const kind of ["connect", "dns", "timeout"] as const) {
      expect(describeError(err(kind))).toMatchObject({ group: "network", retry: true, goToAccounts: false });
    }
    const invalid = describeError(new CommandFailure(err("invalid_input", "Dados inválidos", [{ field: "cnpj", message: "CNPJ inválido" }])));
    expect(invalid).toMatchObject({ group: "invalid", retry: false, fieldErrors: [{ field: "cnpj", message: "CNPJ inválido" }] });
    expect(describeError(err("validation")).group).toBe("invalid");
    expect(describeError(err("no_account"))).toMatchObject({ group: "no_account", goToAccounts: true });
  });

  it("a write whose answer was lost shows the reconciled answer and offers no retry", () => {
    const saved = "A resposta do servidor se perdeu depois do envio (x), mas a consulta mostra que o registro foi criado (id 42). Não envie de novo.";
    expect(describeError(err("outcome_unknown", saved))).toMatchObject({ group: "outcome", retry: false, message: saved });
    expect(describeError(err("redirect"))).toMatchObject({ group: "config", goToAccounts: true });
  });

  it("never shows a raw exception as the message", () => {
    const d = describeError(new TypeError("x is undefined"));
    expect(d.group).toBe("unexpected");
    expect(d.message).not.toContain("undefined");
    expect(describeError({ kind: "bogus", message: "m" }).group).toBe("unexpected");
  });
});

describe("ErrorView", () => {
  it("unauthorized: says to check the token and links to Contas", () => {
    renderUi(
      <>
        <ErrorView error={err("unauthorized", "Usuário ou token recusados pelo servidor.")} testId="e" />
        <CurrentArea />
      </>,
    );
    const view = screen.getByTestId("e");
    expect(view.textContent).toContain("Token recusado");
    expect(view.textContent).toContain("Usuário ou token recusados pelo servidor.");
    expect(screen.queryByTestId("error-retry")).toBeNull();
    fireEvent.click(screen.getByTestId("error-go-accounts"));
    expect(screen.getByTestId("area").textContent).toBe("contas");
  });

  it("network: offers a retry and no link to Contas", () => {
    const retry = vi.fn();
    renderUi(<ErrorView error={err("dns", "O nome do servidor não foi encontrado.")} onRetry={retry} testId="e" />);
    expect(screen.getByTestId("e").textContent).toContain("Sem conexão com o servidor");
    expect(screen.queryByTestId("error-go-accounts")).toBeNull();
    fireEvent.click(screen.getByTestId("error-retry"));
    expect(retry).toHaveBeenCalledOnce();
  });

  it("invalid input: lists the field errors", () => {
    renderUi(<ErrorView error={err("invalid_input", "Dados inválidos.", [{ field: "faixa_max", message: "Menor que o início." }])} testId="e" />);
    const view = screen.getByTestId("e");
    expect(view.getAttribute("data-kind")).toBe("invalid_input");
    // By its label even when the error came without one (a server's), never by its key.
    expect(view.textContent).toContain("Fim da faixa de ramais: Menor que o início.");
    expect(view.textContent).not.toContain("faixa_max");
  });

  it("other kinds: the title of the group and Rust's message", () => {
    renderUi(<ErrorView error={err("server", "O servidor respondeu com erro 500.")} testId="e" />);
    expect(screen.getByTestId("e").textContent).toContain("Erro no servidor");
    expect(screen.getByTestId("e").textContent).toContain("O servidor respondeu com erro 500.");
  });
});
