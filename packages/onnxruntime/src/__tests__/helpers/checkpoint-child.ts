// Run as its own process by checkpoint.test.ts: trains the first `steps` steps, saves a
// checkpoint to `path`, prints the losses as JSON and exits (the process that trained is gone
// before the checkpoint is loaded).
import { createRun, trainSteps } from './checkpoint-run.js';

const [path, steps] = process.argv.slice(2);
if (path === undefined || steps === undefined)
  throw new Error('usage: checkpoint-child <path> <steps>');
const trainer = await createRun();
const losses = await trainSteps(trainer, 0, Number(steps));
await trainer.save(path);
await trainer.release();
process.stdout.write(JSON.stringify(losses));
