// Run as its own process by checkpoint.test.ts, which SIGKILLs it at some moment: trains and
// saves to `path` in a loop, as fast as it can, so the kill lands mid-save sooner or later.
import { dense, OnnxTrainer, relu, sequential } from '../../index.js';

const [path] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: checkpoint-saver <path>');
const trainer = await OnnxTrainer.create({
  model: sequential({ inputShape: [784], layers: [dense(512), relu(), dense(10)] }),
  optimizer: { type: 'adam' },
  schedule: { policy: 'constant', lr: 1e-3 },
});
const inputs = new Float32Array(8 * 784).fill(0.5);
const labels = new Int32Array(8);
await trainer.save(path);
process.stdout.write('ready\n');
for (;;) {
  await trainer.step(inputs, labels);
  await trainer.save(path);
}
