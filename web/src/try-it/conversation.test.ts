import { describe, expect, it } from 'vitest';
import type { Template } from '../api/client';
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
  it('givenATemplateInTheOutbox_itShowsTheTemplateWithItsParametersFilledAndItsButtons', () => {
    const bubble = bubbleOf(
      {
        id: 'wamid.1',
        kind: 'template',
        template_name: 'order_status',
        language: 'en_US',
        body_parameters: ['Sheena'],
        buttons: ['Thanks'],
        button_payloads: ['cf:c:1:0'],
        sent_at: '2026-11-30T10:00:00Z',
      },
      [orderStatus],
    );
    expect(bubble.header).toBe('Order Sheena');
    expect(bubble.text).toBe('Sheena, your order is on its way.');
    expect(bubble.buttons).toEqual([{ text: 'Thanks', payload: 'cf:c:1:0' }]);
  });

  it('givenAFreeFormText_itShowsTheText', () => {
    expect(bubbleOf({ id: 'm', kind: 'text', text: 'Anything else?' }, []).text).toBe(
      'Anything else?',
    );
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
