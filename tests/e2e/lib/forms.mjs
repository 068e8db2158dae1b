/**
 * Form and list helpers over the UI's test ids (docs/CONTRACTS.md, "UI test ids"):
 * fill `field-<key>` inputs whatever their kind, submit, search a list and find its rows.
 */
/** A valid CNPJ (check digits computed) from a 12-digit base. */
export function cnpj(base12) {
  const digits = String(base12).padStart(12, '0').slice(-12).split('').map(Number);
  const check = (ds) => {
    const weights = ds.length === 12 ? [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] : [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    const sum = ds.reduce((acc, d, i) => acc + d * weights[i], 0);
    const rest = sum % 11;
    return rest < 2 ? 0 : 11 - rest;
  };
  digits.push(check(digits));
  digits.push(check(digits));
  return digits.join('');
}

/** The input element of a field: the test id may sit on the input itself or on a wrapper. */
export async function fieldInput(session, key, timeout) {
  const el = await session.waitFor(`field-${key}`, { timeout });
  const tag = await el.tagName();
  if (['input', 'textarea', 'select', 'button'].includes(tag.toLowerCase())) return el;
  const inner = await session.findAll('input, textarea, select', el);
  return inner[0] ?? el;
}

/** Is this input a combobox (Mantine Select / Autocomplete)? */
async function isCombobox(el) {
  const role = await el.attribute('role');
  const popup = await el.attribute('aria-haspopup');
  return role === 'combobox' || popup === 'listbox';
}

/**
 * Chooses an option of a combobox whose label contains `text`: open it, type to filter when it is
 * searchable, then click the matching option (options carry no test id: they are Mantine's).
 */
export async function chooseOption(session, el, text) {
  if ((await el.tagName()).toLowerCase() === 'select') {
    // A native select: WebDriver's click on one of its options selects it (no popup involved).
    for (const option of await session.findAll('option', el)) {
      if ((await option.text()).includes(text)) return option.click();
    }
    throw new Error(`no option "${text}" in the select`);
  }
  await el.click();
  const readonly = await el.attribute('readonly');
  if (readonly === null) await el.replaceText(text);
  const option = await session.until(`option "${text}"`, async () => {
    for (const opt of await session.findVisible('[role="option"]')) {
      if ((await opt.text()).includes(text)) return opt;
    }
    return null;
  });
  await option.click();
}

/** Sets one field like a user would. Booleans toggle checkboxes/switches; strings are typed. */
export async function setField(session, key, value) {
  const el = await fieldInput(session, key);
  const type = (await el.attribute('type')) ?? '';
  if (type === 'checkbox' || typeof value === 'boolean') {
    if (Boolean(await el.property('checked')) !== Boolean(value)) await el.click();
    return;
  }
  if (await isCombobox(el)) {
    await chooseOption(session, el, String(value));
    return;
  }
  await el.replaceText(String(value));
  // Number inputs may reformat (thousand separators); compare digits only there.
  const got = String(await el.property('value'));
  const norm = (s) => (type === 'number' || /^\d+$/.test(String(value)) ? s.replace(/\D/g, '') : s);
  if (norm(got) !== norm(String(value))) {
    throw new Error(`field-${key}: typed "${value}" but the input holds "${got}"`);
  }
}

export async function fillForm(session, values) {
  for (const [key, value] of Object.entries(values)) await setField(session, key, value);
}

/** The current value of a field's input. */
export async function fieldValue(session, key) {
  return String(await (await fieldInput(session, key)).property('value'));
}

/** Types into the list search box and waits for a row whose text contains `text`; returns it. */
export async function searchRow(session, text, { timeout } = {}) {
  const search = await session.waitFor('list-search');
  await search.replaceText(text);
  return waitRow(session, text, { timeout });
}

/** Waits for a displayed list row containing `text`. */
export async function waitRow(session, text, { timeout } = {}) {
  return session.until(`a list-row containing "${text}"`, async () => {
    for (const row of await session.visible('list-row')) {
      if ((await row.text()).includes(text)) return row;
    }
    return null;
  }, timeout);
}

/** Waits until no displayed list row contains `text` (and the list has settled). */
export async function waitNoRow(session, text, { timeout } = {}) {
  await session.until(`no list-row containing "${text}"`, async () => {
    if (await session.exists('list-loading')) return false;
    for (const row of await session.visible('list-row')) {
      if ((await row.text()).includes(text)) return false;
    }
    return true;
  }, timeout);
}

/** Clicks a test id inside a row (row-edit, row-delete). */
export async function clickInRow(session, row, testId) {
  const [el] = await session.visible(testId, row);
  if (!el) throw new Error(`no ${testId} in the row`);
  await el.click();
}

/** Finds a row by search and opens its edit form. */
export async function openEdit(session, text) {
  const row = await searchRow(session, text);
  await clickInRow(session, row, 'row-edit');
  await session.waitFor('entity-form');
}

/** Confirms a delete once the dialog's check is done (the button is disabled while it runs). */
export async function confirmDelete(session) {
  const button = await session.waitFor('confirm-delete');
  await session.until('the delete to be confirmable', async () => (await button.property('disabled')) === false);
  await button.click();
}

/** Deletes the row found by search, confirming in the dialog, and waits until it is gone. */
export async function deleteRow(session, text) {
  const row = await searchRow(session, text);
  await clickInRow(session, row, 'row-delete');
  await confirmDelete(session);
  await waitNoRow(session, text);
  await session.waitFor('list-empty');
}

/** Submits the open form and waits for it to close (a successful write). */
export async function submitAndClose(session) {
  await session.click('form-submit');
  await session.until('the form to close after saving', async () => {
    const banner = await session.visible('form-error');
    if (banner.length) throw new FormRejected(await banner[0].text());
    return !(await session.exists('entity-form'));
  });
}

export class FormRejected extends Error {
  constructor(message) {
    super(`the form was rejected: ${message}`);
    this.fatal = true;
  }
}

/** Waits for a field's error text and returns it. */
export async function fieldError(session, key) {
  const el = await session.waitFor(`field-error-${key}`);
  await session.until(`text in field-error-${key}`, async () => (await el.text()).trim() !== '');
  return (await el.text()).trim();
}

/** Cancels a form holding unsaved changes: Cancelar, then "Descartar alterações" in the prompt. */
export async function discardForm(session) {
  await session.click('form-cancel');
  await session.click('discard-confirm');
  await session.waitGone('entity-form');
}
