import 'uplot/dist/uPlot.min.css';
import './style.css';
import { fromSpec, getPolicy, type PolicySpec, type Schedule } from '@cyclr/core';
import { ExportPanel } from './export-panel.js';
import { colourOf } from './palette.js';
import { RangeTestPanel } from './range-test/panel.js';
import { autoHorizon, sampleSteps } from './sampling.js';
import { type PlottedData, ScheduleChart } from './schedule-chart.js';
import { type FormResult, ScheduleForm } from './schedule-form.js';
import { specsFromHash, specsToHash } from './share-link.js';
import { starterSpec } from './starter-values.js';

const defaultSpecs: readonly PolicySpec[] = [{ policy: 'oneCycle', maxLr: 0.1, totalSteps: 2000 }];

const byId = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`playground: #${id} is missing from index.html`);
  return element as T;
};

/** The page state: the specs shown (an overlay each), which one the form edits. */
let specs: PolicySpec[] = [];
/** The last valid schedule of each overlay, drawn while its form holds an invalid value. */
let schedules: Schedule[] = [];
let selected = 0;

const chart = new ScheduleChart(byId('chart'));
const exportPanel = new ExportPanel();
const form = new ScheduleForm(onFormChange, onPolicyChange);
byId('form-slot').append(form.element);

const xAxis = byId<HTMLSelectElement>('x-axis');
const stepsPerEpochInput = byId<HTMLInputElement>('steps-per-epoch');
const horizonInput = byId<HTMLInputElement>('horizon');
const logScale = byId<HTMLInputElement>('log-scale');
for (const control of [xAxis, stepsPerEpochInput, horizonInput, logScale]) {
  control.addEventListener('input', redraw);
}

function onFormChange(result: FormResult): void {
  specs[selected] = result.spec;
  if (result.ok) {
    schedules[selected] = result.schedule;
    history.replaceState(null, '', specsToHash(specs));
    exportPanel.show(result.spec);
  } else {
    exportPanel.showInvalid(result.message);
  }
  renderTabs();
  redraw();
}

function onPolicyChange(policy: string): void {
  const definition = getPolicy(policy);
  if (definition) form.show(starterSpec(definition, specs[selected]));
}

function redraw(): void {
  const drawn = schedules.filter((schedule) => schedule !== undefined);
  if (drawn.length === 0) return;
  const horizonOverride = Number.parseInt(horizonInput.value, 10);
  const horizon = horizonOverride >= 2 ? horizonOverride : autoHorizon(drawn);
  const stepsPerEpoch = Number.parseInt(stepsPerEpochInput.value, 10);
  const epochs = xAxis.value === 'epochs' && stepsPerEpoch >= 1;
  stepsPerEpochInput.closest('label')?.toggleAttribute('hidden', xAxis.value !== 'epochs');
  chart.render({
    schedules: drawn,
    labels: specs.map((spec, i) => `${i + 1} ${spec.policy}`),
    steps: sampleSteps(horizon),
    stepsPerEpoch: epochs ? stepsPerEpoch : undefined,
    logScale: logScale.checked,
  });
}

function renderTabs(): void {
  const tabs = byId('overlay-tabs');
  tabs.replaceChildren(
    ...specs.map((spec, i) => {
      const tab = document.createElement('button');
      tab.type = 'button';
      tab.className = 'overlay-tab';
      tab.setAttribute('aria-pressed', String(i === selected));
      tab.style.setProperty('--swatch', colourOf(i));
      tab.textContent = `${i + 1} ${spec.policy}`;
      tab.addEventListener('click', () => select(i));
      return tab;
    }),
  );
  byId<HTMLButtonElement>('remove-overlay').disabled = specs.length < 2;
}

function select(index: number): void {
  selected = index;
  form.show(specs[index] as PolicySpec);
}

/** Loads specs (from the link or the defaults); a bad link shows core's message in the form. */
function load(next: readonly PolicySpec[]): void {
  specs = [...next];
  schedules = [];
  specs.forEach((spec, i) => {
    try {
      schedules[i] = fromSpec(spec);
    } catch {
      // The form shows the error when this overlay is selected.
    }
  });
  selected = 0;
  form.show(specs[0] as PolicySpec);
}

function loadFromHash(): void {
  const fromLink = specsFromHash(location.hash);
  if (typeof fromLink === 'string') {
    load(defaultSpecs);
    exportPanel.showInvalid(fromLink);
    return;
  }
  load(fromLink ?? defaultSpecs);
}

byId('add-overlay').addEventListener('click', () => {
  const current = specs[selected] as PolicySpec;
  specs.push(structuredClone(current));
  if (schedules[selected]) schedules.push(schedules[selected] as Schedule);
  select(specs.length - 1);
});
byId('remove-overlay').addEventListener('click', () => {
  if (specs.length < 2) return;
  specs.splice(selected, 1);
  schedules.splice(selected, 1);
  select(Math.max(0, selected - 1));
});
window.addEventListener('hashchange', () => {
  if (location.hash !== specsToHash(specs)) loadFromHash();
});

new RangeTestPanel((spec) => {
  specs[selected] = spec;
  form.show(spec);
  byId('design-title').scrollIntoView({ behavior: 'smooth' });
});

loadFromHash();

declare global {
  interface Window {
    /** Read-only view for the browser tests: what the chart plots and the specs shown. */
    cyclrPlayground: { plotted(): PlottedData; specs(): readonly PolicySpec[] };
  }
}
window.cyclrPlayground = { plotted: () => chart.plotted, specs: () => specs };
