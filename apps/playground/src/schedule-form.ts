import {
  fromSpec,
  getPolicy,
  listPolicies,
  type ParamDef,
  type PolicySpec,
  type Schedule,
  ScheduleError,
} from '@cyclr/core';

type AnyParamDef = ParamDef<unknown>;

/** How a parameter is edited, read off the parameter builders' `expected` text. */
type Control = 'checkbox' | 'select' | 'json' | 'text';

function controlFor(def: AnyParamDef): Control {
  if (def.expected === 'true or false') return 'checkbox';
  if (def.expected.startsWith('one of ')) return 'select';
  if (/schedule/.test(def.expected)) return 'json';
  return 'text';
}

function choicesOf(def: AnyParamDef): string[] {
  return [...def.expected.matchAll(/"([^"]*)"/g)].map((match) => match[1] as string);
}

/** A typed field value: JSON when it parses (numbers, lists, specs), else the text itself. */
export function parseFieldText(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    // "300, 600" is how people type a list of milestones.
    if (trimmed.includes(',')) {
      try {
        return JSON.parse(`[${trimmed}]`);
      } catch {
        // fall through: core's own message will say what was expected
      }
    }
    return trimmed;
  }
}

function fieldText(value: unknown, control: Control): string {
  if (value === undefined) return '';
  if (control === 'json') return JSON.stringify(value, null, 2);
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function defaultText(def: AnyParamDef): string {
  if (def.defaultDoc !== undefined) return def.defaultDoc;
  if (typeof def.default === 'function') return 'computed';
  if (def.default !== undefined) return JSON.stringify(def.default);
  return def.optional ? 'off' : 'required';
}

export type FormResult =
  | { readonly ok: true; readonly spec: PolicySpec; readonly schedule: Schedule }
  | { readonly ok: false; readonly spec: PolicySpec; readonly message: string };

/**
 * The editor of one spec: a policy picker and one field per parameter, all built from the
 * registry's parameter definitions. Every edit re-validates with `fromSpec`; a rejected value
 * shows core's own message beside the field it names.
 */
export class ScheduleForm {
  readonly element: HTMLFormElement;
  private readonly policySelect: HTMLSelectElement;
  private readonly policySummary: HTMLElement;
  private readonly fields: HTMLElement;
  private readonly formError: HTMLElement;
  private readonly readers = new Map<string, () => unknown>();
  private readonly errorSlots = new Map<string, HTMLElement>();
  private readonly inputs = new Map<string, HTMLElement>();

  constructor(
    private readonly onChange: (result: FormResult) => void,
    onPolicyChange: (policy: string) => void,
  ) {
    this.element = document.createElement('form');
    this.element.className = 'schedule-form';
    this.element.addEventListener('submit', (event) => event.preventDefault());
    const policyRow = document.createElement('div');
    policyRow.className = 'field policy-field';
    const label = document.createElement('label');
    label.htmlFor = 'policy';
    label.textContent = 'Policy';
    this.policySelect = document.createElement('select');
    this.policySelect.id = 'policy';
    this.policySelect.name = 'policy';
    for (const definition of listPolicies()) {
      const option = document.createElement('option');
      option.value = definition.name;
      option.textContent = definition.name;
      this.policySelect.append(option);
    }
    this.policySelect.addEventListener('change', () => onPolicyChange(this.policySelect.value));
    this.policySummary = document.createElement('p');
    this.policySummary.className = 'policy-summary';
    this.policySummary.id = 'policy-summary';
    this.policySelect.setAttribute('aria-describedby', 'policy-summary');
    policyRow.append(label, this.policySelect, this.policySummary);
    this.formError = document.createElement('p');
    this.formError.className = 'error form-error';
    this.formError.setAttribute('role', 'alert');
    this.formError.hidden = true;
    this.fields = document.createElement('div');
    this.fields.className = 'fields';
    this.element.append(policyRow, this.fields, this.formError);
  }

  /** Shows `spec` in the form (any registered policy; unknown ones report core's error). */
  show(spec: PolicySpec): void {
    const definition = getPolicy(spec.policy);
    this.readers.clear();
    this.errorSlots.clear();
    this.inputs.clear();
    this.fields.replaceChildren();
    if (definition === undefined) {
      this.onChange(this.validate(spec));
      return;
    }
    this.policySelect.value = definition.name;
    this.policySummary.textContent = definition.summary;
    for (const [name, def] of Object.entries(definition.params) as [string, AnyParamDef][]) {
      this.fields.append(this.field(name, def, spec[name]));
    }
    this.onChange(this.validate(spec));
  }

  private field(name: string, def: AnyParamDef, value: unknown): HTMLElement {
    const control = controlFor(def);
    const row = document.createElement('div');
    row.className = `field field-${control}`;
    const id = `param-${name}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = name;
    const doc = document.createElement('small');
    doc.className = 'doc';
    doc.id = `${id}-doc`;
    doc.textContent = `${def.doc} (default: ${defaultText(def)})`;
    const error = document.createElement('p');
    error.className = 'error';
    error.id = `${id}-error`;
    error.setAttribute('aria-live', 'polite');
    error.hidden = true;
    let input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
    if (control === 'checkbox') {
      const checkbox = document.createElement('input');
      checkbox.type = 'checkbox';
      checkbox.checked = Boolean(value ?? def.default);
      this.readers.set(name, () => checkbox.checked);
      input = checkbox;
    } else if (control === 'select') {
      const select = document.createElement('select');
      for (const choice of choicesOf(def)) {
        const option = document.createElement('option');
        option.value = choice;
        option.textContent = choice;
        select.append(option);
      }
      select.value = String(value ?? def.default ?? choicesOf(def)[0]);
      this.readers.set(name, () => select.value);
      input = select;
    } else {
      const text = document.createElement(control === 'json' ? 'textarea' : 'input');
      if (text instanceof HTMLTextAreaElement) text.rows = 6;
      else text.inputMode = /list/.test(def.expected) ? 'text' : 'decimal';
      text.value = fieldText(value, control);
      text.placeholder = defaultText(def);
      text.spellcheck = false;
      this.readers.set(name, () => parseFieldText(text.value));
      input = text;
    }
    input.id = id;
    input.name = name;
    input.setAttribute('aria-describedby', `${id}-doc ${id}-error`);
    input.addEventListener('input', () => this.onChange(this.validate(this.read())));
    this.errorSlots.set(name, error);
    this.inputs.set(name, input);
    label.append(doc);
    row.append(label, input, error);
    return row;
  }

  /** The spec the fields currently describe (empty fields left out: core fills defaults). */
  read(): PolicySpec {
    const spec: Record<string, unknown> = { policy: this.policySelect.value };
    for (const [name, read] of this.readers) {
      const value = read();
      if (value !== undefined) spec[name] = value;
    }
    return spec as PolicySpec;
  }

  private validate(spec: PolicySpec): FormResult {
    for (const slot of this.errorSlots.values()) slot.hidden = true;
    for (const input of this.inputs.values()) input.removeAttribute('aria-invalid');
    this.formError.hidden = true;
    try {
      return { ok: true, spec, schedule: fromSpec(spec) };
    } catch (error) {
      if (!(error instanceof ScheduleError)) throw error;
      const slot = error.param === undefined ? undefined : this.errorSlots.get(error.param);
      const target = slot ?? this.formError;
      target.textContent = error.message;
      target.hidden = false;
      if (error.param !== undefined)
        this.inputs.get(error.param)?.setAttribute('aria-invalid', 'true');
      return { ok: false, spec, message: error.message };
    }
  }
}
