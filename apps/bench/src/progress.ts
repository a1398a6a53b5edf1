import cliProgress from 'cli-progress';

/** One job's progress display. */
export interface JobProgress {
  update(done: number, accuracy?: number): void;
  /** Ends the job's display with a one-line outcome. */
  finish(summary: string): void;
}

/** How the bench talks to the person running it. */
export interface BenchUi {
  /** A line of text (phase headers, decisions). */
  log(line: string): void;
  /** Starts a job's display: a live bar on a terminal, start/end lines otherwise. */
  job(label: string, total: number): JobProgress;
  close(): void;
}

/** A bar per running job (cli-progress), finished jobs scrolled above the bars. */
export function terminalUi(stream: NodeJS.WriteStream = process.stderr): BenchUi {
  const bars = new cliProgress.MultiBar(
    {
      stream,
      format: ' {label} |{bar}| {value}/{total} it {accuracy}',
      barsize: 28,
      hideCursor: true,
      clearOnComplete: false,
      autopadding: true,
      fps: 8,
    },
    cliProgress.Presets.shades_classic,
  );
  const width = 28;
  return {
    log: (line) => bars.log(`${line}\n`),
    job(label, total) {
      const bar = bars.create(total, 0, { label: label.padEnd(width), accuracy: '' });
      return {
        update(done, accuracy) {
          bar.update(
            done,
            accuracy === undefined ? {} : { accuracy: `acc ${(accuracy * 100).toFixed(1)}%` },
          );
        },
        finish(summary) {
          bars.remove(bar);
          bars.log(`  ${label.padEnd(width)} ${summary}\n`);
        },
      };
    },
    close: () => bars.stop(),
  };
}

/** Plain lines for logs and CI: one when a job starts, one when it ends. */
export function plainUi(
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): BenchUi {
  return {
    log: write,
    job(label) {
      return {
        update() {},
        finish(summary) {
          write(`  ${label}: ${summary}`);
        },
      };
    },
    close() {},
  };
}
