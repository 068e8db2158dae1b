/**
 * "Importar CSV" and "Exportar CSV" beside a list's search box: the toolbar action of the
 * Ramais, DIDs and Clientes screens (see `EntityConfig.Toolbar`).
 */
import { Button, Group } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconFileExport, IconFileImport } from "@tabler/icons-react";
import { save } from "@tauri-apps/plugin-dialog";
import { useState } from "react";
import { asCommandError, commands, unwrap, type Kind } from "../api";
import { t } from "../i18n";
import { BulkImport } from "./BulkImport";

export interface BulkToolbarProps {
  kind: Kind;
  clienteId: number;
  listLabel: string;
  /** Reloads the list after records were created or changed. */
  refresh: () => Promise<unknown>;
}

export function BulkToolbar({ kind, clienteId, listLabel, refresh }: BulkToolbarProps) {
  const [open, setOpen] = useState(false);

  const exportList = async () => {
    const out = await save({ defaultPath: `${kind}.csv`, filters: [{ name: t("bulk.csvFiles"), extensions: ["csv"] }] });
    if (!out) return;
    try {
      const count = await unwrap(commands.bulkExport(kind, clienteId, out, "excel_br", false));
      notifications.show({ color: "green", message: t("bulk.exported", { count, path: out }) });
    } catch (e) {
      notifications.show({ color: "red", message: asCommandError(e)?.message ?? t("error.unexpected") });
    }
  };

  return (
    <Group gap="xs" wrap="nowrap">
      <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => setOpen(true)} data-testid="bulk-import">
        {t("bulk.import")}
      </Button>
      <Button variant="default" leftSection={<IconFileExport size={16} />} onClick={() => void exportList()} data-testid="bulk-export">
        {t("bulk.export")}
      </Button>
      {open && (
        <BulkImport
          kind={kind}
          clienteId={clienteId}
          listLabel={listLabel}
          onClose={(changed) => {
            setOpen(false);
            if (changed) void refresh();
          }}
        />
      )}
    </Group>
  );
}
