import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/**
 * The bundle goes into the Maven module's classes as `static/`, so the api jar serves it at `/`.
 * `npm run dev` proxies the API to a running app (CHATFLOW_API, default http://localhost:8080).
 */
const api = process.env.CHATFLOW_API ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'target/classes/static',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: { '/chat-flow': api },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
