/**
 * A virtualized table body drawn without React, for fixed-height rows of plain cells (the call
 * history's 100,000 rows, every entity list): a scroll step adds the rows coming into view, each a clone of one
 * prototype row filled by the painter, and removes the rows leaving it. No render and no
 * reconciliation per step: on the software-rendered webview React's render of the window took
 * 3-4 ms of a 17 ms frame, the clones and their texts about 1 ms.
 */

import { useLayoutEffect, useRef, type RefObject } from "react";

/**
 * How to draw a row: `fill` writes every cell of a clone of `prototype` for one record. A new
 * painter with the same prototype (new data, a new selection) refills the rows in place.
 */
export interface RowPainter {
  prototype: HTMLElement;
  /**
   * Fills `row` (a clone of `prototype`, or a row that showed another record) with record
   * `index`, shown at `position` in the order.
   */
  fill(row: HTMLElement, index: number, position: number): void;
}

/** The viewport height assumed before layout (and where there is none, as in unit tests). */
const FALLBACK_HEIGHT = 600;

/**
 * Layout is read only where the webview has it ready: in scroll events (`scrolled`) and in a
 * ResizeObserver's callback (`watch`, after layout and before paint). `show` runs in React's
 * commit, where the page has just changed: reading `clientHeight` or a rect there laid the whole
 * page out before its time, twice per batch of rows (40 ms each on the software-rendered webview).
 */
export class WindowedRows {
  /** The rows in the DOM, by position in the order shown. */
  private readonly live = new Map<number, { index: number; row: HTMLElement }>();
  private order: readonly number[] = [];
  private painter: RowPainter | null = null;
  /** Where the body starts in the scrolled content (below a sticky header); 0 until measured. */
  private offset = 0;
  /** The scroll position and the viewport's height, as last read. */
  private top = 0;
  private height = FALLBACK_HEIGHT;

  constructor(
    private readonly scroll: HTMLElement,
    /** The element rows are laid in (`position: relative`, its height the whole list's). */
    private readonly body: HTMLElement,
    private readonly rowHeight: number,
    private readonly overscan: number,
  ) {}

  /**
   * Measures whenever the viewport or the body changes size (the body moves when a line above it
   * comes or goes, and its height changes with it). Returns the unwatch.
   */
  watch(): () => void {
    const observer = new ResizeObserver(() => this.measure());
    observer.observe(this.scroll);
    observer.observe(this.body);
    return () => observer.disconnect();
  }

  /**
   * Shows `order` (record indexes, in the order shown). Rows still in the same place keep their
   * elements; a new painter fills every row again, in place when its prototype is the same (new
   * data or selection), else with new rows (other columns).
   */
  show(order: readonly number[], painter: RowPainter): void {
    if (painter !== this.painter) {
      if (painter.prototype === this.painter?.prototype) {
        // No record is -1: `draw` fills each of them again.
        for (const shown of this.live.values()) shown.index = -1;
      } else {
        for (const { row } of this.live.values()) row.remove();
        this.live.clear();
      }
      this.painter = painter;
    }
    this.order = order;
    this.draw();
  }

  /** Reads the scroll position and draws: call on scroll. Returns the position read. */
  scrolled(): number {
    this.top = this.scroll.scrollTop;
    this.draw();
    return this.top;
  }

  /** Scrolls to `top` (a position kept from before) and draws there. */
  scrollTo(top: number): void {
    this.scroll.scrollTop = top;
    this.scrolled();
  }

  /** Reads where the body starts and the viewport's size, and draws (see `watch`). */
  measure(): void {
    this.offset = this.body.getBoundingClientRect().top - this.scroll.getBoundingClientRect().top + this.scroll.scrollTop;
    this.top = this.scroll.scrollTop;
    this.height = this.scroll.clientHeight || FALLBACK_HEIGHT;
    this.draw();
  }

  /** Brings the DOM in line with the last scroll position and sizes read. */
  private draw(): void {
    const painter = this.painter;
    if (!painter) return;
    const count = this.order.length;
    const top = this.top - this.offset;
    const first = Math.min(count, Math.max(0, Math.floor(top / this.rowHeight) - this.overscan));
    const end = Math.min(count, Math.max(0, Math.ceil((top + this.height) / this.rowHeight) + this.overscan));
    for (const [position, { row }] of this.live) {
      if (position < first || position >= end) {
        row.remove();
        this.live.delete(position);
      }
    }
    let added: DocumentFragment | null = null;
    for (let position = first; position < end; position += 1) {
      const index = this.order[position] as number;
      const shown = this.live.get(position);
      if (shown) {
        // Another record in this place (a sort, a filter): the same element, filled again.
        if (shown.index !== index) {
          painter.fill(shown.row, index, position);
          shown.index = index;
        }
        continue;
      }
      const row = painter.prototype.cloneNode(true) as HTMLElement;
      row.style.transform = `translateY(${position * this.rowHeight}px)`;
      painter.fill(row, index, position);
      (added ??= document.createDocumentFragment()).appendChild(row);
      this.live.set(position, { index, row });
    }
    if (added) this.body.appendChild(added);
  }

  /** Removes every row (the table goes away). */
  dispose(): void {
    for (const { row } of this.live.values()) row.remove();
    this.live.clear();
    this.painter = null;
  }
}

/**
 * A `WindowedRows` over the elements of `scrollRef` and `bodyRef`, for as long as the component
 * is mounted: drawn on scroll (`onScroll` gets the position read), measured on resize, emptied on
 * unmount. The returned ref holds it (null before the first layout effect and after unmount).
 */
export function useWindowedRows(
  scrollRef: RefObject<HTMLElement | null>,
  bodyRef: RefObject<HTMLElement | null>,
  rowHeight: number,
  overscan: number,
  onScroll: (top: number) => void,
): RefObject<WindowedRows | null> {
  const windowed = useRef<WindowedRows | null>(null);
  const latest = useRef(onScroll);
  latest.current = onScroll;
  useLayoutEffect(() => {
    const scroll = scrollRef.current;
    const body = bodyRef.current;
    if (!scroll || !body) return;
    const rows = new WindowedRows(scroll, body, rowHeight, overscan);
    windowed.current = rows;
    const scrolled = () => latest.current(rows.scrolled());
    scroll.addEventListener("scroll", scrolled, { passive: true });
    const unwatch = rows.watch();
    return () => {
      scroll.removeEventListener("scroll", scrolled);
      unwatch();
      rows.dispose();
      windowed.current = null;
    };
  }, [scrollRef, bodyRef, rowHeight, overscan]);
  return windowed;
}
