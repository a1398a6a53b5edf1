#!/usr/bin/env bash
# Regenerates the schedule plots in docs/img/ used by the README, with the cyclr CLI itself.
set -euo pipefail
cd "$(dirname "$0")/../packages/cli"
plot() { pnpm exec tsx --conditions=@cyclr/source src/bin.ts plot "$@"; }
out=../../docs/img
plot '{"policy":"triangular","baseLr":0.001,"maxLr":0.006,"stepSize":500,"baseMomentum":0.85,"maxMomentum":0.95}' --steps 3000 --out "$out/triangular.svg"
plot '{"policy":"triangular2","baseLr":0.001,"maxLr":0.006,"stepSize":500}' --steps 3000 --out "$out/triangular2.svg"
plot '{"policy":"expRange","baseLr":0.001,"maxLr":0.006,"stepSize":500,"gamma":0.9995}' --steps 3000 --out "$out/expRange.svg"
plot '{"policy":"oneCycle","maxLr":0.1,"totalSteps":3000}' --out "$out/oneCycle.svg"
plot '{"policy":"warmup","warmupSteps":300,"schedule":{"policy":"cosineRestarts","lr":0.1,"firstCycleSteps":450,"cycleMult":2}}' --steps 3000 --out "$out/warmup-sgdr.svg"
plot '{"policy":"inverseSqrt","lr":0.001,"warmupSteps":200}' --steps 3000 --out "$out/inverseSqrt.svg"
plot '{"policy":"warmupStableDecay","lr":0.1,"warmupSteps":300,"stableSteps":1800,"decaySteps":900}' --out "$out/warmupStableDecay.svg"
plot '{"policy":"cosineRestarts","lr":0.1,"firstCycleSteps":400,"cycleMult":2,"minLr":0.005,"cycleDecay":0.6}' --steps 3000 --out "$out/cosineRestarts-decay.svg"
plot '{"policy":"noise","noisePct":0.3,"startStep":300,"schedule":{"policy":"cosine","lr":0.1,"totalSteps":3000}}' --out "$out/noise.svg"
