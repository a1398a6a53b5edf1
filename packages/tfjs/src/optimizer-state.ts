import { keep } from '@tensorflow/tfjs-core';
import type { OptimizerLike, TensorLike } from './tfjs-types.js';

interface Tensorish extends TensorLike {
  clone(): Tensorish;
  variable(trainable?: boolean): Variableish;
}
interface Variableish extends Tensorish {
  assign(value: TensorLike): void;
}
interface Slot {
  originalName: string;
  variable: Variableish;
}

type FieldState =
  | { kind: 'value'; value: unknown }
  | { kind: 'variable'; value: Tensorish }
  | { kind: 'tensor'; value: Tensorish }
  | { kind: 'slots'; slots: ({ originalName: string; value: Tensorish } | undefined)[] };

/** A copy of every field of a tfjs optimizer: numbers, scalars, variables and slot variables. */
export interface OptimizerState {
  readonly fields: ReadonlyMap<string, FieldState>;
}

/**
 * Copies an optimizer's whole state. tfjs's `getWeights()`/`setWeights()` are not enough:
 * Adamax throws, Adam recomputes `accBeta1` from the current `beta1` (wrong once beta1 was
 * cycled), and none of them covers `learningRate`, `beta1`, `momentum` or the frozen scalars.
 * So every own field is copied: plain values as they are, tensors and variables (and the
 * `{originalName, variable}` slot lists every tfjs optimizer keeps) as clones.
 */
export function captureOptimizerState(optimizer: OptimizerLike): OptimizerState {
  const fields = new Map<string, FieldState>();
  for (const [key, value] of Object.entries(optimizer)) {
    if (isTensor(value)) {
      fields.set(key, {
        kind: isVariable(value) ? 'variable' : 'tensor',
        value: keep(value.clone() as never) as unknown as Tensorish,
      });
    } else if (isSlotList(value)) {
      fields.set(key, {
        kind: 'slots',
        slots: value.map((slot) =>
          slot
            ? {
                originalName: slot.originalName,
                value: keep(slot.variable.clone() as never) as unknown as Tensorish,
              }
            : undefined,
        ),
      });
    } else {
      // Primitives by value; objects cyclr does not know (none in tfjs 4.22's optimizers) by
      // reference.
      fields.set(key, { kind: 'value', value });
    }
  }
  return { fields };
}

/**
 * Puts a captured state back, exactly: variables get the captured values assigned, slot
 * variables created since the capture are disposed, replaced scalars are swapped back.
 * The state stays valid, so it can be restored again.
 */
export function restoreOptimizerState(optimizer: OptimizerLike, state: OptimizerState): void {
  const o = optimizer as unknown as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (state.fields.has(key)) continue;
    // Created since the capture (slots, lazily set counters such as `iterations_`): drop it.
    const current = o[key];
    if (isTensor(current)) current.dispose();
    else if (isSlotList(current)) for (const slot of current) slot?.variable.dispose();
    if (typeof current !== 'function') delete o[key];
  }
  for (const [key, field] of state.fields) {
    const current = o[key];
    switch (field.kind) {
      case 'value':
        o[key] = field.value;
        break;
      case 'variable':
        if (isVariable(current) && sameShape(current, field.value)) current.assign(field.value);
        else o[key] = keep(field.value.variable(false) as never);
        break;
      case 'tensor':
        o[key] = keep(field.value.clone() as never);
        if (isTensor(current) && current !== o[key]) current.dispose();
        break;
      case 'slots': {
        const slots = isSlotList(current) ? current : [];
        const length = Math.max(slots.length, field.slots.length);
        for (let i = 0; i < length; i++) {
          const saved = field.slots[i];
          const live = slots[i];
          if (saved && live && sameShape(live.variable, saved.value)) {
            live.variable.assign(saved.value);
            live.originalName = saved.originalName;
          } else {
            live?.variable.dispose();
            slots[i] = saved
              ? { originalName: saved.originalName, variable: saved.value.variable(false) }
              : (undefined as unknown as Slot);
          }
        }
        slots.length = field.slots.length;
        o[key] = slots;
        break;
      }
    }
  }
}

/** Frees the tensors a captured state holds. */
export function disposeOptimizerState(state: OptimizerState): void {
  for (const field of state.fields.values()) {
    if (field.kind === 'variable' || field.kind === 'tensor') field.value.dispose();
    else if (field.kind === 'slots') for (const slot of field.slots) slot?.value.dispose();
  }
}

function isTensor(value: unknown): value is Tensorish {
  return (
    typeof value === 'object' &&
    value !== null &&
    'dataId' in value &&
    typeof (value as Partial<Tensorish>).clone === 'function' &&
    typeof (value as Partial<Tensorish>).dispose === 'function'
  );
}

function isVariable(value: unknown): value is Variableish {
  return isTensor(value) && typeof (value as Variableish).assign === 'function';
}

function isSlotList(value: unknown): value is Slot[] {
  return (
    Array.isArray(value) &&
    value.every(
      (slot) =>
        slot === undefined ||
        slot === null ||
        (typeof slot === 'object' && 'originalName' in slot && isVariable(slot.variable)),
    )
  );
}

function sameShape(a: TensorLike, b: TensorLike): boolean {
  return a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
}
