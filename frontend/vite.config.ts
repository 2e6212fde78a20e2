import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

// Wails embeds frontend/dist. Mode "mock" (npm run dev:mock) loads a fake
// window.go for screenshots; it is never part of a production build.
export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.ts'],
    // styles/contrast.test.ts reads the real tokens (`app.css?raw`); other CSS stays stubbed.
    css: { include: [/app\.css/] },
  },
});
