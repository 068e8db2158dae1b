import { Channel } from "@tauri-apps/api/core";

/** Ids of long operations (list loads, history loads and exports, bulk applies) for `cancelarOperacao`. */
let sequence = 0;

/** A fresh id, unique in this page's life: `kind-<ms>-<n>`. */
export function operationId(kind: string): string {
  sequence += 1;
  return `${kind}-${Date.now()}-${sequence}`;
}

/**
 * A Tauri channel that counts the messages it delivered. A streaming command answers with how
 * many it sent, and messages may reach the webview after that answer: `delivered(sent)` waits for
 * the rest; `release()` ends the wait early (the operation was abandoned).
 */
export function countedChannel<M>(onMessage: (message: M) => void) {
  let received = 0;
  let expected = -1;
  let allDelivered: () => void = () => undefined;
  const canal = new Channel<M>();
  canal.onmessage = (message) => {
    try {
      onMessage(message);
    } finally {
      received += 1;
      if (received === expected) allDelivered();
    }
  };
  return {
    canal,
    delivered(sent: number): Promise<void> {
      if (received >= sent) return Promise.resolve();
      return new Promise<void>((resolve) => {
        expected = sent;
        allDelivered = resolve;
      });
    },
    release(): void {
      allDelivered();
    },
  };
}
