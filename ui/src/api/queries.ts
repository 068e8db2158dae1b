/**
 * Query keys and shared queries. Every API key starts with the active account's id, so
 * switching accounts never shows another account's cached records.
 */
import { queryOptions } from "@tanstack/react-query";
import { commands, unwrap, type Cliente } from "./index";

export const APP_STATE_KEY = ["app_state"] as const;

export const appStateQuery = queryOptions({
  queryKey: APP_STATE_KEY,
  queryFn: () => unwrap(commands.appState()),
  staleTime: Infinity,
});

export function accountKey(accountId: string, ...rest: (string | number)[]) {
  return ["account", accountId, ...rest] as const;
}

export async function listarTodosClientes(): Promise<Cliente[]> {
  const clientes = await unwrap(commands.listarClientes({ cliente_id: 0, nome: "", pos_registro_inicial: 0, quantidade: null }));
  return clientes;
}

/** Every customer; the key the Clientes screen uses too (scope "all"), so both share one cache. */
export function clientesQuery(accountId: string) {
  return queryOptions<Cliente[]>({ queryKey: accountKey(accountId, "clientes", "all"), queryFn: listarTodosClientes });
}
