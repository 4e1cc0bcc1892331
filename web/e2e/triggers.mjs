import { join } from 'node:path';

async function signIn(page, base, token) {
  await page.goto(base + '/');
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Flows', exact: true }).waitFor();
}

/** Inbound triggers on the flows page: create one, then see a second claim refused inline. */
export const triggerScenarios = {
  async triggerConflict({ page, api, base, token, screens }) {
    const flow = await api.post('/chat-flow/flows/', {
      name: 'Menu Flow',
      is_active: false,
      flow_data: { nodes: [], edges: [] },
    });
    const word = `Menú ${Date.now() % 100_000}`;
    await signIn(page, base, token);
    const form = page.getByRole('form', { name: 'Trigger' });
    await form.getByLabel('Flow').selectOption(flow.id);
    await form.getByLabel('Keywords').fill(word);
    await form.getByLabel('Interrupts a conversation').check();
    await form.getByRole('button', { name: 'Create trigger' }).click();
    const row = page.locator('.triggers-table tr', { hasText: `exact: ${word}` });
    await row.getByText('Flow inactive').waitFor();
    await row.getByText('interrupts').waitFor();

    await form.getByLabel('Flow').selectOption(flow.id);
    await form.getByLabel('Keywords').fill(word.replace('ú', 'u').toUpperCase());
    await form.getByRole('button', { name: 'Create trigger' }).click();
    await page.getByRole('alert').filter({ hasText: 'already claims the keyword' }).waitFor();
    await page.locator('.triggers').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(screens, 'builder-triggers.png'), fullPage: true });
  },
};
