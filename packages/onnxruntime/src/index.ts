export * from './portable-exports.js';
export { OnnxTrainer } from './trainer/node-trainer.js';
