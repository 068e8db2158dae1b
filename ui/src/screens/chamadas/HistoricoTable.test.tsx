import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderUi } from "../../test/render";
import { emptyColunas, type Colunas } from "./colunas";
import { HistoricoTable } from "./HistoricoTable";

/** `count` calls, the newest last; every third has a recording, call 2 is billed off its tariff. */
function calls(count: number): Colunas {
  const c = emptyColunas();
  for (let i = 0; i < count; i += 1) {
    c.cdr_id.push(1000 + i);
    c.data.push("");
    // One call a second from midnight, 1 Nov 2026 (yyyymmddHHMMSS).
    c.instante.push(20261101000000 + Math.floor(i / 3600) * 10_000 + Math.floor((i % 3600) / 60) * 100 + (i % 60));
    c.cliente_nome.push(`Cliente ${i % 3}`);
    c.origem.push(String(2000 + i));
    c.destino.push(`1130${String(i).padStart(4, "0")}`);
    c.regiao_id.push(i % 2 === 0 ? 0 : 7);
    c.recurso.push("Tronco A");
    c.duracao_chamada.push(i * 10);
    c.status.push(i % 4 === 0 ? "FALHA" : "ATENDIDA");
    c.preco.push(i / 100);
    c.link_gravacao.push(i % 3 === 0 ? `http://gravacoes/${i}.wav` : "");
    c.divergente.push(i === 2);
    c.custo_calculado.push(i / 100);
    c.diferenca.push(i === 2 ? 0.05 : 0);
  }
  return c;
}

function renderTable(count: number, onPlay = vi.fn(), onSortingChange = vi.fn()) {
  renderUi(
    <HistoricoTable
      colunas={calls(count)}
      count={count}
      soDivergentes={false}
      regioes={new Map([[7, "São Paulo"]])}
      sorting={[{ id: "data", desc: true }]}
      onSortingChange={onSortingChange}
      scrollTop={0}
      onScroll={() => undefined}
      onPlay={onPlay}
    />,
  );
  return { onPlay, onSortingChange };
}

describe("HistoricoTable", () => {
  it("draws a window of the calls, newest first, with their cells", async () => {
    renderTable(10_000);
    const rows = await screen.findAllByTestId("historico-row");
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    const first = rows.find((row) => row.style.transform === "translateY(0px)");
    expect(first?.dataset.cdr).toBe(String(1000 + 9_999));
    const cells = [...(first?.children ?? [])].map((cell) => cell.textContent);
    expect(cells.slice(0, 7)).toEqual(["01/11/2026 02:46:39", "Cliente 0", "11999", "11309999", "São Paulo", "Tronco A", "27:46:30"]);
    expect(cells[7]).toBe("ATENDIDA");
    expect(cells[8]).toMatch(/R\$\s?99,99/);
  });

  it("flags a divergent price and plays a recording through one handler", async () => {
    const { onPlay } = renderTable(4);
    const rows = await screen.findAllByTestId("historico-row");
    expect(rows).toHaveLength(4);
    const divergent = rows.filter((row) => row.dataset.divergente === "true");
    expect(divergent.map((row) => row.dataset.cdr)).toEqual(["1002"]);
    const flag = screen.getByTestId("historico-divergente");
    expect(flag.title).toMatch(/R\$/);
    expect(flag.querySelector("svg")).not.toBeNull();
    // Calls 0 and 3 have recordings.
    const buttons = screen.getAllByTestId("historico-ouvir");
    expect(buttons.map((b) => b.dataset.play).sort()).toEqual(["0", "3"]);
    fireEvent.click(buttons.find((b) => b.dataset.play === "3") as HTMLElement);
    expect(onPlay).toHaveBeenCalledWith(3);
  });

  it("asks for a new sorting from the header", async () => {
    const { onSortingChange } = renderTable(4);
    fireEvent.click(screen.getByTestId("historico-sort-preco"));
    await waitFor(() => expect(onSortingChange).toHaveBeenCalledWith([{ id: "preco", desc: true }]));
  });
});
