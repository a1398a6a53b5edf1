import { readFileSync } from 'node:fs';
import { fromSpec, type PolicySpec, ScheduleError } from '@cyclr/core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import golden from '../fixtures/pytorch-golden.json' with { type: 'json' };
import { specsFromHash, specsToHash } from '../src/share-link.js';
import { type BrowserSession, startBrowserSession } from './browser-session.js';
import { typecheckSnippet } from './compile-snippet.js';

let session: BrowserSession;

beforeAll(async () => {
  session = await startBrowserSession();
});

afterAll(async () => {
  await session?.close();
});

const overlaySpecs: PolicySpec[] = [
  { policy: 'oneCycle', maxLr: 0.1, totalSteps: 1500, pctStart: 0.25 },
  {
    policy: 'triangular',
    baseLr: 0.001,
    maxLr: 0.05,
    stepSize: 300,
    baseMomentum: 0.85,
    maxMomentum: 0.95,
  },
  {
    policy: 'warmup',
    warmupSteps: 100,
    schedule: { policy: 'cosine', lr: 0.08, totalSteps: 1400 },
  },
];

/**
 * Chromium's and Node's V8 may round Math.cos / Math.pow differently in the last bit, so values
 * computed in the page and here agree to a few ulps, not bit for bit.
 */
function expectSameValue(actual: number | undefined, expected: number): void {
  expect(actual).toBeTypeOf('number');
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-14 * Math.abs(expected));
}

const specsOnPage = (page: Page) => page.evaluate(() => window.cyclrPlayground.specs());

async function exportedCode(page: Page, format: string): Promise<string> {
  await page.click(`#export-tabs [data-format=${format}]`);
  await page.waitForSelector(`#export-code[data-format=${format}]`);
  return (await page.textContent('#export-code')) ?? '';
}

function coreMessage(spec: PolicySpec): string {
  try {
    fromSpec(spec);
  } catch (error) {
    if (error instanceof ScheduleError) return error.message;
  }
  throw new Error(`expected ${JSON.stringify(spec)} to be invalid`);
}

