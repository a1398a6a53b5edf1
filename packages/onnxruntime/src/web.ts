/**
 * The browser entry, `@cyclr/onnxruntime/web`: everything `@cyclr/onnxruntime` exports, with an
 * `OnnxTrainer` that runs on onnxruntime-web and keeps checkpoints as bytes. It imports neither
 * onnxruntime-node nor any `node:` module (the browser-train test checks the bundle), so a
 * browser bundle never pulls them in. The export list is src/portable-exports.ts, shared with
 * src/index.ts.
 *
 * @packageDocumentation
 */
export * from './portable-exports.js';
export { OnnxTrainer } from './trainer/web-trainer.js';
