import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderUi } from "../test/render";
import { EntityList, type EntityListProps } from "./EntityList";
import { badge, linkButton } from "./cells";
import type { Column } from "./logic";

interface Row {
  id: number;
  nome: string;
  numero: string;
}

const columns: Column<Row>[] = [
  { key: "numero", label: "ramais.col.numero", value: (r) => r.numero },
  { key: "nome", label: "ramais.col.nome", value: (r) => r.nome },
];

function many(count: number): Row[] {
  return Array.from({ length: count }, (_, i) => ({ id: i + 1, nome: `Ramal ${i + 1}`, numero: String(1000 + i) }));
}

function renderList(overrides: Partial<EntityListProps<Row>> = {}) {
  const props = baseProps({ rows: many(10_000), searchable: (r) => [r.nome, r.numero], ...overrides });
  renderUi(<EntityList {...props} />);
  return props;
}

describe("EntityList", () => {
  it("renders a window of 10,000 rows, not all of them", () => {
    renderList();
    const rendered = screen.getAllByTestId("list-row");
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(60);
    expect(rendered[0]?.getAttribute("data-id")).toBe("1");
    expect(screen.getByTestId("list-count").textContent).toBe("10.000 registros");
    expect(screen.getByTestId("list-scroll").getAttribute("aria-rowcount")).toBe("10001");
  });

  it("filters by the search box and sorts by a header", async () => {
    renderList();
    // "1999" is the nome of row 1999 and the numero of row 1000.
    fireEvent.change(screen.getByTestId("list-search"), { target: { value: "1999" } });
    await waitFor(() => expect(screen.getByTestId("list-count").textContent).toBe("2 de 10.000 registros"));
    expect(screen.getAllByTestId("list-row").map((r) => r.getAttribute("data-id"))).toEqual(["1000", "1999"]);

    fireEvent.change(screen.getByTestId("list-search"), { target: { value: "" } });
    await waitFor(() => expect(screen.getByTestId("list-count").textContent).toBe("10.000 registros"));
    fireEvent.click(screen.getByTestId("list-sort-numero"));
    fireEvent.click(screen.getByTestId("list-sort-numero"));
    await waitFor(() => expect(screen.getAllByTestId("list-row")[0]?.getAttribute("data-id")).toBe("10000"));
  });

  it("asks before deleting and deletes the right row", async () => {
    const props = renderList({ rows: many(3) });
    const row = screen.getAllByTestId("list-row")[1]!;
    fireEvent.click(within(row).getByTestId("row-delete"));
    expect(props.onDelete).not.toHaveBeenCalled();
    fireEvent.click(await screen.findByTestId("confirm-delete"));
    await waitFor(() => expect(props.onDelete).toHaveBeenCalledWith({ id: 2, nome: "Ramal 2", numero: "1001" }));
    fireEvent.click(within(screen.getAllByTestId("list-row")[0]!).getByTestId("row-edit"));
    expect(props.onEdit).toHaveBeenCalledWith({ id: 1, nome: "Ramal 1", numero: "1000" });
  });

  it("paints custom cells, runs a column's action with the nav, and marks the clicked row selected in place", () => {
    const action = vi.fn();
    const painted: Column<Row>[] = [
      ...columns,
      { key: "estado", label: "dids.col.aberto", value: (r) => r.id % 2, paint: (cell, r) => cell.replaceChildren(badge(r.id % 2 ? "par" : "ímpar", "green", { testId: "badge", title: `dica ${r.id}` })) },
      { key: "regras", label: "planos.col.regras", value: () => "", paint: (cell) => cell.replaceChildren(linkButton("ver", "regras", { testId: "link" })), action },
    ];
    const props = renderList({ rows: many(3), columns: painted });
    const rows = screen.getAllByTestId("list-row");
    expect(rows.map((r) => r.getAttribute("aria-rowindex"))).toEqual(["2", "3", "4"]);
    // A plain cell holds its text, whole on hover; a painted one its elements.
    const name = within(rows[1]!).getByText("Ramal 2");
    expect(name.getAttribute("title")).toBe("Ramal 2");
    expect(within(rows[1]!).getByTestId("badge").getAttribute("title")).toBe("dica 2");
    expect(within(rows[1]!).getByTestId("row-edit").getAttribute("aria-label")).toContain("Ramal 2");

    fireEvent.click(within(rows[2]!).getByTestId("link"));
    expect(action).toHaveBeenCalledTimes(1);
    expect(action.mock.calls[0]?.[0]).toEqual({ id: 3, nome: "Ramal 3", numero: "1002" });
    expect(typeof action.mock.calls[0]?.[1]?.go).toBe("function");
    expect(props.onEdit).not.toHaveBeenCalled();
    // The same row elements, refilled with the new selection.
    const after = screen.getAllByTestId("list-row");
    expect(after).toEqual(rows);
    expect(after.map((r) => r.getAttribute("data-selected"))).toEqual(["false", "false", "true"]);
    expect(after[2]?.getAttribute("aria-selected")).toBe("true");

    fireEvent.doubleClick(within(after[0]!).getByText("Ramal 1"));
    expect(props.onEdit).toHaveBeenCalledWith({ id: 1, nome: "Ramal 1", numero: "1000" });
  });

  it("keeps the dialog open with the message when the delete fails", async () => {
    renderList({
      rows: many(1),
      onDelete: () => Promise.reject({ kind: "not_found", message: "Registro não encontrado.", field_errors: [] }),
    });
    fireEvent.click(screen.getByTestId("row-delete"));
    fireEvent.click(await screen.findByTestId("confirm-delete"));
    expect((await screen.findByTestId("confirm-error")).textContent).toContain("Registro não encontrado.");
    expect(screen.getByTestId("confirm-delete")).toBeTruthy();
  });

  it("shows loading, empty and error states", () => {
    const { unmount } = renderUi(<EntityList {...baseProps({ rows: undefined, loading: true })} />);
    expect(screen.getByTestId("list-loading")).toBeTruthy();
    unmount();

    const empty = renderUi(<EntityList {...baseProps({ rows: [] })} />);
    expect(screen.getByTestId("list-empty").textContent).toBe("Nenhum registro ainda.");
    empty.unmount();

    const onRetry = vi.fn();
    renderUi(
      <EntityList
        {...baseProps({
          rows: undefined,
          error: { kind: "timeout", message: "O servidor não respondeu a tempo.", field_errors: [] },
          onRetry,
        })}
      />,
    );
    const error = screen.getByTestId("list-error");
    expect(error.textContent).toContain("O servidor não respondeu a tempo.");
    expect(error.getAttribute("data-group")).toBe("network");
    fireEvent.click(within(error).getByTestId("error-retry"));
    expect(onRetry).toHaveBeenCalled();
  });
});

function baseProps(overrides: Partial<EntityListProps<Row>>): EntityListProps<Row> {
  return {
    title: "Ramais",
    rows: [],
    loading: false,
    error: null,
    onRetry: vi.fn(),
    columns,
    searchable: (r) => [r.nome],
    rowId: (r) => r.id,
    rowName: (r) => r.nome,
    newLabel: "Novo",
    onNew: vi.fn(),
    onEdit: vi.fn(),
    onDelete: vi.fn(() => Promise.resolve()),
    ...overrides,
  };
}
