import { lossNode, meanOfAll, scalar } from './node.js';
import type { LossDefinition } from './types.js';

/**
 * `softmaxCrossEntropy`: integer class labels `[batch]`; loss = -mean_n log p[n, label_n],
 * p = softmax(logits). With `labelSmoothing` e (PyTorch's `CrossEntropyLoss(label_smoothing=e)`):
 * loss = (1 - e) * nll + e * mean_n mean_k(-log p[n, k]).
 * Without smoothing it is the one SoftmaxCrossEntropyLoss node trainers have always had; the
 * smoothing term is LogSoftmax and ReduceMean, whose gradient rules already exist.
 */
export const softmaxCrossEntropy: LossDefinition = {
  name: 'softmaxCrossEntropy',
  optionKeys: ['labelSmoothing'],
  normalize(fn, options) {
    const smoothing = options.labelSmoothing ?? 0;
    if (typeof smoothing !== 'number' || !(smoothing >= 0 && smoothing <= 1)) {
      throw new RangeError(
        `${fn}: expected loss.labelSmoothing to be a number in [0, 1], got ${String(smoothing)}`,
      );
    }
    const normalized: Record<string, number> = {};
    if (smoothing !== 0) normalized.labelSmoothing = smoothing;
    return normalized;
  },
  labels: { kind: 'classes' },
  build(output, labels, loss, options) {
    const smoothing = options.labelSmoothing ?? 0;
    const attributes = { reduction: { s: 'mean' } };
    if (smoothing === 0) {
      return {
        nodes: [
          {
            opType: 'SoftmaxCrossEntropyLoss',
            name: loss,
            inputs: [output, labels],
            outputs: [loss],
            attributes,
          },
        ],
        constants: [],
      };
    }
    const nll = `${loss}/nll`;
    const logProb = `${loss}/log_prob`;
    const meanLogProb = `${loss}/mean_log_prob`;
    const nllWeight = `${loss}/nll_weight`;
    const smoothingWeight = `${loss}/smoothing_weight`;
    return {
      nodes: [
        {
          opType: 'SoftmaxCrossEntropyLoss',
          name: nll,
          inputs: [output, labels],
          outputs: [nll],
          attributes,
        },
        lossNode('LogSoftmax', [output], logProb, { axis: { i: 1 } }),
        meanOfAll(logProb, meanLogProb),
        lossNode('Mul', [nll, nllWeight], `${loss}/weighted_nll`),
        lossNode('Mul', [meanLogProb, smoothingWeight], `${loss}/weighted_smoothing`),
        {
          opType: 'Add',
          name: loss,
          inputs: [`${loss}/weighted_nll`, `${loss}/weighted_smoothing`],
          outputs: [loss],
        },
      ],
      // -e: the smoothing term is minus the mean log-probability.
      constants: [scalar(nllWeight, 1 - smoothing), scalar(smoothingWeight, -smoothing)],
    };
  },
  accuracy: {
    per: 'row',
    correct(predictions, labels, rows, outputs) {
      let correct = 0;
      for (let r = 0; r < rows; r++) {
        // The first largest logit, as argmax picks it.
        let best = 0;
        let bestValue = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < outputs; c++) {
          const v = predictions[r * outputs + c] as number;
          if (v > bestValue) {
            bestValue = v;
            best = c;
          }
        }
        if (best === Number(labels[r])) correct++;
      }
      return correct;
    },
  },
};
