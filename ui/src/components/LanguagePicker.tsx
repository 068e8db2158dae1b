/** The language choice (pt-BR by default), in the header and on the welcome screen. */
import { Select } from "@mantine/core";
import { LOCALES, setLocale, t, useLocale, type Locale } from "../i18n";

export function LanguagePicker() {
  const locale = useLocale();
  return (
    <Select
      aria-label={t("language.label")}
      data={LOCALES.map((value) => ({ value, label: t(`language.${value}`) }))}
      value={locale}
      allowDeselect={false}
      w={190}
      onChange={(value) => value && setLocale(value as Locale)}
      data-testid="language-picker"
    />
  );
}
