import assert from 'node:assert/strict';
import { join } from 'node:path';
import { migrateConversations } from './migrating.mjs';
import { handoff } from './handoff.mjs';
import { publishAndRollBack } from './publishing.mjs';

/** What earlier scenarios made, for later ones (they run in this order). */
const state = {};

const WELCOME = {
  name: 'welcome_message',
  language: 'en_US',
  components: [
    { type: 'BODY', text: 'Hi! How can we help?' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'QUICK_REPLY', text: 'Track Order' },
        { type: 'QUICK_REPLY', text: 'Talk to an agent' },
      ],
    },
  ],
};

async function signIn(page, base, token) {
  await page.goto(base + '/');
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Flows', exact: true }).waitFor();
}

async function shot(page, screens, name) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(screens, `${name}.png`) });
}

const node = (page, id) => page.locator(`.react-flow__node[data-id="${id}"]`);

/** Drags a palette kind onto the canvas at (x, y) of the canvas area. */
async function dragKind(page, label, x, y) {
  await page
    .locator('.palette-item', { hasText: new RegExp(`^${label}$`) })
    .dragTo(page.locator('.react-flow__pane'), { targetPosition: { x, y } });
}

/** Drags from a node's output handle to another node's input handle with the mouse. */
async function connect(page, source, handle, target) {
  const from = await node(page, source)
    .locator(`.react-flow__handle[data-handleid="${handle}"]`)
    .boundingBox();
  const to = await node(page, target).locator('.react-flow__handle.target').boundingBox();
  assert.ok(from && to, `handles ${source}/${handle} → ${target} are on screen`);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
}

async function saved(page) {
  await page.locator('.save-status', { hasText: /^Saved · v\d+$/ }).waitFor();
}

/** Translation of an element's CSS transform: [x, y, scale]. */
async function transformOf(locator) {
  return locator.evaluate((el) => {
    const m = new DOMMatrixReadOnly(getComputedStyle(el).transform);
    return [m.e, m.f, m.a];
  });
}

