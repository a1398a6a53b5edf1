/**
 * `pnpm demo`: a short tour of the `cyclr` command, run in-process from source. Prints what
 * each command prints for the two schedules the CLR and 1cycle papers are known for.
 */
import { run } from '../src/run.js';

const oneCycle = '{"policy":"oneCycle","maxLr":0.1,"totalSteps":1000}';
const triangular2 =
  '{"policy":"triangular2","baseLr":0.001,"maxLr":0.006,"stepSize":500,"baseMomentum":0.85,"maxMomentum":0.95}';

const tour: readonly (readonly string[])[] = [
  ['plot', oneCycle, '--rows', '10'],
  ['plot', triangular2, '--steps', '4000', '--rows', '8'],
  ['values', oneCycle, '--steps', '4', '--start', '298'],
];

for (const argv of tour) {
  const shown = argv.map((arg) => (arg.startsWith('{') ? `'${arg}'` : arg)).join(' ');
  process.stdout.write(`\n$ cyclr ${shown}\n`);
  const code = await run(argv);
  if (code !== 0) process.exit(code);
}
process.stdout.write(
  '\nMore: cyclr policies (every policy and its defaults), cyclr plot <spec> --out chart.svg, cyclr find (LR range test)\n',
);
