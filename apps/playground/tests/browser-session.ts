import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, type ConsoleMessage, chromium, type Page } from 'playwright-core';
import { type PreviewServer, preview } from 'vite';

const appRoot = fileURLToPath(new URL('..', import.meta.url));
/** Debian's Chromium (Playwright's browser download cannot work offline); override with CHROMIUM. */
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The built page served by `vite preview`, and one headless Chromium driving it. */
export interface BrowserSession {
  readonly url: string;
  readonly browser: Browser;
  /** Console errors and page errors seen on every page opened with {@link openPage}. */
  readonly errors: string[];
  openPage(hash?: string, viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function startBrowserSession(): Promise<BrowserSession> {
  if (!existsSync(`${appRoot}dist/index.html`)) {
    throw new Error('playground tests: dist/index.html is missing; run `pnpm build` first');
  }
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `playground tests: no Chromium at ${chromiumPath}; install Debian's chromium (apt-get install -y chromium) or set CHROMIUM`,
    );
  }
  const server: PreviewServer = await preview({
    root: appRoot,
    logLevel: 'silent',
    preview: { port: 4319, strictPort: false, host: '127.0.0.1' },
  });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('playground tests: vite preview reported no URL');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  const errors: string[] = [];
  return {
    url,
    browser,
    errors,
    async openPage(hash = '', viewport = { width: 1280, height: 900 }) {
      const page = await browser.newPage({ viewport });
      page.on('console', (message: ConsoleMessage) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
      await page.goto(`${url}${hash}`);
      await page.waitForFunction(() => window.cyclrPlayground !== undefined);
      return page;
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve, reject) =>
        server.httpServer.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