export const scenarios = {
  async signIn({ page, base, token, screens }) {
    await page.goto(base + '/');
    await page.getByLabel('API token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Unknown bearer token.' }).waitFor();
    await shot(page, screens, 'builder-sign-in');
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Flows', exact: true }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Flows', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API token').waitFor();
  },

  /** The seed's Welcome Flow, drawn with the mouse on an empty canvas, saved and activated. */
  async buildWelcomeFlow({ page, api, base, token, screens }) {
    const welcome = await api.post('/chat-flow/templates/', WELCOME);
    state.welcome = welcome;
    await signIn(page, base, token);
    await page.getByLabel('New flow name').fill('Welcome Flow');
    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.locator('.empty-canvas').waitFor();
    state.flowId = page.url().split('/flows/')[1];

    await dragKind(page, 'Send template', 30, 170);
    await node(page, 'node-1').waitFor();
    await page.locator('[id="node-node-1-template_id"]').selectOption(welcome.id);
    await node(page, 'node-1').locator('[data-handleid="button_click:Talk to an agent"]').waitFor();
    await node(page, 'node-1').getByText('Hi! How can we help?').waitFor();

    await dragKind(page, 'Send template', 470, 30);
    await node(page, 'node-2').waitFor();
    await page.getByRole('button', { name: '+ New template' }).click();
    const form = page.getByRole('form', { name: 'New template' });
    await form.getByLabel('Name').fill('order_status');
    await form.getByLabel('Body').fill('{{1}}, your order is on its way.');
    await form.getByRole('button', { name: 'Create template' }).click();
    await node(page, 'node-2').getByText('your order is on its way.').waitFor();
    await page
      .locator('[id="node-node-2-parameters.body"]')
      .getByRole('button', { name: '+ Add' })
      .click();
    const parameter = page.locator('[id="node-node-2-parameters.body-0"]');
    await parameter.pressSequentially('{{cont');
    await page.getByRole('option', { name: /contact\.name/ }).waitFor();
    await parameter.press('Enter');
    assert.equal(await parameter.inputValue(), '{{contact.name}}');

    await dragKind(page, 'Assign', 470, 400);
    await node(page, 'node-3').waitFor();
    await page.locator('[id="node-node-3-team"]').fill('support');
    await page.locator('[id="node-node-3-handoff"]').check();

    await connect(page, 'node-1', 'button_click:Track Order', 'node-2');
    await connect(page, 'node-1', 'button_click:Talk to an agent', 'node-3');
    await page.locator('.edge-label', { hasText: 'Button: Track Order' }).waitFor();
    await page.locator('.edge-label', { hasText: 'Button: Talk to an agent' }).waitFor();
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await node(page, 'node-1').locator('.badge.start').waitFor();

    await page.getByRole('button', { name: 'Save' }).click();
    await saved(page);
    await page.getByRole('switch', { name: 'Active' }).click();
    await page.locator('.switch', { hasText: 'Active' }).waitFor();
    await saved(page);
    await shot(page, screens, 'builder-canvas');

    const flow = await api.get(`/chat-flow/flows/${state.flowId}/`);
    assert.equal(flow.is_active, true);
    assert.equal(flow.start_template, welcome.id);
    assert.deepEqual(flow.errors, []);
    const nodes = Object.fromEntries(flow.flow_data.nodes.map((n) => [n.id, n]));
    assert.equal(nodes['node-1'].data.template_id, welcome.id);
    assert.deepEqual(nodes['node-2'].data.parameters, { body: ['{{contact.name}}'] });
    assert.equal(nodes['node-2'].data.template_name, 'order_status');
    assert.deepEqual(nodes['node-3'].data, { action: 'assign', handoff: true, team: 'support' });
    const edges = flow.flow_data.edges.map((e) => [
      e.source,
      e.target,
      e.data.trigger,
      e.data.trigger_value,
      e.sourceHandle,
    ]);
    assert.deepEqual(edges, [
      ['node-1', 'node-2', 'button_click', 'Track Order', 'button_click:Track Order'],
      ['node-1', 'node-3', 'button_click', 'Talk to an agent', 'button_click:Talk to an agent'],
    ]);
    state.flow = flow;
  },

  /** Try it: the phone shows the welcome template, a tap on "Track Order" completes the conversation. */
  async tryIt({ page, base, token, screens }) {
    await signIn(page, base, token);
    await page.goto(`${base}/flows/${state.flowId}`);
    await page.getByRole('tab', { name: 'Try it' }).click();
    await page.getByRole('button', { name: 'Start conversation' }).click();
    const phone = page.locator('.phone');
    await phone.locator('.bubble.business', { hasText: 'Hi! How can we help?' }).waitFor();
    await node(page, 'node-1').locator('.kind-node.is-current').waitFor();
    await phone.getByRole('button', { name: 'Track Order' }).click();
    await phone.locator('.bubble.contact', { hasText: 'Track Order' }).waitFor();
    await phone
      .locator('.bubble.business', { hasText: 'Test contact, your order is on its way.' })
      .waitFor();
    await phone.getByText('Conversation completed.').waitFor();
    await node(page, 'node-2').locator('.kind-node.on-path').waitFor();
    await page.locator('.react-flow__edge-path.on-path').first().waitFor();
    await shot(page, screens, 'builder-try-it');
  },

  /** Watch it: the overlay counts the click on the edge and the entries on the nodes. */
  async watchIt({ page, base, token, screens }) {
    await signIn(page, base, token);
    await page.goto(`${base}/flows/${state.flowId}`);
    await page.getByRole('tab', { name: 'Watch it' }).click();
    await page.locator('.edge-label[data-edge-id="edge-1"] .taken', { hasText: '1×' }).waitFor();
    await page.locator('.edge-label[data-edge-id="edge-2"] .taken', { hasText: '0×' }).waitFor();
    await node(page, 'node-2').locator('.node-counts', { hasText: '1 in' }).waitFor();
    await page.locator('.funnel li').first().waitFor();
    await page.locator('.conversations button').first().click();
    await node(page, 'node-2').locator('.kind-node.on-path').waitFor();
    await shot(page, screens, 'builder-watch-it');
  },

  /**
   * A list from the palette: rows filled through the form, a row's own handle connected to an
   * end, run in Try it by tapping the row. The template first has the contact write (a tap on its
   * button), which opens the 24-hour window the list needs.
   */
  async sessionList({ page, api, base, token, screens }) {
    const menu = await api.post('/chat-flow/templates/', {
      name: 'menu_welcome',
      language: 'en_US',
      components: [
        { type: 'BODY', text: 'Hi! Tap below to see what we can do.' },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'See the menu' }] },
      ],
    });
    await signIn(page, base, token);
    await page.getByLabel('New flow name').fill('Menu');
    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.locator('.empty-canvas').waitFor();
    const flowId = page.url().split('/flows/')[1];

    await dragKind(page, 'Send template', 10, 200);
    await node(page, 'node-1').waitFor();
    await page.locator('[id="node-node-1-template_id"]').selectOption(menu.id);
    await node(page, 'node-1').locator('[data-handleid="button_click:See the menu"]').waitFor();

    await dragKind(page, 'Send list', 400, 20);
    await node(page, 'node-2').waitFor();
    const field = (path) => page.locator(`[id="node-node-2-${path}"]`);
    await field('body').fill('What can we do for you?');
    await field('button').fill('Options');
    await page.getByRole('button', { name: '+ Add section' }).click();
    await field('sections.0.title').fill('Orders');
    await field('sections.0.rows.0.id').fill('track');
    await field('sections.0.rows.0.title').fill('Track my order, please now');
    await page.getByRole('alert').filter({ hasText: 'At most 24 characters.' }).waitFor();
    await field('sections.0.rows.0.title').fill('Track my order');
    await field('sections.0.rows.0.description').fill('Where your parcel is');
    await page.getByRole('button', { name: '+ Add row' }).click();
    await field('sections.0.rows.1.id').fill('agent');
    await field('sections.0.rows.1.title').fill('Talk to a person');
    assert.equal(await page.locator('.inspector [role="alert"]').count(), 0);
    await node(page, 'node-2').locator('[data-handleid="list_reply:agent"]').waitFor();
    await node(page, 'node-2').locator('.output', { hasText: 'Track my order' }).waitFor();
    await shot(page, screens, 'builder-session-form');

    await dragKind(page, 'End', 400, 440);
    await node(page, 'node-3').waitFor();
    await connect(page, 'node-1', 'button_click:See the menu', 'node-2');
    await connect(page, 'node-2', 'list_reply:track', 'node-3');
    await page.locator('.edge-label', { hasText: 'List reply: track' }).waitFor();

    await page.getByRole('button', { name: 'Save' }).click();
    await saved(page);
    await page.getByRole('switch', { name: 'Active' }).click();
    await page.locator('.switch', { hasText: 'Active' }).waitFor();
    await saved(page);
    const flow = await api.get(`/chat-flow/flows/${flowId}/`);
    assert.deepEqual(flow.errors, []);
    const list = flow.flow_data.nodes.find((n) => n.id === 'node-2');
    assert.deepEqual(list.data.sections, [
      {
        title: 'Orders',
        rows: [
          { id: 'track', title: 'Track my order', description: 'Where your parcel is' },
          { id: 'agent', title: 'Talk to a person' },
        ],
      },
    ]);
    assert.deepEqual(
      flow.flow_data.edges.map((e) => [
        e.source,
        e.target,
        e.data.trigger,
        e.data.trigger_value,
        e.sourceHandle,
      ]),
      [
        ['node-1', 'node-2', 'button_click', 'See the menu', 'button_click:See the menu'],
        ['node-2', 'node-3', 'list_reply', 'track', 'list_reply:track'],
      ],
    );

    await page.getByRole('tab', { name: 'Try it' }).click();
    await page.getByRole('button', { name: 'Start conversation' }).click();
    const phone = page.locator('.phone');
    await phone.getByRole('button', { name: 'See the menu' }).click();
    const bubble = phone.locator('.bubble.business', { hasText: 'What can we do for you?' });
    await bubble.waitFor();
    await node(page, 'node-2').locator('.kind-node.is-current').waitFor();
    await bubble.getByRole('button', { name: 'Options' }).click();
    const sheet = phone.getByRole('dialog', { name: 'Options' });
    await sheet.getByText('Where your parcel is').waitFor();
    await shot(page, screens, 'builder-session');
    await sheet.getByRole('button', { name: /Track my order/ }).click();
    await phone.locator('.bubble.contact', { hasText: 'Track my order' }).waitFor();
    await phone.getByText('Conversation completed.').waitFor();
    await node(page, 'node-3').locator('.kind-node.on-path').waitFor();
  },

  /**
   * A list then a question: the question's inspector shows its re-prompt defaults, Try it shows
   * the prompt, the re-prompt after an invalid answer, and the saved answer as a variable.
   */
  async sessionQuestion({ page, api, base, token, screens }) {
    const start = await api.post('/chat-flow/templates/', {
      name: 'ask_welcome',
      language: 'en_US',
      components: [
        { type: 'BODY', text: 'Hi! Want a receipt by email?' },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Yes please' }] },
      ],
    });
    await signIn(page, base, token);
    await page.getByLabel('New flow name').fill('Receipt');
    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.locator('.empty-canvas').waitFor();
    const flowId = page.url().split('/flows/')[1];

    await dragKind(page, 'Send template', 10, 200);
    await node(page, 'node-1').waitFor();
    await page.locator('[id="node-node-1-template_id"]').selectOption(start.id);
    await node(page, 'node-1').locator('[data-handleid="button_click:Yes please"]').waitFor();

    await dragKind(page, 'Send list', 330, 20);
    await node(page, 'node-2').waitFor();
    const list = (path) => page.locator(`[id="node-node-2-${path}"]`);
    await list('body').fill('Which receipt?');
    await list('button').fill('Receipts');
    await page.getByRole('button', { name: '+ Add section' }).click();
    await list('sections.0.rows.0.id').fill('last');
    await list('sections.0.rows.0.title').fill('My last order');
    const listReprompts = list('max_reprompts');
    assert.equal(await listReprompts.getAttribute('placeholder'), 'Default: 2');
    await node(page, 'node-2').locator('[data-handleid="list_reply:last"]').waitFor();
    await node(page, 'node-2').locator('[data-handleid="no_match"]').waitFor();

    await dragKind(page, 'Ask a question', 330, 360);
    await node(page, 'node-3').waitFor();
    const question = (path) => page.locator(`[id="node-node-3-${path}"]`);
    await question('prompt').fill('Your email address, please?');
    await question('answer_type').selectOption('email');
    await question('variable').fill('email');
    assert.equal(
      await question('reprompt_text').getAttribute('placeholder'),
      'Default: That is not a valid answer. Please try again.',
    );
    assert.equal(await question('max_reprompts').getAttribute('placeholder'), 'Default: 2');
    await node(page, 'node-3').locator('[data-handleid="invalid"]').waitFor();
    assert.equal(await page.locator('.inspector [role="alert"]').count(), 0);
    await shot(page, screens, 'builder-question-form');

    await dragKind(page, 'Send text', 640, 420);
    await node(page, 'node-4').waitFor();
    await page
      .locator('[id="node-node-4-text"]')
      .fill('Thanks! We sent it to {{variables.email}}.');
    await connect(page, 'node-1', 'button_click:Yes please', 'node-2');
    await connect(page, 'node-2', 'list_reply:last', 'node-3');
    await connect(page, 'node-3', 'default', 'node-4');

    await page.getByRole('button', { name: 'Save' }).click();
    await saved(page);
    const flow = await api.get(`/chat-flow/flows/${flowId}/`);
    assert.deepEqual(flow.errors, []);
    const asked = flow.flow_data.nodes.find((n) => n.id === 'node-3');
    assert.deepEqual(asked.data, {
      prompt: 'Your email address, please?',
      answer_type: 'email',
      variable: 'email',
    });

    await page.getByRole('tab', { name: 'Try it' }).click();
    await page.getByRole('button', { name: 'Start conversation' }).click();
    const phone = page.locator('.phone');
    await phone.getByRole('button', { name: 'Yes please' }).click();
    const bubble = phone.locator('.bubble.business', { hasText: 'Which receipt?' });
    await bubble.getByRole('button', { name: 'Receipts' }).click();
    await phone
      .getByRole('dialog', { name: 'Receipts' })
      .getByRole('button', { name: /My last order/ })
      .click();
    await phone.locator('.bubble.business', { hasText: 'Your email address, please?' }).waitFor();
    await node(page, 'node-3').locator('.kind-node.is-current').waitFor();
    const reply = phone.getByLabel('Reply as the contact');
    await reply.fill('not an email');
    await phone.getByRole('button', { name: 'Send', exact: true }).click();
    await phone
      .locator('.bubble.business', { hasText: 'That is not a valid answer. Please try again.' })
      .waitFor();
    await reply.fill('ada@example.org');
    await phone.getByRole('button', { name: 'Send', exact: true }).click();
    await phone
      .locator('.bubble.business', { hasText: 'Thanks! We sent it to ada@example.org.' })
      .waitFor();
    await phone.getByText('Conversation completed.').waitFor();
    await page
      .getByRole('definition')
      .filter({ hasText: /^ada@example\.org$/ })
      .waitFor();
    await shot(page, screens, 'builder-question-try-it');
  },

  /** A deep link reopens exactly the saved picture: node positions, viewport, handles. */
  async reopenExactly({ page, api, base, token }) {
    await signIn(page, base, token);
    const flow = await api.get(`/chat-flow/flows/${state.flowId}/`);
    await page.goto(`${base}/flows/${state.flowId}`);
    await node(page, 'node-3').waitFor();
    const [x, y, zoom] = await transformOf(page.locator('.react-flow__viewport'));
    const viewport = flow.flow_data.viewport;
    assert.deepEqual(
      [x, y, zoom].map((v) => Math.round(v * 1000) / 1000),
      [viewport.x, viewport.y, viewport.zoom].map((v) => Math.round(v * 1000) / 1000),
    );
    for (const stored of flow.flow_data.nodes) {
      const [nx, ny] = await transformOf(node(page, stored.id));
      assert.deepEqual([nx, ny], [stored.position.x, stored.position.y], stored.id);
    }
    for (const edge of flow.flow_data.edges) {
      await page.locator(`.react-flow__edge[data-id="${edge.id}"]`).waitFor();
    }
    await page.getByRole('button', { name: 'Save' }).click();
    await saved(page);
    const again = await api.get(`/chat-flow/flows/${state.flowId}/`);
    assert.deepEqual(again.flow_data, flow.flow_data, 'opening and saving changes nothing');
    assert.equal(again.version, flow.version);
  },

  /** A problem is pinned on the node it concerns, listed, and refuses activation. */
  async validationProblem({ page, api, base, token, screens }) {
    const flow = await api.post('/chat-flow/flows/', {
      name: 'Order follow-up (draft)',
      is_active: false,
      start_template: state.welcome.id,
      flow_data: {
        nodes: [
          {
            id: 'node-1',
            type: 'template',
            position: { x: 40, y: 120 },
            data: { template_id: state.welcome.id, template_name: 'welcome_message' },
          },
          {
            id: 'node-2',
            type: 'template',
            position: { x: 420, y: 40 },
            data: { template_id: 'deleted-template', template_name: 'old_promo' },
          },
          { id: 'node-3', type: 'action', position: { x: 420, y: 330 }, data: { action: 'end' } },
        ],
        edges: [
          {
            id: 'edge-1',
            source: 'node-1',
            target: 'node-2',
            data: { trigger: 'button_click', trigger_value: 'Track Order' },
          },
          {
            id: 'edge-2',
            source: 'node-1',
            target: 'node-3',
            data: { trigger: 'button_click', trigger_value: 'Cancel' },
          },
        ],
        viewport: { x: 40, y: 40, zoom: 1 },
      },
    });
    await signIn(page, base, token);
    await page.goto(`${base}/flows/${flow.id}`);
    const pinned = node(page, 'node-2').locator('.node-problems li.error');
    await pinned.first().waitFor();
    assert.equal(await node(page, 'node-1').locator('.node-problems').count(), 0);
    assert.equal(await node(page, 'node-3').locator('.node-problems').count(), 0);
    await page.locator('.edge-label.has-errors[data-edge-id="edge-2"]').waitFor();
    const listed = page.locator('.problems .problem', { hasText: 'node-2' });
    await listed.first().click();
    await page.getByRole('complementary', { name: 'Inspector' }).getByText('node-2').waitFor();
    await page.getByRole('switch', { name: 'Active' }).click();
    await page.locator('.banner.refused', { hasText: 'cannot be activated' }).waitFor();
    assert.equal(await page.getByRole('switch', { name: 'Active' }).isChecked(), false);
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await shot(page, screens, 'builder-problems');
  },

  /** A condition: rules added from "+ Rule" with the mouse, edited, reordered; an else. */
  async conditionRules({ page, api, base, token, screens }) {
    const flow = await api.post('/chat-flow/flows/', {
      name: 'Feedback',
      is_active: false,
      start_template: state.welcome.id,
      flow_data: {
        nodes: [
          {
            id: 'node-1',
            type: 'template',
            position: { x: 20, y: 40 },
            data: { template_id: state.welcome.id, template_name: 'welcome_message' },
          },
          {
            id: 'node-2',
            type: 'action',
            position: { x: 560, y: 20 },
            data: { action: 'send_text', text: 'Glad to hear it!' },
          },
          { id: 'node-3', type: 'action', position: { x: 560, y: 330 }, data: { action: 'end' } },
        ],
        edges: [],
        viewport: { x: 0, y: 0, zoom: 1 },
      },
    });
    await signIn(page, base, token);
    await page.goto(`${base}/flows/${flow.id}`);
    await dragKind(page, 'Condition', 300, 330);
    await node(page, 'node-4').waitFor();
    await connect(page, 'node-1', 'text_reply', 'node-4');
    await connect(page, 'node-4', 'condition', 'node-2');
    await page.locator('#edge-value').fill('yes');
    await connect(page, 'node-4', 'condition', 'node-3');
    await page.locator('#edge-operator').selectOption('contains');
    await page.locator('#edge-value').fill('no');
    await connect(page, 'node-4', 'default', 'node-3');
    for (const label of ['Reply: any text', 'If equals yes', 'If contains no', 'Else']) {
      await page.locator('.edge-label', { hasText: label }).waitFor();
    }
    await node(page, 'node-4').locator('.kind-label').click();
    await page.getByRole('button', { name: 'Move rule 2 up' }).click();
    await node(page, 'node-4')
      .locator('.output.role-rule')
      .first()
      .filter({ hasText: 'contains no' })
      .waitFor();
    const before = await transformOf(node(page, 'node-3'));
    await page.getByRole('button', { name: 'Layout' }).click();
    await page.waitForFunction((x) => {
      const element = document.querySelector('.react-flow__node[data-id="node-3"]');
      return new DOMMatrixReadOnly(getComputedStyle(element).transform).e !== x;
    }, before[0]);
    await page.getByRole('button', { name: 'Save' }).click();
    await saved(page);
    await shot(page, screens, 'builder-condition');
    const stored = await api.get(`/chat-flow/flows/${flow.id}/`);
    const rules = stored.flow_data.edges
      .filter((e) => e.source === 'node-4')
      .map((e) => [
        e.target,
        e.data.trigger,
        e.data.operator,
        e.data.trigger_value,
        e.sourceHandle,
      ]);
    const moved = stored.flow_data.nodes.find((n) => n.id === 'node-3').position;
    assert.notDeepEqual([moved.x, moved.y], [before[0], before[1]], 'the layout was saved');
    assert.deepEqual(rules, [
      ['node-3', 'condition', 'contains', 'no', 'condition:0'],
      ['node-2', 'condition', 'equals', 'yes', 'condition:1'],
      ['node-3', 'default', undefined, undefined, 'default'],
    ]);
  },

  /** An edit made elsewhere meanwhile is shown, never overwritten. */
  async ifMatchConflict({ page, api, base, token, screens }) {
    await signIn(page, base, token);
    await page.goto(`${base}/flows/${state.flowId}`);
    await node(page, 'node-1').waitFor();
    const theirs = await api.get(`/chat-flow/flows/${state.flowId}/`);
    theirs.flow_data.nodes[2].position = { x: 700, y: 420 };
    await api.put(
      `/chat-flow/flows/${state.flowId}/`,
      {
        name: theirs.name,
        is_active: theirs.is_active,
        start_template: theirs.start_template,
        flow_data: theirs.flow_data,
      },
      { 'If-Match': `"${theirs.version}"` },
    );
    await page.getByLabel('Description').fill('Greets the contact and routes them.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .locator('.banner.conflict', { hasText: 'changed elsewhere' })
      .or(page.locator('.banner.conflict', { hasText: 'Someone else saved' }))
      .waitFor();
    await page.locator('.save-status', { hasText: 'changed elsewhere' }).waitFor();
    await shot(page, screens, 'builder-conflict');
    const stored = await api.get(`/chat-flow/flows/${state.flowId}/`);
    assert.equal(stored.description ?? null, theirs.description ?? null, 'their version is kept');
    await page.getByRole('button', { name: 'Discard mine and load theirs' }).click();
    await page.locator('.banner.conflict').waitFor({ state: 'detached' });
    const [x, y] = await transformOf(node(page, 'node-3'));
    assert.deepEqual([x, y], [700, 420]);
  },

  /** Keyboard: add from the palette with Enter, undo, redo, delete. */
  async keyboard({ page, api, base, token }) {
    const flow = await api.post('/chat-flow/flows/', {
      name: 'Keyboard check',
      is_active: false,
      flow_data: { nodes: [], edges: [] },
    });
    await signIn(page, base, token);
    await page.goto(`${base}/flows/${flow.id}`);
    await page.locator('.palette-item', { hasText: /^Condition$/ }).focus();
    await page.keyboard.press('Enter');
    await node(page, 'node-1').waitFor();
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+z');
    await node(page, 'node-1').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+Shift+Z');
    await node(page, 'node-1').waitFor();
    await node(page, 'node-1').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await node(page, 'node-2').waitFor();
    await page.keyboard.press('Delete');
    await node(page, 'node-2').waitFor({ state: 'detached' });
    await saved(page);
    const stored = await api.get(`/chat-flow/flows/${flow.id}/`);
    assert.deepEqual(
      stored.flow_data.nodes.map((n) => [n.id, n.type]),
      [['node-1', 'condition']],
    );
  },

  /** The flows page: search, duplicate, export, import, delete. */
  async flowsPage({ page, api, base, token, screens }) {
    await signIn(page, base, token);
    await page.getByLabel('Search flows').fill('welcome');
    await page
      .locator('.flows-table tbody tr')
      .filter({ hasText: 'Welcome Flow' })
      .first()
      .waitFor();
    const row = page.locator(`.flows-table tbody tr:has(a[href="/flows/${state.flowId}"])`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: 'Export' }).click(),
    ]);
    const exported = JSON.parse(
      await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString()),
    );
    const stored = await api.get(`/chat-flow/flows/${state.flowId}/`);
    assert.deepEqual(exported, stored.flow_data);
    await row.getByRole('button', { name: 'Duplicate' }).click();
    const copy = page.locator('.flows-table tbody tr', { hasText: 'Copy of Welcome Flow' }).first();
    await copy.waitFor();
    page.once('dialog', (d) => d.accept());
    await copy.getByRole('button', { name: 'Delete' }).click();
    await copy.waitFor({ state: 'detached' });
    await page.getByLabel('Search flows').fill('');
    await page.locator('input[type=file]').setInputFiles({
      name: 'Imported welcome.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(stored.flow_data)),
    });
    await node(page, 'node-1').waitFor();
    const imported = await api.get(`/chat-flow/flows/${page.url().split('/flows/')[1]}/`);
    assert.equal(imported.name, 'Imported welcome');
    assert.deepEqual(imported.flow_data, stored.flow_data);
    await page.getByRole('link', { name: '← Flows' }).click();
    await page.locator('.flows-table tbody tr').nth(2).waitFor();
    await shot(page, screens, 'builder-flows');
  },

  /** A 500-node flow: time to first render and to interactive, and panning. */
  async largeFlow({ page, api, base, token, measurements }) {
    const nodes = [];
    const edges = [];
    for (let i = 1; i <= 500; i++) {
      nodes.push({
        id: `node-${i}`,
        type: 'action',
        position: { x: ((i - 1) % 25) * 320, y: Math.floor((i - 1) / 25) * 200 },
        data: { action: 'set_variable', name: `step_${i}`, value: `{{contact.name}} ${i}` },
      });
      if (i > 1)
        edges.push({
          id: `edge-${i - 1}`,
          source: `node-${i - 1}`,
          target: `node-${i}`,
          data: { trigger: 'default' },
        });
    }
    const flow = await api.post('/chat-flow/flows/', {
      name: 'Large flow (500 nodes)',
      is_active: false,
      flow_data: { nodes, edges, viewport: { x: 20, y: 20, zoom: 0.5 } },
    });
    await signIn(page, base, token);
    await page.addInitScript(() => {
      const marks = (window.__marks = { longTasks: [] });
      new PerformanceObserver((list) => {
        for (const t of list.getEntries())
          marks.longTasks.push([t.startTime, t.startTime + t.duration]);
      }).observe({ type: 'longtask', buffered: true });
      new MutationObserver((_, observer) => {
        if (document.querySelector('.react-flow__node')) {
          marks.firstNode = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${base}/flows/${flow.id}`);
    await node(page, 'node-1').waitFor();
    // Interactive: the main thread's last long task after the first render ended, and it stayed
    // quiet for a second and a half.
    await page.waitForTimeout(1500);
    const marks = await page.evaluate(() => window.__marks);
    const interactive = Math.max(marks.firstNode, ...marks.longTasks.map(([, end]) => end));
    const renderedNodes = await page.locator('.react-flow__node').count();
    // Input latency: a wheel zoom on the pane until the viewport's transform changes.
    const wheelMs = await page.evaluate(
      () =>
        new Promise((done) => {
          const pane = document.querySelector('.react-flow__pane');
          const viewport = document.querySelector('.react-flow__viewport');
          const box = pane.getBoundingClientRect();
          const before = viewport.style.transform;
          const t0 = performance.now();
          new MutationObserver(() => {
            if (viewport.style.transform !== before) done(performance.now() - t0);
          }).observe(viewport, { attributes: true, attributeFilter: ['style'] });
          pane.dispatchEvent(
            new WheelEvent('wheel', {
              deltaY: -120,
              clientX: box.x + box.width / 2,
              clientY: box.y + box.height / 2,
              bubbles: true,
              cancelable: true,
            }),
          );
        }),
    );
    // Panning: frames drawn and the longest frame while the mouse drags the pane.
    await page.evaluate(() => {
      const frames = (window.__frames = []);
      const tick = (t) => {
        frames.push(t);
        if (!window.__stop) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const box = await page.locator('.react-flow__pane').boundingBox();
    const x0 = box.x + box.width / 2;
    const y0 = box.y + box.height / 2;
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    for (let i = 1; i <= 60; i++) await page.mouse.move(x0 - i * 8, y0 - i * 5);
    await page.mouse.up();
    const frames = await page.evaluate(() => {
      window.__stop = true;
      return window.__frames;
    });
    const gaps = frames.slice(1).map((t, i) => t - frames[i]);
    const seconds = (frames.at(-1) - frames[0]) / 1000;
    measurements.largeFlow = {
      nodes: 500,
      edges: 499,
      firstRenderMs: Math.round(marks.firstNode),
      interactiveMs: Math.round(interactive),
      longTasks: marks.longTasks.length,
      renderedNodes,
      wheelToRedrawMs: Math.round(wheelMs),
      panFramesPerSecond: Math.round(frames.length / seconds),
      panLongestFrameMs: Math.round(Math.max(...gaps)),
    };
    assert.ok(renderedNodes < 500, 'only the nodes in view are drawn');
  },
  publishAndRollBack,
  migrateConversations,
  handoff,
};
