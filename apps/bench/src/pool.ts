import { Worker } from 'node:worker_threads';
import {
  disposeBackends,
  type Job,
  type JobEnv,
  type Outcome,
  type ProgressFn,
  runJob,
} from './jobs.js';
import type { FromWorker, ToWorker } from './worker.js';

/** Runs jobs, in this thread or on worker threads. */
export interface Executor {
  run<T extends Outcome>(job: Job, onProgress: ProgressFn): Promise<T>;
  /** Stops now: running jobs are ended, every pending `run` rejects with {@link AbortedError}. */
  abort(): void;
  close(): Promise<void>;
}

/** What `run` rejects with once the executor was aborted (Ctrl-C). */
export class AbortedError extends Error {
  constructor() {
    super('stopped before this run finished');
  }
}

/** Runs jobs one after the other in this thread. */
export function inlineExecutor(env: JobEnv): Executor {
  let queue: Promise<unknown> = Promise.resolve();
  let aborted = false;
  return {
    run<T extends Outcome>(job: Job, onProgress: ProgressFn) {
      const result = queue.then(() => {
        if (aborted) throw new AbortedError();
        // A job in this thread cannot be killed; it stops before its next step.
        return runJob(
          env,
          job,
          (done, total, accuracy) => {
            if (aborted) throw new AbortedError();
            onProgress(done, total, accuracy);
          },
          () => aborted,
        );
      }) as Promise<T>;
      queue = result.catch(() => undefined);
      return result;
    },
    abort() {
      aborted = true;
    },
    async close() {
      await queue;
      await disposeBackends();
    },
  };
}

interface Pending {
  readonly id: number;
  readonly job: Job;
  readonly onProgress: ProgressFn;
  resolve(outcome: Outcome): void;
  reject(error: Error): void;
}

/**
 * Runs jobs on `size` worker threads, each loading the data and backend once. Jobs are
 * independent and deterministic, so which worker runs which job changes nothing but wall time.
 */
export function workerPool(env: JobEnv, size: number): Executor {
  // Run from source (tsx), a worker needs tsx registered before it can load worker.ts.
  const url = new URL(
    import.meta.url.endsWith('.ts') ? './worker-entry.mjs' : './worker.js',
    import.meta.url,
  );
  const idle: Worker[] = [];
  const busy = new Map<Worker, Pending>();
  // Workers with a job in flight, kept after an abort (which forgets `busy`): close() must not
  // terminate one inside a native onnxruntime call, which aborts the whole process.
  const running = new Map<Worker, Promise<void>>();
  const settle = new Map<Worker, () => void>();
  const waiting: Pending[] = [];
  let nextId = 0;
  let failure: Error | undefined;
  let aborted = false;

  const dispatch = () => {
    while (idle.length > 0 && waiting.length > 0) {
      const worker = idle.pop() as Worker;
      const pending = waiting.shift() as Pending;
      busy.set(worker, pending);
      running.set(worker, new Promise<void>((resolve) => settle.set(worker, resolve)));
      worker.postMessage({ type: 'job', id: pending.id, job: pending.job } satisfies ToWorker);
    }
  };

  const workers = Array.from({ length: size }, () => {
    const worker = new Worker(url, { workerData: env });
    worker.on('message', (message: FromWorker) => {
      if (message.type !== 'progress') {
        settle.get(worker)?.();
        running.delete(worker);
      }
      const pending = busy.get(worker);
      if (!pending || pending.id !== message.id) return;
      if (message.type === 'progress') {
        pending.onProgress(message.done, message.total, message.accuracy);
        return;
      }
      busy.delete(worker);
      idle.push(worker);
      if (message.type === 'done') pending.resolve(message.outcome as Outcome);
      else {
        const error = new Error(message.message);
        if (message.stack) error.stack = message.stack;
        pending.reject(error);
      }
      dispatch();
    });
    worker.on('error', (error) => {
      settle.get(worker)?.();
      running.delete(worker);
      if (aborted) return;
      failure = error;
      busy.get(worker)?.reject(error);
      busy.delete(worker);
      for (const pending of waiting.splice(0)) pending.reject(error);
    });
    idle.push(worker);
    return worker;
  });

  return {
    run<T extends Outcome>(job: Job, onProgress: ProgressFn) {
      if (aborted) return Promise.reject(new AbortedError());
      if (failure) return Promise.reject(failure);
      return new Promise<T>((resolve, reject) => {
        waiting.push({
          id: nextId++,
          job,
          onProgress,
          resolve: resolve as (outcome: Outcome) => void,
          reject,
        });
        dispatch();
      });
    },
    abort() {
      if (aborted) return;
      aborted = true;
      failure = new AbortedError();
      // Each worker ends its job at the next progress report; nothing of it is stored.
      for (const worker of workers) worker.postMessage({ type: 'abort' } satisfies ToWorker);
      for (const pending of [...busy.values(), ...waiting.splice(0)]) {
        pending.reject(new AbortedError());
      }
      busy.clear();
    },
    async close() {
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve) => {
              worker.once('exit', () => resolve());
              worker.postMessage({ type: 'exit' } satisfies ToWorker);
              // A worker that does not exit by itself (a native handle kept open) is ended, but
              // only once its job has ended (after Ctrl-C: within one step).
              void (running.get(worker) ?? Promise.resolve()).then(() =>
                setTimeout(() => void worker.terminate(), 5000).unref(),
              );
            }),
        ),
      );
    },
  };
}