describe('the playground in Chromium', () => {
  it('draws the schedules a #spec= link names, with the values @cyclr/core computes', async () => {
    const page = await session.openPage(specsToHash(overlaySpecs));
    const plotted = await page.evaluate(() => window.cyclrPlayground.plotted());
    expect(plotted.lr).toHaveLength(overlaySpecs.length);
    expect(plotted.steps.length).toBeGreaterThan(100);
    // The open-ended triangular sets the horizon: 6000 steps shown.
    expect(plotted.steps.at(-1)).toBe(5999);
    overlaySpecs.forEach((spec, i) => {
      const schedule = fromSpec(spec);
      plotted.steps.forEach((step, j) => {
        expectSameValue(plotted.lr[i]?.[j], schedule.lr(step));
        if (schedule.momentum) expectSameValue(plotted.momentum[i]?.[j], schedule.momentum(step));
      });
      if (!schedule.momentum) expect(plotted.momentum[i] ?? undefined).toBeUndefined();
    });
    // The chart's canvas is drawn and the overlay tabs name each schedule.
    const tabs = await page.locator('.overlay-tab').allTextContents();
    expect(tabs).toEqual(['1 oneCycle', '2 triangular', '3 warmup']);
    expect(await page.locator('#chart canvas').count()).toBeGreaterThan(0);
    await page.close();
  });

  it("opens the schedules the README's #spec= links name", async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const links = [...readme.matchAll(/\(http:\/\/localhost:5173\/(#spec=[^)]+)\)/g)].map(
      (match) => match[1] as string,
    );
    expect(links.length).toBeGreaterThanOrEqual(5);
    const page = await session.openPage();
    for (const hash of links) {
      const specs = specsFromHash(hash) as PolicySpec[];
      await page.evaluate((next) => {
        location.hash = next;
      }, hash);
      await page.waitForFunction(
        (expected) => JSON.stringify(window.cyclrPlayground.specs()) === expected,
        JSON.stringify(specs),
      );
      const plotted = await page.evaluate(() => window.cyclrPlayground.plotted());
      expect(plotted.lr).toHaveLength(specs.length);
      specs.forEach((spec, i) => {
        const schedule = fromSpec(spec);
        expectSameValue(plotted.lr[i]?.[100], schedule.lr(plotted.steps[100] as number));
      });
    }
    await page.close();
  });

  it("shows core's own message beside the parameter it names", async () => {
    const page = await session.openPage(specsToHash([overlaySpecs[1] as PolicySpec]));
    await page.fill('#param-maxLr', '-0.5');
    const error = page.locator('#param-maxLr-error');
    await error.waitFor({ state: 'visible' });
    const expected = coreMessage({ ...(overlaySpecs[1] as PolicySpec), maxLr: -0.5 });
    expect(expected).toContain('maxLr');
    expect(await error.textContent()).toBe(expected);
    expect(await page.getAttribute('#param-maxLr', 'aria-invalid')).toBe('true');
    // The message is tied to the field for screen readers.
    expect(await page.getAttribute('#param-maxLr', 'aria-describedby')).toContain(
      'param-maxLr-error',
    );
    // A cross-parameter check lands on its field too.
    await page.fill('#param-maxLr', '0.0001');
    expect(await error.textContent()).toBe(
      coreMessage({ ...(overlaySpecs[1] as PolicySpec), maxLr: 0.0001 }),
    );
    await page.fill('#param-maxLr', '0.02');
    await error.waitFor({ state: 'hidden' });
    await page.close();
  });

  it('round-trips the share link, overlays included, and edits with the keyboard', async () => {
    const page = await session.openPage(specsToHash(overlaySpecs.slice(0, 1)));
    await page.click('#add-overlay');
    // Keyboard only: pick a policy in the select, then type a parameter.
    await page.focus('#policy');
    await page.selectOption('#policy', 'cosineRestarts');
    await page.focus('#param-firstCycleSteps');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('250');
    await page.keyboard.press('Tab');
    const specs = await specsOnPage(page);
    expect(specs).toHaveLength(2);
    expect(specs[1]).toMatchObject({ policy: 'cosineRestarts', firstCycleSteps: 250 });
    const link = await page.inputValue('#share-link');
    expect(link).toContain('#spec=');
    const reopened = await session.browser.newPage();
    await reopened.goto(link);
    await reopened.waitForFunction(() => window.cyclrPlayground !== undefined);
    expect(await specsOnPage(reopened)).toEqual(specs);
    const plotted = await reopened.evaluate(() => window.cyclrPlayground.plotted());
    const restarts = fromSpec(specs[1] as PolicySpec);
    plotted.steps.forEach((step, j) => {
      expectSameValue(plotted.lr[1]?.[j], restarts.lr(step));
    });
    await reopened.close();
    await page.close();
  });

  it('exports JSON, TypeScript that compiles to the same schedule, and a tfjs callback', async () => {
    const spec = overlaySpecs[2] as PolicySpec;
    const page = await session.openPage(specsToHash([spec]));
    expect(JSON.parse(await exportedCode(page, 'json'))).toEqual(spec);

    const typescript = typecheckSnippet(
      'exported-schedule',
      await exportedCode(page, 'typescript'),
    );
    expect(typescript.errors).toEqual([]);
    const module = (await import(/* @vite-ignore */ typescript.file)) as {
      schedule: ReturnType<typeof fromSpec>;
    };
    const reference = fromSpec(spec);
    for (const step of [0, 1, 50, 99, 100, 101, 700, 1499, 1500, 3000]) {
      expect(module.schedule.lr(step)).toBe(reference.lr(step));
    }
    expect(module.schedule.toJSON()).toEqual(reference.toJSON());

    const tfjs = typecheckSnippet('exported-tfjs', await exportedCode(page, 'tfjs'));
    expect(tfjs.errors).toEqual([]);
    // Run the exported fit for real (tfjs cpu backend in Node): 3 batches of 4 per epoch, 2
    // epochs; the callback set schedule.lr(step) before each of the 6 updates.
    const { fitWithSchedule } = (await import(/* @vite-ignore */ tfjs.file)) as {
      fitWithSchedule: (...args: unknown[]) => Promise<unknown>;
    };
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
    model.compile({ optimizer: tf.train.sgd(1), loss: 'meanSquaredError' });
    const xs = tf.randomNormal([12, 2]);
    const ys = tf.randomNormal([12, 1]);
    await fitWithSchedule(model, xs, ys, 2, 4);
    const optimizer = model.optimizer as unknown as { learningRate: number };
    expect(optimizer.learningRate).toBe(reference.lr(5));
    tf.dispose([xs, ys]);
    model.dispose();
    await page.close();
  });

  it('exports PyTorch code identical to the code torch ran for the golden', async () => {
    const page = await session.openPage();
    for (const goldenCase of golden.cases) {
      await page.evaluate(
        (hash) => {
          location.hash = hash;
        },
        specsToHash([goldenCase.spec as PolicySpec]),
      );
      await page.waitForFunction(
        (policy) => window.cyclrPlayground.specs()[0]?.policy === policy,
        goldenCase.spec.policy,
      );
      expect(await exportedCode(page, 'pytorch'), goldenCase.name).toBe(goldenCase.code);
    }
    await page.evaluate(
      (hash) => {
        location.hash = hash;
      },
      specsToHash([{ policy: 'clamp', maxLr: 0.05, schedule: { policy: 'constant', lr: 0.1 } }]),
    );
    await page.waitForFunction(() => window.cyclrPlayground.specs()[0]?.policy === 'clamp');
    expect(await exportedCode(page, 'pytorch')).toMatch(/^# No PyTorch equivalent: clamp/);
    await page.close();
  });

  it('runs a quick range test in a worker whose bounds fill the schedule', async () => {
    const page = await session.openPage();
    await page.selectOption('#range-mode', 'quick');
    await page.click('#range-start');
    await page.waitForSelector('#range-status[data-state]', { timeout: 120_000 });
    expect(await page.getAttribute('#range-status', 'data-state')).toBe('done');
    const backend = await page.getAttribute('#range-status', 'data-backend');
    expect(['webgl', 'wasm', 'cpu']).toContain(backend);
    expect(await page.textContent('#range-status')).toContain(`Backend: ${backend}`);
    const baseLr = Number(
      await page.getAttribute('#range-bounds [data-name="chosen baseLr"]', 'data-value'),
    );
    const maxLr = Number(
      await page.getAttribute('#range-bounds [data-name="chosen maxLr"]', 'data-value'),
    );
    expect(baseLr).toBeGreaterThan(0);
    expect(maxLr).toBeGreaterThan(baseLr);
    await page.click('#use-triangular');
    const [triangular] = await specsOnPage(page);
    expect(triangular).toMatchObject({ policy: 'triangular', baseLr, maxLr });
    expect(await page.inputValue('#param-maxLr')).toBe(String(maxLr));
    // Compare: a second overlay filled as 1cycle from the same bounds.
    await page.click('#add-overlay');
    await page.click('#use-one-cycle');
    const [first, second] = await specsOnPage(page);
    expect(first).toMatchObject({ policy: 'triangular', baseLr, maxLr });
    expect(second).toMatchObject({ policy: 'oneCycle', maxLr });
    await page.screenshot({ path: 'screenshots/playground.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    // The charts follow their container (ResizeObserver); then nothing is wider than a phone.
    await page.waitForFunction(
      () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
      undefined,
      { timeout: 10_000 },
    );
    await page.screenshot({ path: 'screenshots/playground-phone.png', fullPage: true });
    await page.close();
  }, 150_000);

  it('serves the tfjs wasm binaries itself: a range test on the wasm backend', async () => {
    const page = await session.openPage();
    await page.selectOption('#range-mode', 'quick');
    await page.selectOption('#range-backend', 'wasm');
    await page.click('#range-start');
    await page.waitForSelector('#range-status[data-state]', { timeout: 120_000 });
    expect(await page.getAttribute('#range-status', 'data-state')).toBe('done');
    expect(await page.getAttribute('#range-status', 'data-backend')).toBe('wasm');
    await page.close();
  }, 150_000);

  it('logged no console errors on any page', () => {
    expect(session.errors).toEqual([]);
  });
});
