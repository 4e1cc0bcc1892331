import assert from 'node:assert/strict';
import { join } from 'node:path';

const TEMPLATE = {
  name: 'migrate_welcome',
  language: 'en_US',
  components: [
    { type: 'BODY', text: 'Hi! Billing or support?' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'QUICK_REPLY', text: 'Billing' },
        { type: 'QUICK_REPLY', text: 'Support' },
      ],
    },
  ],
};

/** node-1 asks Billing or Support; version 2 sends Support to node-4 instead of node-3. */
function flowBody(templateId, supportNode) {
  const assign = (id, y, team) => ({
    id,
    type: 'action',
    position: { x: 420, y },
    data: { action: 'assign', team, handoff: true },
  });
  return {
    name: 'Migrating',
    is_active: true,
    start_template: templateId,
    flow_data: {
      nodes: [
        {
          id: 'node-1',
          type: 'template',
          position: { x: 60, y: 120 },
          data: { template_id: templateId },
        },
        assign('node-2', 40, 'billing'),
        assign(supportNode, 240, 'support'),
      ],
      edges: [
        {
          id: 'edge-1',
          source: 'node-1',
          target: 'node-2',
          label: 'Button: Billing',
          data: { trigger: 'button_click', trigger_value: 'Billing' },
        },
        {
          id: 'edge-2',
          source: 'node-1',
          target: supportNode,
          label: 'Button: Support',
          data: { trigger: 'button_click', trigger_value: 'Support' },
        },
      ],
    },
  };
}

async function until(what, check, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Migrate and rescue: three conversations wait on version 1; the History panel's Migrate dialog
 * shows the dry run (three waiting at node-1, going to node-1) and runs the migration to the
 * published version 2; the Conversations page then cancels every matching one in bulk.
 */
export async function migrateConversations({ page, api, base, token, screens }) {
  const template = await api.post('/chat-flow/templates/', TEMPLATE);
  const flow = await api.post('/chat-flow/flows/', flowBody(template.id, 'node-3'));
  const ids = [];
  for (let i = 0; i < 3; i++) {
    const contact = `4915${Date.now() % 100_000_000}${i}`;
    const started = await api.post(`/chat-flow/flows/${flow.id}/start/`, { contact });
    ids.push(started.id);
  }
  for (const id of ids) {
    await until(`${id} waiting`, async () => {
      const c = await api.get(`/chat-flow/conversations/${id}/`);
      return c.status === 'waiting';
    });
  }
  await api.put(`/chat-flow/flows/${flow.id}/`, flowBody(template.id, 'node-4'));
  const published = await api.post(`/chat-flow/flows/${flow.id}/publish/`);
  assert.equal(published.published_version, 2);

  await page.goto(base + '/');
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Flows', exact: true }).waitFor();
  await page.goto(`${base}/flows/${flow.id}`);
  await page.getByRole('button', { name: 'History', exact: true }).click();
  await page.getByRole('button', { name: 'Migrate conversations…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Migrate conversations' });
  assert.equal(await dialog.getByLabel('From version').inputValue(), '1');
  assert.equal(await dialog.getByLabel('To version').inputValue(), '2');
  assert.equal(await dialog.getByLabel('Target of node-1').inputValue(), 'node-1');
  assert.equal(await dialog.getByLabel('Target of node-3').inputValue(), '', 'node-3 is gone');
  await dialog.getByRole('button', { name: 'Dry run' }).click();
  const table = dialog.getByRole('table', { name: 'Dry run' });
  await table.waitFor();
  const rows = await table
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
  assert.deepEqual(rows, [['node-1', '3', '0', 'node-1']]);
  await page.screenshot({ path: join(screens, 'builder-migrate-dry-run.png') });

  await dialog.getByRole('button', { name: 'Run migration' }).click();
  await dialog
    .getByRole('status', { name: 'Job progress' })
    .filter({ hasText: 'Completed: 3 done, 0 skipped, 0 failed of 3' })
    .waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(screens, 'builder-migrate-done.png') });
  for (const id of ids) {
    await until(`${id} on version 2`, async () => {
      const c = await api.get(`/chat-flow/conversations/${id}/`);
      return c.flow_version === 2 && c.status === 'waiting' && c.current_node === 'node-1';
    });
  }
  const jobs = await api.get('/chat-flow/jobs/');
  assert.equal(jobs.results[0].kind, 'migrate');
  assert.deepEqual(jobs.results[0].request, { from_version: 1, to_version: 2, mapping: {} });
  await dialog.getByRole('button', { name: 'Close' }).click();

  await page.goto(`${base}/flows/conversations`);
  await page.getByLabel('Flow', { exact: true }).selectOption(flow.id);
  await page.getByLabel('Status').selectOption('waiting');
  const list = page.getByRole('table', { name: 'Conversations' });
  await until('three rows on v2', async () => {
    const versions = await list.locator('tbody tr td:nth-child(5)').allTextContents();
    return versions.length === 3 && versions.every((v) => v === 'v2');
  });
  await page.getByRole('button', { name: 'Select all 3 matching' }).click();
  page.once('dialog', (d) => void d.accept());
  await page
    .getByRole('group', { name: 'Bulk actions' })
    .getByRole('button', { name: 'Cancel' })
    .click();
  await page
    .getByRole('status', { name: 'Job progress' })
    .filter({ hasText: 'Completed: 3 done' })
    .waitFor();
  await page.screenshot({ path: join(screens, 'builder-conversations-bulk.png') });
  for (const id of ids) {
    await until(`${id} cancelled`, async () => {
      const c = await api.get(`/chat-flow/conversations/${id}/`);
      return c.status === 'cancelled';
    });
  }
}
