import type { PolicySpec } from '@cyclr/core';
import { PytorchExportError, toPytorch } from './exports/pytorch.js';
import { toJson, toTfjs, toTypeScript } from './exports/typescript.js';

type Format = 'json' | 'typescript' | 'tfjs' | 'pytorch';

const notes: Readonly<Record<Format, string>> = {
  json: 'Load it with fromSpec(spec) from @cyclr/core, or pass it to the cyclr CLI.',
  typescript: 'npm i @cyclr/core',
  tfjs: 'npm i @cyclr/core @cyclr/tfjs; the callback sets the optimizer rate before every batch.',
  pytorch:
    'torch.optim.lr_scheduler, stepped once per batch; checked against torch 1.13 by the playground tests.',
};

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** The share link and the code of the selected spec in each export format. */
export class ExportPanel {
  private format: Format = 'json';
  private spec: PolicySpec | undefined;
  private readonly code = element<HTMLElement>('export-code');
  private readonly note = element<HTMLElement>('export-note');
  private readonly link = element<HTMLInputElement>('share-link');

  constructor() {
    const tabs = [...element('export-tabs').querySelectorAll<HTMLButtonElement>('[role=tab]')];
    for (const tab of tabs) {
      tab.addEventListener('click', () => {
        this.format = tab.dataset.format as Format;
        for (const other of tabs) other.setAttribute('aria-selected', String(other === tab));
        this.render();
      });
    }
    element('copy-code').addEventListener('click', (event) =>
      copy(this.code.textContent ?? '', event.currentTarget as HTMLButtonElement),
    );
    element('copy-link').addEventListener('click', (event) =>
      copy(this.link.value, event.currentTarget as HTMLButtonElement),
    );
  }

  show(spec: PolicySpec): void {
    this.spec = spec;
    this.render();
  }

  showInvalid(message: string): void {
    this.code.textContent = `// Not exported: ${message}`;
    this.note.textContent = '';
  }

  private render(): void {
    this.link.value = location.href;
    const spec = this.spec;
    if (spec === undefined) return;
    this.note.textContent = notes[this.format];
    this.code.dataset.format = this.format;
    switch (this.format) {
      case 'json':
        this.code.textContent = toJson(spec);
        break;
      case 'typescript':
        this.code.textContent = toTypeScript(spec);
        break;
      case 'tfjs':
        this.code.textContent = toTfjs(spec);
        break;
      case 'pytorch':
        try {
          this.code.textContent = toPytorch(spec).code;
        } catch (error) {
          if (!(error instanceof PytorchExportError)) throw error;
          this.code.textContent = `# No PyTorch equivalent: ${error.message}`;
        }
        break;
    }
  }
}

async function copy(text: string, button: HTMLButtonElement): Promise<void> {
  const label = button.textContent;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    button.textContent = 'Select and copy by hand';
  }
  setTimeout(() => {
    button.textContent = label;
  }, 1500);
}
