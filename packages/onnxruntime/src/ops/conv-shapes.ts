import type { GraphNode } from '../graph/types.js';
import { intsAttr, stringAttr } from '../graph/types.js';
import { GraphError, nodeLabel } from './types.js';

/** Spatial geometry of a 2-D conv/pool node: kernel, strides, pads [top, left, bottom, right]. */
export interface Window2d {
  readonly kernel: readonly [number, number];
  /** Kernel extent with dilation: dilation * (kernel - 1) + 1. */
  readonly extent: readonly [number, number];
  readonly dilations: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly pads: readonly [number, number, number, number];
}

/**
 * Reads kernel/strides/pads (and dilations when `allowDilations`, as Conv does) of a 2-D node;
 * only explicit pads (auto_pad NOTSET/VALID).
 */
export function window2d(
  node: GraphNode,
  kernel: readonly number[],
  allowDilations = false,
): Window2d {
  const autoPad = stringAttr(node, 'auto_pad', 'NOTSET');
  if (autoPad !== 'NOTSET' && autoPad !== 'VALID') {
    throw new GraphError(
      `${nodeLabel(node)}: auto_pad ${autoPad} is not supported; use explicit pads`,
    );
  }
  const dilations = intsAttr(node, 'dilations', [1, 1]) ?? [1, 1];
  if (!allowDilations && dilations.some((d) => d !== 1)) {
    throw new GraphError(
      `${nodeLabel(node)}: dilations other than 1 are not supported, got [${dilations}]`,
    );
  }
  if (kernel.length !== 2)
    throw new GraphError(`${nodeLabel(node)}: only 2-D kernels are supported, got [${kernel}]`);
  const strides = intsAttr(node, 'strides', [1, 1]) ?? [1, 1];
  const pads =
    autoPad === 'VALID' ? [0, 0, 0, 0] : (intsAttr(node, 'pads', [0, 0, 0, 0]) ?? [0, 0, 0, 0]);
  if (dilations.length !== 2 || dilations.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new GraphError(`${nodeLabel(node)}: expected 2 positive dilations, got [${dilations}]`);
  }
  const k: [number, number] = [kernel[0] ?? 1, kernel[1] ?? 1];
  const d: [number, number] = [dilations[0] ?? 1, dilations[1] ?? 1];
  return {
    kernel: k,
    extent: [d[0] * (k[0] - 1) + 1, d[1] * (k[1] - 1) + 1],
    dilations: d,
    strides: [strides[0] ?? 1, strides[1] ?? 1],
    pads: [pads[0] ?? 0, pads[1] ?? 0, pads[2] ?? 0, pads[3] ?? 0],
  };
}

/** Output size along one axis: floor((in + padBegin + padEnd - kernel) / stride) + 1. */
export function outputSize(
  size: number,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
): number {
  return Math.floor((size + padBegin + padEnd - kernel) / stride) + 1;
}

/**
 * ConvTranspose output_padding that makes the transposed conv of an `out`-sized gradient
 * come back to `size`: size - (stride * (out - 1) + kernel - padBegin - padEnd).
 */
export function outputPadding(
  size: number,
  out: number,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
): number {
  return size - (stride * (out - 1) + kernel - padBegin - padEnd);
}

/** Spatial dims of a 4-D NCHW shape, which must be fixed. */
export function spatial(node: GraphNode, shape: readonly (number | string)[]): [number, number] {
  const h = shape[2];
  const w = shape[3];
  if (shape.length !== 4 || typeof h !== 'number' || typeof w !== 'number') {
    throw new GraphError(
      `${nodeLabel(node)}: expected an NCHW input with fixed height and width, got [${shape}]`,
    );
  }
  return [h, w];
}
