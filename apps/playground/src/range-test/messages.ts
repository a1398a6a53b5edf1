import type { LrBounds, RangeTestSuggestions, StopReason } from '@cyclr/rangefinder';

export type BackendChoice = 'auto' | 'webgl' | 'wasm' | 'cpu';

/** Page -> worker. */
export type ToWorker =
  | {
      readonly type: 'start';
      readonly steps: number;
      readonly examples: number;
      readonly backend: BackendChoice;
    }
  | { readonly type: 'stop' };

/** Worker -> page. */
export type FromWorker =
  | { readonly type: 'backend'; readonly backend: string; readonly tried: readonly string[] }
  | { readonly type: 'status'; readonly message: string }
  | {
      readonly type: 'step';
      readonly step: number;
      readonly steps: number;
      readonly lr: number;
      readonly loss: number;
      readonly smoothedLoss: number;
    }
  | {
      readonly type: 'done';
      readonly reason: StopReason;
      readonly lrs: readonly number[];
      readonly smoothedLosses: readonly number[];
      readonly suggestions: RangeTestSuggestions;
      readonly bounds: LrBounds | undefined;
      readonly boundsError: string | undefined;
      readonly milliseconds: number;
    }
  | { readonly type: 'error'; readonly message: string };
