import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs, so the built page works from any sub-path (GitHub Pages project sites).
  base: './',
  resolve: {
    // Workspace packages are bundled from their TypeScript sources (no build step needed to serve).
    conditions: ['@cyclr/source', ...defaultClientConditions],
  },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2500 },
  server: { port: 5173 },
});
