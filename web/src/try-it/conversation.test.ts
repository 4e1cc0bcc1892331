import { describe, expect, it } from 'vitest';
import type { Template } from '../api/client';
import { templateStatusBadge } from '../api/templates';
import { bubbleOf, pathOf } from './conversation';

const orderStatus: Template = {
  id: 't2',
  name: 'order_status',
  language: 'en_US',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
    { type: 'BODY', text: '{{1}}, your order is on its way.' },
    { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Thanks' }] },
  ],
  buttons: ['Thanks'],
};

describe('Try it rendering', () => {
  it('givenATemplateInTheOutbox_itShowsTheTemplateWithHeaderAndBodyParametersFilledAndItsButtons', () => {
    const bubble = bubbleOf(
      {
        id: 'wamid.1',
        kind: 'template',
        template_name: 'order_status',
        language: 'en_US',
        body_parameters: ['Sheena'],
        header_parameters: ['A-42'],
        buttons: ['Thanks'],
        button_payloads: ['cf:c:1:0'],
        sent_at: '2026-11-30T10:00:00Z',
      },
      [orderStatus],
    );
    expect(bubble.header).toBe('Order A-42');
    expect(bubble.text).toBe('Sheena, your order is on its way.');
    expect(bubble.buttons).toEqual([{ text: 'Thanks', payload: 'cf:c:1:0' }]);
  });

  it('givenATemplateWithItsRenderedText_itShowsWhatWasSentWithItsButtons', () => {
    const bubble = bubbleOf(
      {
        id: 'wamid.2',
        kind: 'template',
        template_name: 'order_status',
        language: 'en_US',
        body_parameters: ['Sheena'],
        buttons: ['Thanks'],
        button_payloads: ['cf:c:2:0'],
        rendered_text: 'Order A-42\n\nSheena, your order is on its way.',
      },
      [],
    );
    expect(bubble.text).toBe('Order A-42\n\nSheena, your order is on its way.');
    expect(bubble.header).toBeUndefined();
    expect(bubble.buttons).toEqual([{ text: 'Thanks', payload: 'cf:c:2:0' }]);
  });

  it('givenATemplatePausedAtWhatsApp_itsBadgeNamesTheStatus', () => {
    expect(templateStatusBadge({ ...orderStatus, status: 'PAUSED', sendable: false })).toBe(
      'paused',
    );
    expect(
      templateStatusBadge({ ...orderStatus, status: 'PENDING_DELETION', sendable: false }),
    ).toBe('pending deletion');
    expect(templateStatusBadge({ ...orderStatus, status: 'APPROVED', sendable: true })).toBe(
      undefined,
    );
    expect(templateStatusBadge(orderStatus)).toBe(undefined);
  });

  it('givenAFreeFormText_itShowsTheText', () => {
    expect(bubbleOf({ id: 'm', kind: 'text', text: 'Anything else?' }, []).text).toBe(
      'Anything else?',
    );
  });

  const listNode = {
    type: 'list',
    data: {
      header: 'Menu',
      body: 'Pick one',
      footer: 'We answer fast',
      button: 'Options',
      sections: [
        { title: 'Orders', rows: [{ id: 'track', title: 'Track', description: 'Where it is' }] },
        { title: 'Help', rows: [{ id: 'agent', title: 'Agent' }] },
      ],
    },
  };

  it('givenAListInTheOutbox_itShowsTheBodyAndTheButtonThatOpensTheSectionsAndRows', () => {
    const bubble = bubbleOf(
      {
        id: 'wamid.2',
        kind: 'interactive',
        node: 'node-2',
        text: 'Pick one, Sheena',
        buttons: ['Track', 'Agent'],
        button_payloads: ['track', 'agent'],
      },
      [],
      (id) => (id === 'node-2' ? listNode : undefined),
    );
    expect(bubble).toMatchObject({
      header: 'Menu',
      text: 'Pick one, Sheena',
      footer: 'We answer fast',
    });
    expect(bubble.buttons).toEqual([]);
    expect(bubble.list).toEqual({
      label: 'Options',
      sections: [
        { title: 'Orders', rows: [{ id: 'track', title: 'Track', description: 'Where it is' }] },
        { title: 'Help', rows: [{ id: 'agent', title: 'Agent' }] },
      ],
    });
  });

  it('givenAListWhoseNodeChangedSinceItWasSent_itShowsTheRowsTheOutboxHolds', () => {
    const bubble = bubbleOf(
      {
        id: 'w',
        kind: 'interactive',
        node: 'node-2',
        text: 'Pick',
        buttons: ['Old'],
        button_payloads: ['old'],
      },
      [],
      () => listNode,
    );
    expect(bubble.list?.sections).toEqual([{ rows: [{ id: 'old', title: 'Old' }] }]);
  });

  it('givenReplyButtons_theyAreTappableWithTheirIdsAsPayloads', () => {
    const bubble = bubbleOf(
      {
        id: 'w',
        kind: 'interactive',
        node: 'n',
        text: 'Sure?',
        buttons: ['Yes', 'No'],
        button_payloads: ['y', 'n'],
      },
      [],
      () => ({ type: 'buttons', data: {} }),
    );
    expect(bubble.buttons).toEqual([
      { text: 'Yes', payload: 'y' },
      { text: 'No', payload: 'n' },
    ]);
  });

  it('givenMediaALinkButtonAndALocationRequest_eachShowsWhatWhatsAppShows', () => {
    const image = bubbleOf({ id: 'a', kind: 'image', node: 'm', text: 'Our shop' }, [], () => ({
      type: 'media',
      data: { media_type: 'image', link: 'https://example.org/shop.jpg', caption: 'Our shop' },
    }));
    expect(image).toMatchObject({
      text: 'Our shop',
      media: { type: 'image', link: 'https://example.org/shop.jpg' },
    });
    const document = bubbleOf(
      { id: 'b', kind: 'document', node: 'm', text: 'https://example.org/a.pdf' },
      [],
      () => ({ type: 'media', data: { link: 'https://example.org/{{x}}', filename: 'a.pdf' } }),
    );
    expect(document).toMatchObject({
      text: '',
      media: { type: 'document', link: 'https://example.org/a.pdf', filename: 'a.pdf' },
    });
    const cta = bubbleOf({ id: 'c', kind: 'interactive', node: 'c', text: 'See it' }, [], () => ({
      type: 'cta_url',
      data: { display_text: 'Open', url: 'https://example.org' },
    }));
    expect(cta.link).toEqual({ text: 'Open', url: 'https://example.org' });
    const location = bubbleOf(
      { id: 'd', kind: 'interactive', node: 'l', text: 'Where?' },
      [],
      () => ({
        type: 'location_request',
        data: {},
      }),
    );
    expect(location).toMatchObject({ text: 'Where?', location: true, buttons: [] });
  });

  it('givenAStepHistory_itHighlightsTheNodesAndEdgesTakenAndTheCurrentNodeWhileOpen', () => {
    const steps = [
      { seq: 1, kind: 'entered', node_id: 'node-1' },
      { seq: 2, kind: 'edge', node_id: 'node-1', edge_id: 'edge-1', trigger: 'button_click' },
      { seq: 3, kind: 'entered', node_id: 'node-2' },
    ];
    const waiting = pathOf({ status: 'waiting', current_node: 'node-2', steps });
    expect([...waiting.nodes]).toEqual(['node-1', 'node-2']);
    expect([...waiting.edges]).toEqual(['edge-1']);
    expect(waiting.current).toBe('node-2');
    expect(pathOf({ status: 'completed', current_node: 'node-2', steps }).current).toBeUndefined();
  });
});
