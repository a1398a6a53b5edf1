import type { TopLevelSpec } from 'vega-lite';

/**
 * Renders a vega-lite spec to an SVG document, headless: vega's scenegraph renderer needs
 * neither a DOM nor a canvas. vega and vega-lite are loaded on first use, so commands that
 * draw nothing do not pay for them.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const { spec: compiled } = vegaLite.compile(spec, { logger: silentLogger(vega) });
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Rasterizes an SVG document to PNG with resvg (a Rust renderer with prebuilt binaries for
 * the common platforms, no browser). `scale` multiplies the SVG's pixel size. Default 2.
 */
export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  let Resvg: typeof import('@resvg/resvg-js').Resvg;
  try {
    ({ Resvg } = await import('@resvg/resvg-js'));
  } catch (error) {
    throw new Error(
      `PNG output needs @resvg/resvg-js with a prebuilt binary for ${process.platform}-${process.arch} (${(error as Error).message.split('\n')[0]}); write .svg instead`,
    );
  }
  const rendered = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  }).render();
  return rendered.asPng();
}

/** vega-lite's logger, quiet: the CLI's stderr is for the one-line errors users act on. */
function silentLogger(vega: typeof import('vega')) {
  return vega.logger(vega.None);
}
