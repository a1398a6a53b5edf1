// Run as its own process by checkpoint-schedules.test.ts: trains the first `steps` steps of a
// run (helpers/checkpoint-schedules-run.ts), saves a checkpoint to `path`, prints what it did
// as JSON and exits, so the checkpoint is loaded by a process that never trained.
import { RUNS, type RunName, trainRecorded } from './checkpoint-schedules-run.js';

const [name, path, steps] = process.argv.slice(2);
if (name === undefined || !(name in RUNS) || path === undefined || steps === undefined) {
  throw new Error(
    `usage: checkpoint-schedules-child <${Object.keys(RUNS).join('|')}> <path> <steps>`,
  );
}
const trainer = await RUNS[name as RunName]();
const record = await trainRecorded(trainer, 0, Number(steps));
await trainer.save(path);
await trainer.release();
process.stdout.write(JSON.stringify(record));
