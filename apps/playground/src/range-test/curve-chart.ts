import type { LrBounds, RangeTestSuggestions } from '@cyclr/rangefinder';
import uPlot from 'uplot';

const suggestionColours: Readonly<Record<string, string>> = {
  edge: '#d55e00',
  robust: '#009e73',
  steepest: '#cc79a7',
  valley: '#e69f00',
  minimumDivTen: '#56b4e9',
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
        axes: [{ label: 'learning rate (log)' }, { label: 'loss', size: 60 }],
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
      const y = u.valToPos(suggestion.loss, 'y', true);
      if (x < left || x > left + width) continue;
      context.fillStyle = suggestionColours[name] ?? '#333';
      context.beginPath();
      context.arc(x, y, 6 * devicePixelRatio, 0, 2 * Math.PI);
      context.fill();
      context.font = `${12 * devicePixelRatio}px system-ui, sans-serif`;
      context.fillText(name, x + 8 * devicePixelRatio, y - 8 * devicePixelRatio);
    }
    context.restore();
  }

  private size(): { width: number; height: number } {
    const width = Math.max(280, this.container.clientWidth);
    return { width, height: Math.round(Math.min(360, Math.max(220, width * 0.45))) };
  }
}
