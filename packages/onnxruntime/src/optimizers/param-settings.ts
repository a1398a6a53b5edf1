import type { Param } from '../graph/types.js';
import { selectParams } from './param-selector.js';
import {
  DEFAULT_UPDATE_SETTINGS,
  type OptimizerControls,
  type ParamUpdateSettings,
} from './types.js';

/**
 * Each trainable parameter's lr multiplier and weight decay under the optimizer's
 * `paramGroups` and `weightDecayFilter`. Throws when a group's entry matches no trainable
 * parameter, or a parameter is in two groups (PyTorch: "some parameters appear in more than
 * one parameter group").
 */
export function paramUpdateSettings(
  fn: string,
  controls: OptimizerControls | undefined,
  params: readonly Param[],
): Map<string, ParamUpdateSettings> {
  const names = params.map((p) => p.name);
  const groupOf = new Map<string, number>();
  const settings = new Map<string, ParamUpdateSettings>();
  (controls?.paramGroups ?? []).forEach((group, i) => {
    const what = `optimizer.paramGroups[${i}].params`;
    for (const name of selectParams(fn, what, group.params, names)) {
      const other = groupOf.get(name);
      if (other !== undefined) {
        throw new RangeError(
          `${fn}: expected each parameter in at most one of optimizer.paramGroups, got '${name}' in groups ${other} and ${i}`,
        );
      }
      groupOf.set(name, i);
      settings.set(name, {
        lrMultiplier: group.lrMultiplier ?? 1,
        weightDecay: group.weightDecay,
      });
    }
  });
  const exclude1d = controls?.weightDecayFilter === 'exclude1d';
  for (const p of params) {
    const own = settings.get(p.name) ?? DEFAULT_UPDATE_SETTINGS;
    if (exclude1d && own.weightDecay === undefined && p.dims.length <= 1) {
      settings.set(p.name, { ...own, weightDecay: 0 });
    } else settings.set(p.name, own);
  }
  return settings;
}
