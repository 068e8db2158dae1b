/**
 * The one form piece for every entity: sections of fields described by config, Rust's field
 * errors shown under the right inputs, an API error banner that keeps everything typed,
 * values normalised on blur (validation is Rust's, once, on submit), selects whose options come
 * from a query (cached per account), text values normalised by their field's hook, required
 * marks as Rust's rules have them, and a prompt before unsaved changes are discarded.
 */
import { ActionIcon, Anchor, Button, Fieldset, Group, Loader, NumberInput, PasswordInput, Select, SimpleGrid, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { useForm, type UseFormReturnType } from "@mantine/form";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { asCommandError, type FieldError } from "../api";
import { accountKey } from "../api/queries";
import { ErrorView } from "../components/ErrorView";
import { FormActions } from "../components/FormActions";
import { t } from "../i18n";
import { useDiscardGuard, useNavOptional } from "../shell/nav";
import {
  buildRecord, fromSelect, getPath, initialValues, isRequired, matchFieldErrors, siblingsOf, selectOptions, selectValue,
  type CustomSpec, type FieldSpec, type FormSection, type ListSpec, type OptionsQuery, type Values,
} from "./model";
import classes from "./EntityForm.module.css";

type Form = UseFormReturnType<Values>;

export interface EntityFormProps<T extends object> {
  /** The active account: option queries are cached under it. */
  accountId: string;
  title: string;
  /** Context shown under the title (e.g. the customer an extension belongs to). */
  intro?: ReactNode;
  record: T;
  sections: readonly FormSection[];
  /** Creating (marks fields required on insert only) or editing. */
  isNew?: boolean;
  /** Sends the record; throws (a CommandFailure) when the command fails. */
  onSubmit: (record: T) => Promise<void>;
  onCancel: () => void;
}

export function EntityForm<T extends object>({ accountId, title, intro, record, sections, isNew = false, onSubmit, onCancel }: EntityFormProps<T>) {
  const start = useMemo(() => initialValues(record, sections), [record, sections]);
  const form = useForm<Values>({ mode: "controlled", initialValues: start });
  const [failure, setFailure] = useState<unknown>(null);
  const [unmatched, setUnmatched] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const top = useRef<HTMLDivElement>(null);
  const nav = useNavOptional();
  // A successful save leaves the form: no prompt for what was just sent.
  const saving = useRef(false);
  useDiscardGuard(() => !saving.current && form.isDirty());

  // The submit button sits at the bottom of a long form: bring the error banner into view.
  useEffect(() => {
    if (failure === null || !top.current) return;
    const y = top.current.getBoundingClientRect().top + window.scrollY - 80;
    window.scrollTo({ top: Math.max(0, y) });
  }, [failure]);

  const submit = async (values: Values) => {
    setBusy(true);
    setFailure(null);
    setUnmatched([]);
    saving.current = true;
    try {
      await onSubmit(buildRecord(record, values, sections));
    } catch (e) {
      saving.current = false;
      const command = asCommandError(e);
      if (command && command.field_errors.length > 0) {
        const { matched, unmatched: rest } = matchFieldErrors(command.field_errors, sections);
        form.setErrors(matched);
        setUnmatched(rest);
      }
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };

  const blurred = (path: string, spec?: FieldSpec) => {
    // The value in its stored form (a pasted CNPJ, phone or ramal with any punctuation).
    const typed = getPath(form.getValues(), path);
    if (spec?.normalize && typeof typed === "string") {
      const normalized = spec.normalize(typed);
      if (normalized !== typed) form.setFieldValue(path, normalized);
    }
  };

  const cancel = () => void (nav ? nav.confirmDiscard() : Promise.resolve(true)).then((ok) => ok && onCancel());

  return (
    <form data-testid="entity-form" onSubmit={form.onSubmit((v) => void submit(v))} noValidate className={classes.form}>
      <Stack gap="md" ref={top}>
        <Title order={2}>{title}</Title>
        {intro}
        {failure !== null && <ErrorView error={failure} testId="form-error" fieldErrors={unmatched} />}
        {sections.map((section) => (
          <Fieldset key={section.key} legend={t(section.label)} data-testid={`section-${section.key}`}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
              {section.items.map((item) =>
                item.kind === "custom" ? (
                  <CustomField key={item.path} accountId={accountId} form={form} spec={item} onBlur={blurred} />
                ) : item.kind === "list" ? (
                  <ListField key={item.path} accountId={accountId} form={form} spec={item} onBlur={blurred} isNew={isNew} />
                ) : (
                  <Field key={item.path} accountId={accountId} form={form} spec={item} path={item.path} onBlur={blurred} isNew={isNew} />
                ),
              )}
            </SimpleGrid>
          </Fieldset>
        ))}
        <FormActions busy={busy} onCancel={cancel} submitTestId="form-submit" className={classes.footer} />
      </Stack>
    </form>
  );
}

/** A screen's own editor, given the form's values, errors and setters. */
function CustomField({ accountId, form, spec, onBlur }: { accountId: string; form: Form; spec: CustomSpec; onBlur: (path: string) => void }) {
  const errors: Record<string, ReactNode> = {};
  for (const path of Object.keys(form.errors)) errors[path] = errorNode(form, path);
  const Component = spec.component;
  return (
    <div className={spec.wide ? classes.wide : undefined}>
      <Component
        accountId={accountId}
        values={form.values}
        errors={errors}
        setValue={(path, value) => {
          form.setFieldValue(path, value);
          form.clearFieldError(path);
        }}
        clearError={(path) => form.clearFieldError(path)}
        onBlur={onBlur}
      />
    </div>
  );
}

function errorNode(form: Form, path: string): ReactNode {
  const message = form.errors[path];
  if (!message) return undefined;
  return <span data-testid={`field-error-${path}`}>{message}</span>;
}

interface FieldProps {
  accountId: string;
  form: Form;
  spec: FieldSpec;
  /** Full path (list items prefix the spec's relative path). */
  path: string;
  onBlur: (path: string, spec?: FieldSpec) => void;
  isNew: boolean;
}

/** The props every kind of input shares: label, help, required mark, error, blur check and test id. */
function commonProps(form: Form, spec: FieldSpec, path: string, onBlur: (path: string, spec?: FieldSpec) => void, isNew: boolean) {
  const sibling = siblingsOf(form.values, path);
  return {
    label: t(spec.label),
    description: spec.description ? t(spec.description) : undefined,
    withAsterisk: isRequired(spec, sibling, isNew),
    error: errorNode(form, path),
    onBlur: () => onBlur(path, spec),
    "data-testid": `field-${path}`,
    className: spec.wide ? classes.wide : undefined,
    disabled: spec.enabledWhen ? !spec.enabledWhen(sibling) : false,
  };
}

type CommonProps = ReturnType<typeof commonProps>;

function Field({ accountId, form, spec, path, onBlur, isNew }: FieldProps) {
  const value = getPath(form.values, path);
  const common = commonProps(form, spec, path, onBlur, isNew);
  const clear = () => form.clearFieldError(path);

  switch (spec.kind) {
    case "switch": {
      // A switch always holds a value: no required mark (Mantine's Switch would put it on the DOM).
      const { withAsterisk: _always, ...switchProps } = common;
      return (
        <Switch
          {...switchProps}
          className={classes.switch}
          checked={value === 1 || value === true}
          onChange={(e) => {
            form.setFieldValue(path, e.currentTarget.checked ? 1 : 0);
            clear();
          }}
        />
      );
    }
    case "number":
      return (
        <NumberInput
          {...common}
          value={typeof value === "number" || typeof value === "string" ? value : ""}
          onChange={(v) => form.setFieldValue(path, v)}
          allowDecimal={false}
          min={spec.min}
          max={spec.max}
          thousandSeparator={false}
        />
      );
    case "select": {
      const current = selectValue(value);
      const data = [...(spec.options ?? [])];
      // A value the options lack (a code the platform added) is shown, never dropped.
      if (current !== "" && !data.some((o) => o.value === current)) {
        data.push({ value: current, label: spec.unknownOption ? spec.unknownOption(current) : current });
      }
      return (
        <Select
          {...common}
          data={data}
          value={current === "" ? null : current}
          onChange={(v) => {
            form.setFieldValue(path, spec.numeric ? Number(v ?? 0) : (v ?? ""));
            clear();
          }}
          searchable
          clearable={!spec.numeric}
          allowDeselect={!spec.numeric}
        />
      );
    }
    case "query-select":
      return spec.query ? (
        <QuerySelect accountId={accountId} form={form} query={spec.query} path={path} common={common} />
      ) : null;
    case "password":
      return (
        <PasswordInput
          {...common}
          value={typeof value === "string" ? value : ""}
          onChange={(e) => form.setFieldValue(path, e.currentTarget.value)}
          autoComplete="new-password"
        />
      );
    case "text":
      return (
        <TextInput
          {...common}
          value={typeof value === "string" || typeof value === "number" ? value : ""}
          onChange={(e) => form.setFieldValue(path, e.currentTarget.value)}
        />
      );
  }
}

interface QuerySelectProps {
  accountId: string;
  form: Form;
  query: OptionsQuery;
  path: string;
  common: CommonProps;
}

/**
 * A select whose options a query loads. While loading or after a failure the current value is
 * still shown (labelled by `unknown`), so an edit never loses it; the failure offers a retry.
 */
function QuerySelect({ accountId, form, query, path, common }: QuerySelectProps) {
  const values = form.values;
  const options = useQuery({
    queryKey: accountKey(accountId, "options", ...query.key(values)),
    queryFn: () => query.load(values),
  });
  const current = selectValue(getPath(values, path));
  const data = selectOptions(query, options.data, current);
  const status = options.isPending ? "loading" : options.isError ? "error" : "ready";
  const description =
    status === "loading" ? (
      <span data-testid={`field-options-${path}`} data-state={status}>
        {t("form.optionsLoading")}
      </span>
    ) : status === "error" ? (
      <span data-testid={`field-options-${path}`} data-state={status}>
        {t("form.optionsError", { message: asCommandError(options.error)?.message ?? t("error.unexpected") })}{" "}
        <Anchor component="button" type="button" size="xs" onClick={() => void options.refetch()} data-testid={`field-options-retry-${path}`}>
          {t("common.retry")}
        </Anchor>
      </span>
    ) : (
      common.description
    );
  return (
    <Select
      {...common}
      description={description}
      data={data}
      value={current === "" ? null : current}
      onChange={(v) => {
        form.setFieldValue(path, fromSelect(query, v));
        form.clearFieldError(path);
      }}
      rightSection={status === "loading" ? <Loader size="xs" /> : undefined}
      nothingFoundMessage={t("form.optionsNothing")}
      searchable
      clearable={!query.none}
    />
  );
}

function ListField({ accountId, form, spec, onBlur, isNew }: { accountId: string; form: Form; spec: ListSpec; onBlur: (path: string, spec?: FieldSpec) => void; isNew: boolean }) {
  const items = getPath(form.values, spec.path);
  const list = Array.isArray(items) ? items : [];
  return (
    <Stack gap="xs" className={classes.wide} data-testid={`list-${spec.path}`}>
      <Text size="sm" fw={500}>
        {t(spec.label)}
      </Text>
      {errorNode(form, spec.path) && <Text size="xs" c="red">{errorNode(form, spec.path)}</Text>}
      {list.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("form.noItems")}
        </Text>
      )}
      {list.map((_, index) => (
        <Group key={index} align="flex-end" wrap="nowrap" gap="sm" data-testid={`item-${spec.path}.${index}`}>
          <Text size="sm" c="dimmed" className={classes.itemIndex}>
            {index + 1}
          </Text>
          {spec.item.map((field) => (
            <div key={field.path} className={classes.grow}>
              <Field accountId={accountId} form={form} spec={field} path={`${spec.path}.${index}.${field.path}`} onBlur={onBlur} isNew={isNew} />
            </div>
          ))}
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            onClick={() => form.removeListItem(spec.path, index)}
            aria-label={t("form.removeItem", { n: index + 1 })}
            data-testid={`remove-${spec.path}.${index}`}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => form.insertListItem(spec.path, spec.newItem())}
          data-testid={`add-${spec.path}`}
        >
          {t("form.addItem")}
        </Button>
      </Group>
    </Stack>
  );
}
