import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { join } from 'node:path';

/** The agent inbox: a local server that records what the handoff webhook receives. */
async function inbox() {
  const received = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (c) => chunks.push(c));
    request.on('end', () => {
      received.push({
        signature: request.headers['x-chatflow-signature-256'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { received, url: `http://127.0.0.1:${server.address().port}/hooks`, server };
}

async function until(what, check) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Hand-off: a contact's reply takes the conversation to a handoff node; it appears in the Agents
 * view with the contact's message, the agent replies (the reply reaches the sandbox outbox) and
 * resumes the flow along its Resumed output. The agent inbox received the events, signed.
 */
export async function handoff({ page, api, base, token, screens }) {
  const agents = await inbox();
  try {
    const template = await api.post('/chat-flow/templates/', {
      name: 'handoff_welcome',
      language: 'en_US',
      components: [{ type: 'BODY', text: 'Hi! Tell us what you need.' }],
    });
    const thanks = await api.post('/chat-flow/templates/', {
      name: 'handoff_thanks',
      language: 'en_US',
      components: [{ type: 'BODY', text: 'Thanks for talking to us.' }],
    });
    const node = (id, x, data, type = 'action') => ({ id, type, position: { x, y: 120 }, data });
    const flow = await api.post('/chat-flow/flows/', {
      name: 'Handoff',
      is_active: true,
      start_template: template.id,
      flow_data: {
        nodes: [
          node('node-1', 60, { template_id: template.id }, 'template'),
          node('node-2', 380, {
            action: 'handoff',
            webhook_url: agents.url,
            team: 'support',
            note: 'Asked for a person',
          }),
          node('node-3', 700, { template_id: thanks.id }, 'template'),
        ],
        edges: [
          {
            id: 'edge-1',
            source: 'node-1',
            target: 'node-2',
            data: { trigger: 'text_reply' },
          },
          { id: 'edge-2', source: 'node-2', target: 'node-3' },
        ],
      },
    });
    const contact = '1650' + String(Math.floor(1_000_000 + Math.random() * 8_999_999));
    const started = await api.post(`/chat-flow/flows/${flow.id}/start/`, { contact });
    await until('the welcome', async () => {
      const c = await api.get(`/chat-flow/conversations/${started.id}/`);
      return c.status === 'waiting';
    });
    await api.post('/chat-flow/simulate/', { contact, text: 'I need a person, please' });
    await until('the handoff', async () => {
      const c = await api.get(`/chat-flow/conversations/${started.id}/`);
      return c.status === 'with_agent';
    });
    await api.post('/chat-flow/simulate/', { contact, text: 'My parcel is late' });
    await until('the forward', () => agents.received.length >= 2);

    await page.goto(base + '/');
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Flows', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Agents' }).click();
    await page.getByRole('heading', { name: 'Agents', exact: true }).waitFor();
    const list = page.getByRole('region', { name: 'Conversations with an agent' });
    await list.locator('.agent-row', { hasText: 'at node-2' }).first().click();
    const messages = page.getByRole('list', { name: 'Messages' });
    await messages.locator('.agent-line.contact', { hasText: 'My parcel is late' }).waitFor();
    await page.getByLabel('Reply to the contact').fill('Hi, this is Grace. How can I help?');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await messages
      .locator('.agent-line.sent', { hasText: 'Hi, this is Grace. How can I help?' })
      .waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(screens, 'builder-agents.png') });

    const outbox = await api.get(`/chat-flow/outbox/?contact=${contact}`);
    const texts = JSON.stringify(outbox);
    assert.ok(texts.includes('Hi, this is Grace. How can I help?'), 'the reply is in the outbox');

    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    const done = await until('the resumed flow', async () => {
      const c = await api.get(`/chat-flow/conversations/${started.id}/`);
      return c.status === 'completed' ? c : undefined;
    });
    const kinds = done.steps.map((s) => `${s.kind}:${s.node_id}`);
    assert.ok(kinds.includes('handoff_ended:node-2'), kinds.join(' '));
    assert.ok(kinds.includes('node_entered:node-3'), 'resumed along the Resumed output');

    const secret = process.env.CHATFLOW_HANDOFF_SECRET;
    const events = agents.received.map((r) => JSON.parse(r.body));
    assert.deepEqual(
      events.map((e) => e.event),
      ['handoff_started', 'message_created'],
    );
    assert.equal(events[1].message.content, 'My parcel is late', 'the message after the handoff');
    if (secret) {
      for (const r of agents.received) {
        const expected = 'sha256=' + createHmac('sha256', secret).update(r.body).digest('hex');
        assert.equal(r.signature, expected, 'signed with the handoff secret');
      }
    }
  } finally {
    agents.server.close();
  }
}
