/**
 * Cells of the list's rows drawn with plain elements (`Column.paint`): rows are cloned and
 * filled without React (`windowed.ts`), so a badge or a link is an element styled like
 * Mantine's, not a component.
 */
import classes from "./EntityList.module.css";

export type BadgeColor = "green" | "gray" | "orange" | "red" | "blue";

/** Attributes for an element's test hooks and tooltip. */
export interface CellAttributes {
  testId?: string;
  title?: string;
  data?: Record<string, string>;
}

/** A plain element for a painted row or cell (the lists' and the call history's). */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string, attributes: CellAttributes = {}): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  if (attributes.testId) el.dataset.testid = attributes.testId;
  if (attributes.title) el.title = attributes.title;
  for (const [name, value] of Object.entries(attributes.data ?? {})) el.dataset[name] = value;
  return el;
}

/** A light badge, like Mantine's `<Badge variant="light">`. */
export function badge(text: string, color: BadgeColor, attributes?: CellAttributes): HTMLElement {
  const el = element("span", classes.badge, text, attributes);
  el.style.background = `var(--mantine-color-${color}-light)`;
  el.style.color = `var(--mantine-color-${color}-light-color)`;
  return el;
}

/** Secondary text, cut to the cell with the whole of it on hover. */
export function dimmed(text: string, attributes?: CellAttributes): HTMLElement {
  return element("span", `${classes.clip} ${classes.dimmed}`, text, { title: text, ...attributes });
}

/** Text cut to the cell with the whole of it on hover. */
export function clipped(text: string, attributes?: CellAttributes): HTMLElement {
  return element("span", classes.clip, text, { title: text, ...attributes });
}

/** Elements side by side in a cell, the last one cut when there is no room. */
export function inline(children: Node[], attributes?: CellAttributes): HTMLElement {
  const el = element("span", classes.inline, "", attributes);
  el.append(...children);
  return el;
}

/** A link-looking button; a click runs the column's `action` (its `data-action` is `column`). */
export function linkButton(text: string, column: string, attributes?: CellAttributes): HTMLElement {
  const el = element("button", classes.link, text, attributes);
  el.type = "button";
  el.dataset.action = column;
  return el;
}
