import type { PolicySpec } from '@cyclr/core';
import type { LrBounds, RangeTestSuggestions } from '@cyclr/rangefinder';
import { RangeCurveChart } from './curve-chart.js';
import type { BackendChoice, FromWorker, ToWorker } from './messages.js';

const runs = {
  quick: { steps: 40, examples: 1024 },
  full: { steps: 120, examples: 4096 },
} as const;

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const formatLr = (lr: number): string => Number(lr.toPrecision(3)).toExponential();

/** The range-test section: runs the worker, draws the curve live, offers the bounds. */
export class RangeTestPanel {
  private worker: Worker | undefined;
  private readonly start = element<HTMLButtonElement>('range-start');
  private readonly stop = element<HTMLButtonElement>('range-stop');
  private readonly status = element<HTMLElement>('range-status');
  private readonly progress = element<HTMLProgressElement>('range-progress');
  private readonly result = element<HTMLElement>('range-result');
  private readonly chart = new RangeCurveChart(element('range-chart'));
  private backend = '';
  private lrs: number[] = [];
  private losses: number[] = [];
  private bounds: LrBounds | undefined;

  constructor(private readonly useSpec: (spec: PolicySpec) => void) {
    this.start.addEventListener('click', () => this.run());
    this.stop.addEventListener('click', () => this.send({ type: 'stop' }));
    element('use-triangular').addEventListener('click', () => {
      if (!this.bounds) return;
      const { baseLr, maxLr } = this.bounds;
      this.useSpec({
        policy: 'triangular',
        baseLr: round(baseLr),
        maxLr: round(maxLr),
        stepSize: 500,
      });
    });
    element('use-one-cycle').addEventListener('click', () => {
      if (!this.bounds) return;
      this.useSpec({ policy: 'oneCycle', maxLr: round(this.bounds.maxLr), totalSteps: 3000 });
    });
  }

  private send(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  private run(): void {
    const mode = element<HTMLSelectElement>('range-mode').value as keyof typeof runs;
    const backend = element<HTMLSelectElement>('range-backend').value as BackendChoice;
    this.worker?.terminate();
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.worker.addEventListener('message', (event: MessageEvent<FromWorker>) =>
      this.receive(event.data),
    );
    this.worker.addEventListener('error', (event) => this.fail(event.message || 'worker failed'));
    this.lrs = [];
    this.losses = [];
    this.bounds = undefined;
    this.result.hidden = true;
    this.start.disabled = true;
    this.stop.disabled = false;
    this.progress.hidden = false;
    this.progress.value = 0;
    this.status.textContent = 'Starting TensorFlow.js…';
    this.chart.reset();
    this.send({ type: 'start', ...runs[mode], backend });
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'backend':
        this.backend = message.backend;
        this.status.dataset.backend = message.backend;
        this.status.textContent = `Backend: ${message.backend}${message.tried.length ? ` (${message.tried.join(', ')} unavailable)` : ''}.`;
        break;
      case 'status':
        this.status.textContent = `Backend: ${this.backend}. ${message.message}`;
        break;
      case 'step':
        this.lrs.push(message.lr);
        this.losses.push(message.smoothedLoss);
        this.progress.value = (message.step + 1) / message.steps;
        this.status.textContent = `Backend: ${this.backend}. Step ${message.step + 1} of ${message.steps}: lr ${formatLr(message.lr)}, loss ${message.smoothedLoss.toFixed(3)}`;
        this.chart.draw(this.lrs, this.losses, undefined, undefined);
        break;
      case 'done':
        this.finish(message);
        break;
      case 'error':
        this.fail(message.message);
        break;
    }
  }

  private finish(message: Extract<FromWorker, { type: 'done' }>): void {
    this.start.disabled = false;
    this.stop.disabled = true;
    this.progress.hidden = true;
    this.chart.draw(message.lrs, message.smoothedLosses, message.suggestions, message.bounds);
    const seconds = (message.milliseconds / 1000).toFixed(1);
    const ending = {
      completed: 'completed',
      diverged: 'stopped when the loss diverged',
      nonFinite: 'stopped at a non-finite loss',
      aborted: 'stopped',
    }[message.reason];
    this.status.textContent = `Backend: ${this.backend}. ${message.lrs.length} steps in ${seconds} s, ${ending}.`;
    this.bounds = message.bounds;
    this.status.dataset.state = 'done';
    const list = element('range-bounds');
    list.replaceChildren(...describe(message.suggestions, message.bounds, message.boundsError));
    this.result.hidden = false;
    for (const id of ['use-triangular', 'use-one-cycle']) {
      element<HTMLButtonElement>(id).disabled = message.bounds === undefined;
    }
  }

  private fail(text: string): void {
    this.start.disabled = false;
    this.stop.disabled = true;
    this.progress.hidden = true;
    this.status.textContent = `Range test failed: ${text}`;
    this.status.dataset.state = 'error';
  }
}

/** Three significant digits: bounds from a noisy curve do not deserve more. */
const round = (lr: number): number => Number(lr.toPrecision(3));

function describe(
  suggestions: RangeTestSuggestions,
  chosen: LrBounds | undefined,
  boundsError: string | undefined,
): HTMLElement[] {
  const rows: [string, string, number?][] = [];
  if (chosen) {
    rows.push(
      ['chosen baseLr', formatLr(round(chosen.baseLr)), round(chosen.baseLr)],
      ['chosen maxLr', formatLr(round(chosen.maxLr)), round(chosen.maxLr)],
    );
  } else {
    rows.push(['bounds', boundsError ?? 'none']);
  }
  for (const name of ['edge', 'robust', 'steepest', 'valley', 'minimumDivTen', 'slide'] as const) {
    const suggestion = suggestions[name];
    if (suggestion) rows.push([name, formatLr(suggestion.lr)]);
  }
  return rows.flatMap(([term, value, exact]) => {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value;
    dd.dataset.name = term;
    if (exact !== undefined) dd.dataset.value = String(exact);
    return [dt, dd];
  });
}
