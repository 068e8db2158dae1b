/**
 * Copies the open plan's routing onto another plan, of this or another customer: trunks are
 * matched by name. "Simular" shows what would be written and which trunks have no match;
 * "Aplicar" writes it and reads it back.
 */
import { Alert, Button, Group, Modal, Select, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { commands, unwrap, type PlanoDiscagem, type ResultadoCopia } from "../../api";
import { ErrorView } from "../../components/ErrorView";
import { t } from "../../i18n";
import { ListaMudancas } from "./RegrasScreen";

export function CopiaPanel({ planoOrigem }: { planoOrigem: PlanoDiscagem }) {
  const [aberto, setAberto] = useState(false);
  return (
    <>
      <Button variant="default" onClick={() => setAberto(true)} data-testid="regras-copiar">
        {t("regras.copiar")}
      </Button>
      <Modal opened={aberto} onClose={() => setAberto(false)} title={t("regras.copiarTitulo", { plano: planoOrigem.nome ?? "" })} size="lg">
        {aberto && <CopiaForm planoOrigem={planoOrigem} onDone={() => setAberto(false)} />}
      </Modal>
    </>
  );
}

function CopiaForm({ planoOrigem, onDone }: { planoOrigem: PlanoDiscagem; onDone: () => void }) {
  const [clienteId, setClienteId] = useState<string | null>(String(planoOrigem.cliente_id ?? ""));
  const [destinoId, setDestinoId] = useState<string | null>(null);
  const [previa, setPrevia] = useState<ResultadoCopia | null>(null);
  const [erro, setErro] = useState<unknown>(null);
  const [ocupado, setOcupado] = useState(false);
  const clientes = useQuery({
    queryKey: ["copia", "clientes"],
    queryFn: () => unwrap(commands.listarClientes({ cliente_id: 0, nome: "", pos_registro_inicial: 0, quantidade: null })),
  });
  const planos = useQuery({
    queryKey: ["copia", "planos", clienteId],
    enabled: clienteId !== null,
    queryFn: () =>
      unwrap(commands.listarPlanosDiscagem({ cliente_id: Number(clienteId), plano_discagem_id: 0, pos_registro_inicial: 0, quantidade: null })),
  });
  const copiar = async (aplicar: boolean) => {
    if (destinoId === null) return;
    setOcupado(true);
    setErro(null);
    try {
      const resultado = await unwrap(commands.copiarRegrasRoteamento(planoOrigem.plano_discagem_id ?? 0, Number(destinoId), aplicar));
      if (aplicar) {
        const diferencas = resultado.salvamento?.diferencas ?? [];
        notifications.show({
          color: diferencas.length === 0 ? "green" : "orange",
          message: diferencas.length === 0 ? t("regras.copiaAplicada") : t("regras.diferencasTexto"),
        });
        onDone();
      } else {
        setPrevia(resultado);
      }
    } catch (e) {
      setErro(e);
    } finally {
      setOcupado(false);
    }
  };
  return (
    <Stack>
      <Select
        label={t("header.customer")}
        data={(clientes.data ?? []).map((c) => ({ value: String(c.cliente_id ?? 0), label: `${c.nome ?? ""} (#${c.cliente_id ?? 0})` }))}
        value={clienteId}
        onChange={(v) => { setClienteId(v); setDestinoId(null); setPrevia(null); }}
        searchable
        data-testid="copia-cliente"
      />
      <Select
        label={t("regras.copiarDestino")}
        data={(planos.data ?? [])
          .filter((p) => p.plano_discagem_id !== planoOrigem.plano_discagem_id)
          .map((p) => ({ value: String(p.plano_discagem_id ?? 0), label: p.nome ?? "" }))}
        value={destinoId}
        onChange={(v) => { setDestinoId(v); setPrevia(null); }}
        nothingFoundMessage={t("regras.semPlanos")}
        data-testid="copia-destino"
      />
      {erro !== null && <ErrorView error={erro} testId="copia-error" />}
      {previa && (
        <Stack gap="xs" data-testid="copia-previa">
          <Text size="sm" fw={500}>
            {previa.copia.mudancas.length === 0 ? t("regras.copiaNadaMuda") : t("regras.copiaMudancas")}
          </Text>
          <ListaMudancas mudancas={previa.copia.mudancas} />
          {previa.copia.sem_par.length > 0 && (
            <Alert color="orange" title={t("regras.semParTitulo")} data-testid="copia-sem-par">
              {previa.copia.sem_par.map((s) => (
                <Text key={`${s.regiao_id}:${s.tronco_id}`} size="sm">
                  {t("regras.semPar", { tronco: s.tronco_nome, regiao: s.regiao_nome })}
                </Text>
              ))}
            </Alert>
          )}
        </Stack>
      )}
      <Group justify="end">
        <Button variant="default" disabled={destinoId === null} loading={ocupado && !previa} onClick={() => void copiar(false)} data-testid="copia-simular">
          {t("regras.copiaSimular")}
        </Button>
        <Button disabled={!previa || previa.copia.mudancas.length === 0} loading={ocupado && !!previa} onClick={() => void copiar(true)} data-testid="copia-aplicar">
          {t("regras.copiaAplicar")}
        </Button>
      </Group>
    </Stack>
  );
}
