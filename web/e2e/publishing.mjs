import assert from 'node:assert/strict';
import { join } from 'node:path';

const TEMPLATE = {
  name: 'publish_welcome',
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

function flowBody(templateId) {
  const assign = (id, y, team) => ({
    id,
    type: 'action',
    position: { x: 420, y },
    data: { action: 'assign', team, handoff: true },
  });
  return {
    name: 'Publishing',
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
        assign('node-3', 240, 'support'),
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
          target: 'node-3',
          label: 'Button: Support',
          data: { trigger: 'button_click', trigger_value: 'Support' },
        },
      ],
    },
  };
}

/**
 * Publish and roll back: an edit of an active flow stays in the draft until published, the
 * history shows the new version with who published it and what it changed, and rolling back to
 * version 1 publishes a copy of it as version 3.
 */
export async function publishAndRollBack({ page, api, base, token, screens }) {
  const template = await api.post('/chat-flow/templates/', TEMPLATE);
  const flow = await api.post('/chat-flow/flows/', flowBody(template.id));
  assert.equal(flow.published_version, 1);

  await page.goto(base + '/');
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Flows', exact: true }).waitFor();
  await page.goto(`${base}/flows/${flow.id}`);
  const status = page.locator('.publish-status');
  await status.filter({ hasText: 'Published · v1' }).waitFor();
  const publish = page.getByRole('button', { name: 'Publish', exact: true });
  assert.equal(await publish.isDisabled(), true, 'a published draft has nothing to publish');

  await page.locator('.react-flow__node[data-id="node-3"]').click();
  await page.locator('[id="node-node-3-team"]').fill('customer-care');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.locator('.save-status', { hasText: 'Saved · v2' }).waitFor();
  await status.filter({ hasText: 'Draft has unpublished changes' }).waitFor();
  await page.screenshot({ path: join(screens, 'builder-publish-draft.png') });
  let stored = await api.get(`/chat-flow/flows/${flow.id}/`);
  assert.equal(stored.published_version, 1, 'saving changes the draft only');
  assert.equal(stored.draft_changed, true);

  await publish.click();
  await status.filter({ hasText: 'Published · v2' }).waitFor();
  await page.getByRole('button', { name: 'History', exact: true }).click();
  const history = page.getByRole('region', { name: 'Version history' });
  const v2 = history.locator('li[data-version="2"]');
  await v2.locator('.badge.published').waitFor();
  await v2.locator('.version-summary', { hasText: 'Nodes: 1 changed' }).waitFor();
  await v2.locator('.version-meta', { hasText: /^Published .* by / }).waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(screens, 'builder-history.png') });
  const version2 = await api.get(`/chat-flow/flows/${flow.id}/versions/2/`);
  assert.deepEqual(version2.summary.nodes_changed, ['node-3']);
  assert.equal(version2.is_published, true);

  const v1 = history.locator('li[data-version="1"]');
  await v1.getByRole('button', { name: 'Roll back to this version' }).click();
  await v1
    .getByRole('group', { name: 'Roll back to v1' })
    .getByRole('button', { name: 'Roll back' })
    .click();
  await status.filter({ hasText: 'Published · v3' }).waitFor();
  stored = await api.get(`/chat-flow/flows/${flow.id}/`);
  assert.equal(stored.version, 3);
  assert.equal(stored.published_version, 3);
  const team = stored.flow_data.nodes.find((n) => n.id === 'node-3').data.team;
  assert.equal(team, 'support', 'version 3 is a copy of version 1');
  await page.getByRole('button', { name: 'History', exact: true }).click();
  await page
    .getByRole('region', { name: 'Version history' })
    .locator('li[data-version="3"] .badge', { hasText: 'Rollback of v1' })
    .waitFor();
}
