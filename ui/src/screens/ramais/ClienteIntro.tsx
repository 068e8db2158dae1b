/** Above the extension form: whose extension it is and the number range it must use. */
import { Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { clientesQuery } from "../../api/queries";
import { t } from "../../i18n";
import type { RamaisScope } from "./config";

export function ClienteIntro({ accountId, scope }: { accountId: string; scope: RamaisScope }) {
  const clientes = useQuery(clientesQuery(accountId));
  const cliente = clientes.data?.find((c) => c.cliente_id === scope.clienteId);
  if (!cliente) return null;
  return (
    <Text c="dimmed" data-testid="form-intro">
      {t("ramais.intro", { cliente: cliente.nome || cliente.razao_social, min: cliente.faixa_min, max: cliente.faixa_max })}
    </Text>
  );
}
