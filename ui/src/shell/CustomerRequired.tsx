/** What an area scoped by customer says until one is picked in the header. */
import { Alert } from "@mantine/core";
import { t } from "../i18n";

export function CustomerRequired() {
  return (
    <Alert color="blue" title={t("customer.required.title")} data-testid="customer-required" maw={640}>
      {t("customer.required.body")}
    </Alert>
  );
}
