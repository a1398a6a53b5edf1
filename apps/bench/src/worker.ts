import { parentPort, workerData } from 'node:worker_threads';
import { disposeBackends, type Job, type JobEnv, runJob } from './jobs.js';

/** Messages from the pool to a worker. */
export type ToWorker =
  | { readonly type: 'job'; readonly id: number; readonly job: Job }
  | { readonly type: 'exit' };

/** Messages from a worker to the pool. */
export type FromWorker =
  | { type: 'progress'; id: number; done: number; total: number; accuracy: number | undefined }
  | { type: 'done'; id: number; outcome: unknown }
  | { type: 'error'; id: number; message: string; stack: string | undefined };

const port = parentPort;
if (port) {
  const env = workerData as JobEnv;
  port.on('message', async (message: ToWorker) => {
    if (message.type === 'exit') {
      await disposeBackends();
      port.close();
      return;
    }
    const { id, job } = message;
    try {
      const outcome = await runJob(env, job, (done, total, accuracy) =>
        port.postMessage({ type: 'progress', id, done, total, accuracy } satisfies FromWorker),
      );
      port.postMessage({ type: 'done', id, outcome } satisfies FromWorker);
    } catch (error) {
      const { message: text, stack } = error as Error;
      port.postMessage({ type: 'error', id, message: String(text), stack } satisfies FromWorker);
    }
  });
}
