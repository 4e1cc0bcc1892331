import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FlowDetail } from '../api/client';
import type { NodeKinds } from '../api/node-kinds';
import kindsDocument from '../test-fixtures/node-kinds.json';
import { useFlowEditor } from './useFlowEditor';

const kinds = kindsDocument as unknown as NodeKinds;

const flow = {
  id: 'f1',
  name: 'Test',
  is_active: true,
  version: 3,
  flow_data: {
    nodes: [
      { id: 'node-1', type: 'template', position: { x: 0, y: 0 }, data: { template_id: 't1' } },
      { id: 'node-2', type: 'condition', position: { x: 300, y: 0 }, data: {} },
      { id: 'node-3', type: 'action', position: { x: 600, y: 0 }, data: { action: 'end' } },
      { id: 'node-4', type: 'action', position: { x: 600, y: 200 }, data: { action: 'end' } },
      {
        id: 'node-5',
        type: 'list',
        position: { x: 0, y: 300 },
        data: { body: 'Pick', button: 'Options', sections: [{ rows: [{ id: 'track' }] }] },
      },
    ],
    edges: [],
  },
} as unknown as FlowDetail;

const connect = (source: string, sourceHandle: string, target: string) => ({
  source,
  sourceHandle,
  target,
  targetHandle: null,
});

function edgesOf(result: { current: ReturnType<typeof useFlowEditor> }) {
  return result.current.doc.edges.map((e) => [e.id, e.source, e.sourceHandle, e.target, e.data]);
}

describe('editing the canvas', () => {
  it('givenAButtonHandle_whenConnected_itCreatesAButtonClickEdgeAndConnectingAgainMovesIt', () => {
    const { result } = renderHook(() => useFlowEditor(flow));
    act(() => result.current.onConnect(connect('node-1', 'button_click:Track Order', 'node-3')));
    expect(edgesOf(result)).toEqual([
      [
        'edge-1',
        'node-1',
        'button_click:Track Order',
        'node-3',
        { trigger: 'button_click', trigger_value: 'Track Order' },
      ],
    ]);
    act(() => result.current.onConnect(connect('node-1', 'button_click:Track Order', 'node-4')));
    expect(edgesOf(result)).toEqual([
      [
        'edge-1',
        'node-1',
        'button_click:Track Order',
        'node-4',
        { trigger: 'button_click', trigger_value: 'Track Order' },
      ],
    ]);
    expect(result.current.save.kind).toBe('dirty');
  });

  it('givenARowHandle_whenConnected_itCreatesAListReplyEdgeWithTheRowId', () => {
    const { result } = renderHook(() => useFlowEditor(flow));
    act(() => result.current.onConnect(connect('node-5', 'list_reply:track', 'node-3')));
    expect(edgesOf(result)).toEqual([
      [
        'edge-1',
        'node-5',
        'list_reply:track',
        'node-3',
        { trigger: 'list_reply', trigger_value: 'track' },
      ],
    ]);
  });

  it('givenARowIdEditedInTheForm_itsEdgeFollowsAndUndoPutsBothBack', () => {
    const { result } = renderHook(() => useFlowEditor(flow));
    const list = kinds.kinds.find((k) => k.kind === 'list')!;
    act(() => result.current.onConnect(connect('node-5', 'list_reply:track', 'node-3')));
    act(() =>
      result.current.setNodeData(
        'node-5',
        { body: 'Pick', button: 'Options', sections: [{ rows: [{ id: 'where' }] }] },
        list,
      ),
    );
    expect(edgesOf(result)[0]).toEqual([
      'edge-1',
      'node-5',
      'list_reply:where',
      'node-3',
      { trigger: 'list_reply', trigger_value: 'where' },
    ]);
    act(() => result.current.undo());
    expect(edgesOf(result)[0]?.[2]).toBe('list_reply:track');
  });

  it('givenTheAddRuleHandle_whenConnectedTwice_itCreatesTwoRulesNumberedInOrder', () => {
    const { result } = renderHook(() => useFlowEditor(flow));
    act(() => result.current.onConnect(connect('node-2', 'condition', 'node-3')));
    act(() => result.current.onConnect(connect('node-2', 'condition', 'node-4')));
    act(() => result.current.onConnect(connect('node-2', 'default', 'node-4')));
    expect(edgesOf(result)).toEqual([
      [
        'edge-1',
        'node-2',
        'condition:0',
        'node-3',
        { trigger: 'condition', operator: 'equals', trigger_value: '' },
      ],
      [
        'edge-2',
        'node-2',
        'condition:1',
        'node-4',
        { trigger: 'condition', operator: 'equals', trigger_value: '' },
      ],
      ['edge-3', 'node-2', 'default', 'node-4', { trigger: 'default' }],
    ]);
  });

  it('givenTheTextReplyHandle_itHoldsSeveralEdges', () => {
    const { result } = renderHook(() => useFlowEditor(flow));
    act(() => result.current.onConnect(connect('node-1', 'text_reply', 'node-3')));
    act(() => result.current.onConnect(connect('node-1', 'text_reply', 'node-4')));
    expect(result.current.doc.edges.map((e) => e.target)).toEqual(['node-3', 'node-4']);
  });

  it('givenEdits_undoAndRedoWalkThem_andDeletingANodeDeletesItsEdges', () => {
    const { result } = renderHook(() => useFlowEditor(flow));
    act(() => result.current.onConnect(connect('node-1', 'default', 'node-3')));
    act(() => result.current.onNodesChange([{ type: 'remove', id: 'node-3' }]));
    expect(result.current.doc.nodes.map((n) => n.id)).toEqual([
      'node-1',
      'node-2',
      'node-4',
      'node-5',
    ]);
    expect(result.current.doc.edges).toEqual([]);
    act(() => result.current.undo());
    expect(result.current.doc.edges.map((e) => e.id)).toEqual(['edge-1']);
    act(() => result.current.undo());
    expect(result.current.doc.edges).toEqual([]);
    expect(result.current.canUndo).toBe(false);
    act(() => result.current.redo());
    expect(result.current.doc.edges.map((e) => e.id)).toEqual(['edge-1']);
  });

  it('givenSelectionChanges_theyAreNoEdit', () => {
    const { result } = renderHook(() => useFlowEditor(flow));
    act(() => result.current.select({ nodes: ['node-2'] }));
    expect(result.current.doc.nodes.find((n) => n.id === 'node-2')?.selected).toBe(true);
    expect(result.current.canUndo).toBe(false);
    expect(result.current.save.kind).toBe('saved');
  });
});
