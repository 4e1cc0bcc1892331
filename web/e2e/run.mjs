/**
 * The builder's browser tests: Playwright (playwright-core) driving a real Chromium against a
 * running Chat Flows (CHATFLOW_BASE_URL, CHATFLOW_TOKEN). Screenshots of each main screen go to
 * CHATFLOW_SCREENS; measurements (500-node flow, bundle size) to CHATFLOW_SCREENS/measurements.json.
 * Exit code 0 only when every scenario passed and the pages logged no errors.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { apiClient } from './api.mjs';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';
import { scenarios } from './scenarios.mjs';
import { triggerScenarios } from './triggers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const base = process.env.CHATFLOW_BASE_URL ?? 'http://localhost:8080';
const token = process.env.CHATFLOW_TOKEN;
const screens = resolve(process.env.CHATFLOW_SCREENS ?? join(here, 'screens'));
const only = process.env.CHATFLOW_E2E_ONLY;

if (!token) {
  console.error('Set CHATFLOW_TOKEN to the workspace token of the app under test.');
  process.exit(2);
}
const executablePath = findChromium();
if (!executablePath) {
  console.error(
    "No Chromium found for the browser tests. Install Debian's: apt-get update && apt-get install -y chromium " +
      '(or set CHROMIUM_PATH to a Chromium or Chrome binary).',
  );
  process.exit(2);
}
mkdirSync(screens, { recursive: true });
for (const old of readdirSync(screens).filter((f) => f.startsWith('failed-')))
  rmSync(join(screens, old));

/** Chromium logs every 4xx answer as "Failed to load resource"; the UI shows those answers itself. */
const EXPECTED = /Failed to load resource: the server responded with a status of 4\d\d/;

const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
const api = apiClient(base, token);
const measurements = { bundle: bundleSize() };
let passed = 0;
let failed = 0;
const started = Date.now();
for (const [name, scenario] of Object.entries({ ...scenarios, ...triggerScenarios })) {
  if (only && !only.split(',').includes(name)) continue;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !EXPECTED.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  if (process.env.CHATFLOW_E2E_DEBUG) {
    page.on('request', (r) => {
      if (r.method() === 'PUT') {
        const edges = JSON.parse(r.postData()).flow_data.edges;
        console.log(
          'PUT',
          r.headers()['if-match'],
          JSON.stringify(edges.map((e) => [e.id, e.data?.trigger_value, e.sourceHandle])),
        );
      }
    });
  }
  const t0 = Date.now();
  try {
    await scenario({ page, api, base, token, screens, measurements });
    if (errors.length) throw new Error(`the page logged errors:\n  ${errors.join('\n  ')}`);
    passed++;
    console.log(`PASS ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.stack ?? e}`);
    await page.screenshot({ path: join(screens, `failed-${name}.png`) }).catch(() => {});
  } finally {
    await context.close();
  }
}
await browser.close();
writeFileSync(join(screens, 'measurements.json'), JSON.stringify(measurements, null, 2) + '\n');
console.log(JSON.stringify(measurements));
console.log(`Browser tests in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);

/** The bundle the api serves: raw and gzip bytes of every built asset. */
function bundleSize() {
  const dir = join(here, '..', 'target', 'classes', 'static', 'assets');
  let raw = 0;
  let gzip = 0;
  const files = {};
  try {
    for (const file of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, file));
      raw += statSync(join(dir, file)).size;
      gzip += gzipSync(bytes).length;
      files[file.replace(/-[\w-]{8}\./, '.')] = { raw: bytes.length, gzip: gzipSync(bytes).length };
    }
  } catch {
    return { missing: dir };
  }
  return { raw, gzip, files };
}
