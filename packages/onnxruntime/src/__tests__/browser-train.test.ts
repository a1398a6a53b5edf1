// The trainer in a browser: @cyclr/onnxruntime/web bundled for the browser (esbuild), opened in
// headless Chromium (Debian's, driven by playwright-core), training a Fashion-MNIST MLP on
// onnxruntime-web's wasm backend, everything served from a local server (no network). Checks the
// bundle never pulls onnxruntime-node or a node: module, the loss falls, the session is fed
// float32(schedule.lr(step)) at every step, bytes checkpoints resume exactly, and the weights
// match the same run on onnxruntime-node (same graphs, another build of onnxruntime).

import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromSpec, type PolicySpec } from '@cyclr/core';
import { build, type Metafile } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dense, OnnxTrainer, relu, sequential } from '../index.js';
import type { BrowserRunRequest, BrowserRunResult, TrainPageGlobal } from './browser/train-page.js';
import { fashion } from './helpers/fashion.js';

/** Debian's Chromium (Playwright's browser download cannot work offline); override with CHROMIUM. */
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
// The wasm files' folder (the package's dist, which its `exports` map exposes file by file).
const ortWebDist = dirname(
  fileURLToPath(import.meta.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm')),
);

const request: BrowserRunRequest = {
  // Two whole cycles of a cyclic schedule in 40 steps: the rate rises and falls twice.
  schedule: { policy: 'triangular', baseLr: 0.01, maxLr: 0.1, stepSize: 10 },
  steps: 40,
  batchSize: 32,
  seed: 7,
  hidden: 32,
};
const rows = 512;
const train = fashion('train');

let server: Server;
let origin: string;
let browser: Browser;
let metafile: Metafile;
let result: BrowserRunResult;
const requested: string[] = [];
const pageErrors: string[] = [];

async function bundlePage(): Promise<{ code: string; metafile: Metafile }> {
  const out = await build({
    entryPoints: [join(import.meta.dirname, 'browser/train-page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // Workspace packages from their TypeScript source, as vitest resolves them.
    conditions: ['@cyclr/source'],
    outfile: 'page.js',
    write: false,
    metafile: true,
    // Left unresolved rather than failing the build, so a stray import shows in the metafile.
    external: ['onnxruntime-node', 'node:*'],
    logLevel: 'silent',
  });
  const file = out.outputFiles.find((f) => f.path.endsWith('page.js'));
  if (file === undefined) throw new Error('browser-train: esbuild wrote no page.js');
  return { code: file.text, metafile: out.metafile };
}

function serve(code: string): Promise<Server> {
  const pixels = train.inputs.subarray(0, rows * 784);
  const images = Buffer.from(Uint8Array.from(pixels, (v) => Math.round(v * 255)));
  const labels = Buffer.from(train.labels.subarray(0, rows));
  const html =
    '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>';
  const types: Record<string, string> = {
    '.mjs': 'text/javascript',
    '.js': 'text/javascript',
    '.wasm': 'application/wasm',
  };
  const handler = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (path === '/') return send(200, 'text/html', html);
    if (path === '/page.js') return send(200, 'text/javascript', code);
    if (path === '/data/images') return send(200, 'application/octet-stream', images);
    if (path === '/data/labels') return send(200, 'application/octet-stream', labels);
    const file = path.startsWith('/ort/') ? join(ortWebDist, basename(path)) : undefined;
    const type = file && types[file.slice(file.lastIndexOf('.'))];
    if (file && type && existsSync(file)) return send(200, type, readFileSync(file));
    return send(404, 'text/plain', 'not found');
  });
  return new Promise((resolve) => handler.listen(0, '127.0.0.1', () => resolve(handler)));
}

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `browser-train: no Chromium at ${chromiumPath}; install Debian's chromium (apt-get install -y chromium) or set CHROMIUM`,
    );
  }
  const bundle = await bundlePage();
  metafile = bundle.metafile;
  server = await serve(bundle.code);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Only the local server answers: anything else (a CDN for the wasm, say) fails the run.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    requested.push(url);
    return url.startsWith(origin) ? route.continue() : route.abort();
  });
  // A page that fails to load or train (a bare onnxruntime-node import, say) is recorded, so the
  // bundle test still runs and reports it; the tests that need the run's result then fail.
  try {
    await page.goto(`${origin}/`);
    await page.waitForFunction(
      () => typeof (globalThis as TrainPageGlobal).trainInBrowser === 'function',
      undefined,
      { timeout: 20_000 },
    );
    result = await page.evaluate(
      (r) => (globalThis as TrainPageGlobal).trainInBrowser?.(r) as Promise<BrowserRunResult>,
      request,
    );
  } catch (error) {
    pageErrors.push(`browser-train: ${(error as Error).message}`);
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

/** The same run in Node, on onnxruntime-node: same model, seed, schedule and batches. */
async function nodeRun(): Promise<{ losses: number[]; params: Record<string, Float32Array> }> {
  const trainer = await OnnxTrainer.create({
    model: sequential({
      inputShape: [784],
      layers: [dense(request.hidden, { kernelInitializer: 'heUniform' }), relu(), dense(10)],
    }),
    optimizer: { type: 'sgd', momentum: 0.9 },
    schedule: request.schedule as PolicySpec,
    seed: request.seed,
  });
  const losses: number[] = [];
  for (let step = 0; step < request.steps; step++) {
    const start = (step * request.batchSize) % rows;
    losses.push(
      await trainer.step(
        train.inputs.subarray(start * 784, (start + request.batchSize) * 784),
        train.labels.subarray(start, start + request.batchSize),
      ),
    );
  }
  const params = trainer.parameters();
  await trainer.release();
  return { losses, params };
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('training in headless Chromium on onnxruntime-web', () => {
  it('the page bundle holds onnxruntime-web and no onnxruntime-node or node: module', () => {
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some((path) => path.includes('onnxruntime-web'))).toBe(true);
    expect(inputs.some((path) => path.endsWith('src/web.ts'))).toBe(true);
    expect(
      inputs.filter((path) => /onnxruntime-node|node-trainer|atomic-write/.test(path)),
    ).toEqual([]);
    const nodeOnlyImports = Object.values(metafile.inputs).flatMap((input) =>
      input.imports
        .filter((i) => i.path.startsWith('node:') || i.path.includes('onnxruntime-node'))
        .map((i) => i.path),
    );
    expect(nodeOnlyImports).toEqual([]);
    expect(pageErrors).toEqual([]);
    // The wasm came from the local server; nothing was fetched from anywhere else.
    expect(requested.some((url) => url.startsWith(`${origin}/ort/`) && url.endsWith('.wasm'))).toBe(
      true,
    );
    expect(requested.filter((url) => !url.startsWith(origin))).toEqual([]);
  });

  it('the loss falls and the session is fed float32(schedule.lr(step)) at every step', () => {
    expect(result.losses).toHaveLength(request.steps);
    expect(result.losses.every(Number.isFinite)).toBe(true);
    expect(mean(result.losses.slice(-5))).toBeLessThan(0.6 * mean(result.losses.slice(0, 5)));
    const schedule = fromSpec(request.schedule);
    const expected = result.losses.map((_, step) => Math.fround(schedule.lr(step)));
    // One train-step run per step: the fed values, in order, are the schedule's.
    expect(result.fedLearningRates).toEqual(expected);
    expect(result.scheduleLearningRates).toEqual(expected);
    // The schedule really cycles over these steps (a constant rate would pass too easily).
    expect(new Set(expected).size).toBeGreaterThan(10);
    // The trainer on the default runtime (no `runtime` option) trained bit-identically.
    expect(result.recordedRunIdentical).toBe(true);
  });

  it('a bytes checkpoint resumes exactly, in the page and in Node', async () => {
    expect(result.resumedNextLoss).toBe(result.straightNextLoss);
    // Bytes written in the browser load on onnxruntime-node.
    const inNode = await OnnxTrainer.fromCheckpoint(Uint8Array.from(result.checkpoint));
    expect(inNode.globalStep).toBe(request.steps);
    for (const [name, values] of Object.entries(inNode.parameters())) {
      expect(Array.from(values)).toEqual(result.params[name]);
    }
    await inNode.release();
  });

  it('the weights after the run equal the same run on onnxruntime-node within float tolerance', async () => {
    const node = await nodeRun();
    let maxDifference = 0;
    for (const [name, values] of Object.entries(node.params)) {
      const browserValues = result.params[name] ?? [];
      expect(browserValues).toHaveLength(values.length);
      values.forEach((v, i) => {
        maxDifference = Math.max(maxDifference, Math.abs(v - (browserValues[i] as number)));
      });
    }
    const lossDifference = Math.max(
      ...node.losses.map((l, i) => Math.abs(l - (result.losses[i] as number))),
    );
    const fetched = requested.filter((url) => url.includes('/ort/')).map((url) => basename(url));
    console.log(
      `onnxruntime-web files fetched: ${fetched.join(', ')}; browser vs node after ${request.steps} steps: max |weight difference| ${maxDifference.toExponential(2)}, max |loss difference| ${lossDifference.toExponential(2)}`,
    );
    expect(maxDifference).toBeLessThan(1e-4);
    expect(lossDifference).toBeLessThan(1e-4);
  });
});
