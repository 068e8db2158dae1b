/**
 * The language choice (pt-BR by default), in the header and on the welcome screen. A native
 * select: it is on the first screen, and Mantine's Select would bring its whole combobox (about
 * 50 kB of script) into the start-up bundle for two options.
 */
import { NativeSelect } from "@mantine/core";
import { LOCALES, setLocale, t, useLocale, type Locale } from "../i18n";

export function LanguagePicker() {
  const locale = useLocale();
  return (
    <NativeSelect
      aria-label={t("language.label")}
      data={LOCALES.map((value) => ({ value, label: t(`language.${value}`) }))}
      value={locale}
      w={190}
      onChange={(event) => setLocale(event.currentTarget.value as Locale)}
      data-testid="language-picker"
    />
  );
}
