/** Ids of long operations (list loads, history loads and exports, bulk applies) for `cancelarOperacao`. */
let sequence = 0;

/** A fresh id, unique in this page's life: `kind-<ms>-<n>`. */
export function operationId(kind: string): string {
  sequence += 1;
  return `${kind}-${Date.now()}-${sequence}`;
}
