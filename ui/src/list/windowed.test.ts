import { afterEach, describe, expect, it, vi } from "vitest";
import { WindowedRows, type RowPainter } from "./windowed";

const ROW = 36;

function painter(label = "r", prototype = blankRow()): RowPainter & { fills: number } {
  const p = {
    prototype,
    fills: 0,
    fill(row: HTMLElement, index: number, position: number) {
      p.fills += 1;
      row.dataset.index = String(index);
      row.dataset.position = String(position);
      (row.firstChild as HTMLElement).textContent = `${label}${index}`;
    },
  };
  return p;
}

function blankRow(): HTMLElement {
  const prototype = document.createElement("div");
  prototype.appendChild(document.createElement("span"));
  return prototype;
}

function setup() {
  const scroll = document.createElement("div");
  const body = document.createElement("div");
  scroll.appendChild(body);
  document.body.appendChild(scroll);
  return { scroll, body, rows: new WindowedRows(scroll, body, ROW, 2) };
}

/** The records shown, top to bottom. */
const shown = (body: HTMLElement) =>
  [...body.children]
    .map((row) => [Number((row as HTMLElement).style.transform.match(/\d+/)?.[0]) / ROW, (row as HTMLElement).dataset.index])
    .sort((a, b) => (a[0] as number) - (b[0] as number))
    .map(([, index]) => Number(index));

afterEach(() => document.body.replaceChildren());

describe("WindowedRows", () => {
  it("puts only the window (the viewport and the overscan) in the DOM, each row in its place", () => {
    const { body, rows } = setup();
    const order = Array.from({ length: 10_000 }, (_, i) => 9_999 - i);
    rows.show(order, painter());
    // No layout here: a 600 px viewport is assumed, 17 rows, plus 2 below.
    expect(shown(body)).toEqual(order.slice(0, 19));
    expect(body.children[0]?.textContent).toBe("r9999");
    expect((body.children[3] as HTMLElement).style.transform).toBe(`translateY(${3 * ROW}px)`);
  });

  it("on scroll adds the rows coming into view and removes those leaving, filling only the new ones", () => {
    const { scroll, body, rows } = setup();
    const order = Array.from({ length: 10_000 }, (_, i) => i);
    const p = painter();
    rows.show(order, p);
    const kept = [...body.children].find((row) => (row as HTMLElement).dataset.index === "12");
    p.fills = 0;
    scroll.scrollTop = 10 * ROW;
    rows.scrolled();
    expect(shown(body)).toEqual(order.slice(8, 29));
    // Rows 8-18 were already there: 10 new ones filled, the one for record 12 is the same element.
    expect(p.fills).toBe(10);
    expect([...body.children]).toContain(kept);
    scroll.scrollTop = 9_990 * ROW;
    rows.scrolled();
    expect(shown(body)).toEqual(order.slice(9_988));
  });

  it("refills rows whose place now shows another record, and redraws all for a new painter", () => {
    const { body, rows } = setup();
    const p = painter();
    rows.show([0, 1, 2, 3], p);
    const first = body.children[0];
    p.fills = 0;
    rows.show([0, 3, 2, 1], p);
    expect(shown(body)).toEqual([0, 3, 2, 1]);
    expect(p.fills).toBe(2);
    expect(body.children[0]).toBe(first);
    rows.show([0, 3, 2, 1], painter("novo "));
    expect(body.children[0]).not.toBe(first);
    expect([...body.children].map((row) => row.textContent).sort()).toEqual(["novo 0", "novo 1", "novo 2", "novo 3"]);
  });

  it("refills the same rows in place for a new painter of the same prototype (new data, new selection)", () => {
    const { body, rows } = setup();
    const p = painter();
    rows.show([0, 1, 2], p);
    const before = [...body.children];
    const again = painter("de novo ", p.prototype);
    rows.show([0, 1, 2], again);
    expect([...body.children]).toEqual(before);
    expect(again.fills).toBe(3);
    expect(before.map((row) => row.textContent)).toEqual(["de novo 0", "de novo 1", "de novo 2"]);
    expect(before.map((row) => (row as HTMLElement).dataset.position)).toEqual(["0", "1", "2"]);
  });

  it("reads no layout when showing rows (in React's commit), and draws the measured viewport once measured", () => {
    const { scroll, body, rows } = setup();
    const reads = vi.fn();
    Object.defineProperty(scroll, "clientHeight", {
      get: () => {
        reads("clientHeight");
        return 10 * ROW;
      },
    });
    scroll.getBoundingClientRect = () => (reads("rect"), { top: 100 }) as DOMRect;
    // A line of two rows' height above the body.
    body.getBoundingClientRect = () => (reads("rect"), { top: 100 + 2 * ROW }) as DOMRect;
    const order = Array.from({ length: 100 }, (_, i) => i);
    rows.show(order, painter());
    rows.show(order.slice().reverse(), painter());
    expect(reads).not.toHaveBeenCalled();
    expect(shown(body)).toHaveLength(19);
    rows.measure();
    expect(reads).toHaveBeenCalled();
    // 10 rows of viewport, 2 of them under the line above the body, plus 2 of overscan.
    expect(shown(body)).toEqual(order.slice().reverse().slice(0, 10));
  });

  it("follows a list that grows and shrinks, and leaves nothing behind when disposed", () => {
    const { body, rows } = setup();
    const p = painter();
    rows.show([], p);
    expect(body.children).toHaveLength(0);
    rows.show([5, 6], p);
    expect(shown(body)).toEqual([5, 6]);
    rows.show([5], p);
    expect(shown(body)).toEqual([5]);
    rows.dispose();
    expect(body.children).toHaveLength(0);
    rows.scrolled();
    expect(body.children).toHaveLength(0);
  });
});
