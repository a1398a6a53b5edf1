import type { LrBounds, RangeTestSuggestions } from '@cyclr/rangefinder';
import uPlot from 'uplot';

function formatLrTick(lr: number): string {
  const exponent = Math.round(Math.log10(lr));
  // Label decades only: the minor log ticks stay as grid lines.
  if (Math.abs(lr - 10 ** exponent) > 1e-9 * lr) return '';
  return exponent >= -2 && exponent <= 1 ? String(10 ** exponent) : `1e${exponent}`;
}

const suggestionColours: Readonly<Record<string, string>> = {
  edge: '#d55e00',
  robust: '#009e73',
  steepest: '#cc79a7',
  valley: '#e69f00',
  minimumDivTen: '#56b4e9',
  slide: '#555555',
};

/** Smoothed loss against lr (log axis), suggestions as dots, the chosen bounds as bands. */
export class RangeCurveChart {
  private plot: uPlot | undefined;
  private suggestions: RangeTestSuggestions | undefined;
  private bounds: LrBounds | undefined;

  constructor(private readonly container: HTMLElement) {
    new ResizeObserver(() => this.plot?.setSize(this.size())).observe(container);
  }

  reset(): void {
    this.plot?.destroy();
    this.plot = undefined;
  }

  draw(
    lrs: readonly number[],
    losses: readonly number[],
    suggestions: RangeTestSuggestions | undefined,
    bounds: LrBounds | undefined,
  ): void {
    this.suggestions = suggestions;
    this.bounds = bounds;
    const data: uPlot.AlignedData = [[...lrs], [...losses]];
    if (this.plot) {
      this.plot.setData(data);
      return;
    }
    if (lrs.length < 2) return;
    this.plot = new uPlot(
      {
        ...this.size(),
        series: [
          { label: 'lr', value: (_u, v) => (v == null ? '–' : v.toExponential(2)) },
          {
            label: 'smoothed loss',
            stroke: '#0072b2',
            width: 2,
            value: (_u, v) => (v == null ? '–' : v.toFixed(4)),
          },
        ],
        scales: { x: { time: false, distr: 3 } },
        axes: [
          {
            label: 'learning rate (log)',
            values: (_u, ticks) => ticks.map((lr) => (lr == null ? '' : formatLrTick(lr))),
          },
          { label: 'smoothed loss', size: 60 },
        ],
        hooks: { draw: [(u) => this.mark(u)] },
      },
      data,
      this.container,
    );
  }

  private mark(u: uPlot): void {
    const context = u.ctx;
    const { left, top, width, height } = u.bbox;
    context.save();
    if (this.bounds) {
      const from = u.valToPos(this.bounds.baseLr, 'x', true);
      const to = u.valToPos(this.bounds.maxLr, 'x', true);
      context.fillStyle = 'rgba(0, 158, 115, 0.14)';
      context.fillRect(from, top, to - from, height);
    }
    for (const [name, suggestion] of Object.entries(this.suggestions ?? {})) {
      if (!suggestion || !('lr' in suggestion)) continue;
      const x = u.valToPos(suggestion.lr, 'x', true);
      // Mark the point on the drawn (smoothed) curve nearest the suggested rate.
      const y = u.valToPos(this.lossNear(u, suggestion.lr), 'y', true);
      if (x < left || x > left + width) continue;
      context.fillStyle = suggestionColours[name] ?? '#333';
      context.beginPath();
      context.arc(x, y, 6 * devicePixelRatio, 0, 2 * Math.PI);
      context.fill();
      context.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
      context.fillText(name, x + 8 * devicePixelRatio, y - 8 * devicePixelRatio);
    }
    context.restore();
  }

  private lossNear(u: uPlot, lr: number): number {
    const lrs = u.data[0];
    const losses = u.data[1] as (number | null)[];
    let nearest = 0;
    for (let i = 1; i < lrs.length; i++) {
      const distance = Math.abs(Math.log(lrs[i] as number) - Math.log(lr));
      if (distance < Math.abs(Math.log(lrs[nearest] as number) - Math.log(lr))) nearest = i;
    }
    return losses[nearest] ?? 0;
  }

  private size(): { width: number; height: number } {
    const width = Math.max(280, this.container.clientWidth);
    return { width, height: Math.round(Math.min(360, Math.max(220, width * 0.45))) };
  }
}
