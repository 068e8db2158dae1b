import { fireEvent, screen, waitFor } from "@testing-library/react";
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it, vi } from "vitest";
import type { ApplyReport, BulkPreview, DryRunReport } from "../api";
import { renderUi } from "../test/render";
import { BulkImport } from "./BulkImport";

const preview: BulkPreview = {
  format: { encoding: "windows1252", separator: ";" },
  headers: ["Número", "Nome", "Observação"],
  sample: [{ line: 2, fields: ["7301", "Recepção", "x"] }],
  rows: 3,
  mapping: { columns: ["numero", "nome", null], unknown: ["Observação"], duplicated: [] },
  keys: ["numero", "nome", "senha_sip"],
};

const dryRun: DryRunReport = {
  kind: "ramais",
  cliente_id: 7,
  rows: [
    { line: 2, key: "7301", action: "insert", issues: [], existing_id: 0 },
    { line: 3, key: "7302", action: "insert", issues: [], existing_id: 0 },
    { line: 4, key: "7302", action: "invalid", issues: [{ field: "numero", message: "repetida: o ramal 7302 já aparece na linha 3" }], existing_id: 0 },
  ],
  counts: { insert: 2, update: 0, unchanged: 0, skip: 0, already_applied: 0, invalid: 1 },
  ignored_columns: ["Observação"],
};

const applied: ApplyReport = {
  rows: [
    { line: 2, key: "7301", action: "insert", outcome: "created", id: 11, message: "", field_errors: [] },
    { line: 3, key: "7302", action: "insert", outcome: "created", id: 12, message: "", field_errors: [] },
    { line: 4, key: "7302", action: "invalid", outcome: "invalid", id: 0, message: "numero: repetida", field_errors: [] },
  ],
  created: 2,
  updated: 0,
  untouched: 0,
  invalid: 1,
  failed: 0,
  cancelled: 0,
  elapsed_ms: 40,
};

describe("BulkImport", () => {
  it("goes from the file to the preview, the dry run and the apply, passing the path and the mapping", async () => {
    const calls: { cmd: string; args: Record<string, unknown> }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
      if (cmd === "bulk_preview") return preview;
      if (cmd === "bulk_dry_run") return dryRun;
      if (cmd === "bulk_apply") return applied;
      return null;
    }, { shouldMockEvents: true });
    const onClose = vi.fn();
    renderUi(<BulkImport kind="ramais" clienteId={7} listLabel="Ramais" onClose={onClose} />);

    fireEvent.change(await screen.findByTestId("bulk-path"), { target: { value: "/tmp/ramais.csv" } });
    fireEvent.click(screen.getByTestId("bulk-next"));
    await waitFor(() => expect(screen.getAllByTestId("bulk-column")).toHaveLength(3));
    expect(screen.getByTestId("bulk-format").textContent).toContain("3");

    fireEvent.click(screen.getByTestId("bulk-check"));
    const counts = await screen.findByTestId("bulk-counts");
    expect(counts.getAttribute("data-invalid")).toBe("1");
    expect(screen.getAllByTestId("bulk-issue").map((el) => el.getAttribute("data-line"))).toEqual(["4"]);
    const dry = calls.find((c) => c.cmd === "bulk_dry_run")!;
    expect(dry.args).toMatchObject({ kind: "ramais", path: "/tmp/ramais.csv", clienteId: 7, atualizar: false, mapping: preview.mapping });

    fireEvent.click(screen.getByTestId("bulk-apply"));
    const result = await screen.findByTestId("bulk-result");
    expect(result.getAttribute("data-created")).toBe("2");
    expect(result.getAttribute("data-failed")).toBe("1");
    expect(calls.find((c) => c.cmd === "bulk_apply")!.args).toMatchObject({ concorrencia: 4, clienteId: 7 });

    fireEvent.click(screen.getByTestId("bulk-close"));
    expect(onClose).toHaveBeenCalledWith(true);
  });

  it("cancels the apply in progress through cancelar_operacao with the apply's own id", async () => {
    const calls: { cmd: string; args: Record<string, unknown> }[] = [];
    let finish: (report: ApplyReport) => void = () => undefined;
    mockIPC((cmd, args) => {
      calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
      if (cmd === "bulk_preview") return preview;
      if (cmd === "bulk_dry_run") return dryRun;
      if (cmd === "bulk_apply") return new Promise<ApplyReport>((resolve) => (finish = resolve));
      if (cmd === "cancelar_operacao") {
        finish({ ...applied, created: 1, cancelled: 1 });
        return true;
      }
      return null;
    }, { shouldMockEvents: true });
    renderUi(<BulkImport kind="ramais" clienteId={7} listLabel="Ramais" onClose={() => undefined} />);
    fireEvent.change(await screen.findByTestId("bulk-path"), { target: { value: "/tmp/ramais.csv" } });
    fireEvent.click(screen.getByTestId("bulk-next"));
    await waitFor(() => expect(screen.getAllByTestId("bulk-column")).toHaveLength(3));
    fireEvent.click(screen.getByTestId("bulk-check"));
    fireEvent.click(await screen.findByTestId("bulk-apply"));

    fireEvent.click(await screen.findByTestId("bulk-cancel"));
    expect((await screen.findByTestId("bulk-result")).getAttribute("data-created")).toBe("1");
    const operacao = calls.find((c) => c.cmd === "bulk_apply")!.args.operacao;
    expect(typeof operacao).toBe("string");
    expect(calls.filter((c) => c.cmd === "cancelar_operacao").map((c) => c.args.operacao)).toEqual([operacao]);
  });

  it("shows the error of an unreadable file and stays on the first step", async () => {
    mockIPC((cmd) => {
      if (cmd === "bulk_preview") throw { kind: "storage", message: "O arquivo está vazio.", field_errors: [] };
      return null;
    });
    renderUi(<BulkImport kind="clientes" clienteId={0} listLabel="Clientes" onClose={() => undefined} />);
    fireEvent.change(await screen.findByTestId("bulk-path"), { target: { value: "/tmp/vazio.csv" } });
    fireEvent.click(screen.getByTestId("bulk-next"));
    expect((await screen.findByTestId("bulk-error")).textContent).toContain("O arquivo está vazio.");
    expect(screen.getByTestId("bulk-path")).toBeTruthy();
  });
});
