import { median } from './curve.js';

/** A LOWESS fit: the smoothed value at every input point. */
export interface LowessFit {
  readonly fitted: number[];
}

/**
 * Robust locally weighted linear regression (Cleveland 1979). At each x_i a line is fitted to
 * the `ceil(span * n)` nearest points with tricube weights (1 - (d / dmax)^3)^3; `iterations`
 * further passes down-weight outliers with bisquare weights (1 - (r / 6 median|r|)^2)^2.
 * Unlike an EMA it is symmetric, so it does not lag the curve to the right, and one bad
 * batch barely moves it. `x` must be sorted ascending.
 */
export function lowess(
  x: readonly number[],
  y: readonly number[],
  span: number,
  iterations: number,
): LowessFit {
  const n = x.length;
  const window = Math.min(n, Math.max(3, Math.ceil(span * n)));
  const robustness = new Array<number>(n).fill(1);
  let fitted: number[] = [];
  for (let pass = 0; pass <= iterations; pass++) {
    fitted = [];
    let left = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i] as number;
      // Slide the window [left, left + window) to the `window` nearest neighbours of x_i.
      while (left + window < n && (x[left + window] as number) - xi < xi - (x[left] as number)) {
        left++;
      }
      const right = left + window - 1;
      const reach = Math.max(xi - (x[left] as number), (x[right] as number) - xi) * 1.000001;
      let sw = 0;
      let sx = 0;
      let sy = 0;
      for (let j = left; j <= right; j++) {
        const d = reach > 0 ? Math.abs((x[j] as number) - xi) / reach : 0;
        const w = (1 - d * d * d) ** 3 * (robustness[j] as number);
        sw += w;
        sx += w * (x[j] as number);
        sy += w * (y[j] as number);
      }
      if (sw <= 0) {
        fitted.push(y[i] as number);
        continue;
      }
      const mx = sx / sw;
      const my = sy / sw;
      let sxx = 0;
      let sxy = 0;
      for (let j = left; j <= right; j++) {
        const d = reach > 0 ? Math.abs((x[j] as number) - xi) / reach : 0;
        const w = (1 - d * d * d) ** 3 * (robustness[j] as number);
        const dx = (x[j] as number) - mx;
        sxx += w * dx * dx;
        sxy += w * dx * ((y[j] as number) - my);
      }
      // A degenerate window (all weight on one x) has no slope: fall back to the weighted mean.
      const slope = sxx > 1e-12 * sw ? sxy / sxx : 0;
      fitted.push(my + slope * (xi - mx));
    }
    if (pass === iterations) break;
    const residuals = fitted.map((f, i) => Math.abs((y[i] as number) - f));
    const scale = 6 * median(residuals);
    if (!(scale > 0)) break;
    for (let i = 0; i < n; i++) {
      const u = (residuals[i] as number) / scale;
      robustness[i] = u < 1 ? (1 - u * u) ** 2 : 0;
    }
  }
  return { fitted };
}
