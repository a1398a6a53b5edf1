import { readFileSync } from 'node:fs';

/** Where a README example runs: the project of one kind of user. */
export type Scenario = 'tfjs' | 'onnxruntime' | 'cli';

/** One runnable code block of a README. */
export interface ReadmeExample {
  readonly file: string;
  /** 1-based line of the opening fence, for messages. */
  readonly line: number;
  /**
   * `ts`: a module, run with tsx. `sh`: one command a line. `console`: `$ command` lines, each
   * followed by the output it must print (stdout and stderr, as a terminal shows them).
   */
  readonly language: 'ts' | 'sh' | 'console';
  readonly scenario: Scenario;
  readonly code: string;
}

const scenarios: readonly Scenario[] = ['tfjs', 'onnxruntime', 'cli'];

/**
 * The blocks of a README marked runnable by their info string: ```` ```ts install-test ````
 * (or ```` ```sh install-test=cli ```` to name the scenario; without one, `defaultScenario`).
 * GitHub and npm read only the first word as the language, so the mark is invisible there.
 * Unmarked blocks are prose (fragments, output samples) and are not run.
 */
export function readmeExamples(
  file: string,
  defaultScenario: Scenario | undefined,
): ReadmeExample[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const examples: ReadmeExample[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = /^```(\w+)\s+(.*)$/.exec(lines[index] as string);
    if (!open) continue;
    const mark = /(?:^|\s)install-test(?:=(\w+))?(?:\s|$)/.exec(open[2] as string);
    const start = index;
    let end = index + 1;
    while (end < lines.length && !(lines[end] as string).startsWith('```')) end++;
    index = end;
    if (!mark) continue;
    const language =
      open[1] === 'sh' || open[1] === 'bash'
        ? 'sh'
        : open[1] === 'ts' || open[1] === 'console'
          ? open[1]
          : undefined;
    const scenario = (mark[1] ?? defaultScenario) as Scenario | undefined;
    if (language === undefined || scenario === undefined || !scenarios.includes(scenario)) {
      throw new Error(
        `${file}:${start + 1}: expected an install-test block to be ts, sh or console with a scenario (${scenarios.join(', ')}), got \`\`\`${open[1]} ${open[2]}`,
      );
    }
    examples.push({
      file,
      line: start + 1,
      language,
      scenario,
      code: lines.slice(start + 1, end).join('\n'),
    });
  }
  return examples;
}

/** A `console` block's `$ command` lines, each with the output lines that follow it. */
export function consoleTranscript(code: string): { command: string; output: string }[] {
  const steps: { command: string; output: string[] }[] = [];
  for (const line of code.split('\n')) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), output: [] });
    else steps.at(-1)?.output.push(line);
  }
  return steps.map((step) => ({ command: step.command, output: step.output.join('\n').trimEnd() }));
}
