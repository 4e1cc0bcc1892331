import { describe, expect, it } from 'vitest';
import { linesOf } from './agents-api';

describe('linesOf', () => {
  it('given a handoff history, when read, it shows the contact, the agent and the hand-off', () => {
    const lines = linesOf([
      { kind: 'node_entered', node_id: 'node-2', at: 1 },
      { kind: 'action', node_id: 'node-2', detail: 'handoff support', at: 2 },
      { kind: 'to_agent', node_id: 'node-2', detail: 'Where is my parcel?', at: 3 },
      { kind: 'message_sent', node_id: 'node-2', detail: 'wamid.1', at: 4 },
      { kind: 'from_agent', node_id: 'node-2', detail: 'On its way', at: 4 },
      { kind: 'handoff_ended', node_id: 'node-2', trigger: 'resumed', detail: '12', at: 5 },
    ]);

    expect(lines).toEqual([
      { who: 'note', text: 'Handed off at node-2', at: 2 },
      { who: 'contact', text: 'Where is my parcel?', at: 3 },
      { who: 'sent', text: 'On its way', at: 4 },
    ]);
  });
});
