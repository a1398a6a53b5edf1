import { lossNode, meanOfAll, scalar } from './node.js';
import type { LossDefinition } from './types.js';

/**
 * `binaryCrossEntropyWithLogits`: float32 targets y in [0, 1] shaped like the logits x
 * `[batch, outputs]`, one independent sigmoid per output (multi-label); PyTorch's
 * `BCEWithLogitsLoss()` in its numerically stable form:
 * loss = mean over rows and outputs of max(x, 0) - x * y + log(1 + exp(-|x|)).
 * Built from ops that already have gradient rules: max(x, 0) = Relu(x) and
 * -|x| = x - 2 * Relu(x), so no Abs or Softplus op is needed (at x = 0 the rules give the
 * exact sigmoid(0) - y too). exp(-|x|) <= 1, so nothing overflows.
 */
export const binaryCrossEntropyWithLogits: LossDefinition = {
  name: 'binaryCrossEntropyWithLogits',
  optionKeys: [],
  normalize: () => ({}),
  labels: { kind: 'values', range: [0, 1] },
  build(output, labels, loss) {
    const p = (name: string) => `${loss}/${name}`;
    return {
      nodes: [
        lossNode('Relu', [output], p('positive_part')),
        lossNode('Mul', [p('positive_part'), p('two')], p('twice_positive_part')),
        lossNode('Sub', [output, p('twice_positive_part')], p('minus_abs')),
        lossNode('Exp', [p('minus_abs')], p('exp_minus_abs')),
        lossNode('Add', [p('exp_minus_abs'), p('one')], p('one_plus_exp')),
        lossNode('Log', [p('one_plus_exp')], p('log_term')),
        lossNode('Mul', [output, labels], p('logit_times_target')),
        lossNode('Sub', [p('positive_part'), p('logit_times_target')], p('linear_term')),
        lossNode('Add', [p('linear_term'), p('log_term')], p('elementwise')),
        meanOfAll(p('elementwise'), loss),
      ],
      constants: [scalar(p('two'), 2), scalar(p('one'), 1)],
    };
  },
  accuracy: {
    per: 'value',
    correct(predictions, labels, rows, outputs) {
      let correct = 0;
      for (let i = 0; i < rows * outputs; i++) {
        if ((predictions[i] as number) > 0 === (labels[i] as number) > 0.5) correct++;
      }
      return correct;
    },
  },
};
