import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CanvasEdge, fromFlowData, nextId, renumberRules, toFlowData } from './mapping';

/** The ReactFlow sample the API's own tests store: sizes, handles, styles and a label trigger. */
const sample = JSON.parse(
  readFileSync(
    resolve(__dirname, '../../../standalone/src/test/resources/samples/reactflow-flow-data.json'),
    'utf8',
  ),
) as Record<string, unknown>;

function roundTrip(flowData: unknown) {
  const graph = fromFlowData(flowData);
  return toFlowData(graph.nodes, graph.edges, graph.viewport, graph.originals);
}

describe('canvas ↔ flow_data', () => {
  it('givenTheReactFlowSample_whenOpenedAndSavedWithoutEdits_itIsWrittenExactlyAsStored', () => {
    expect(JSON.stringify(roundTrip(sample))).toBe(JSON.stringify(sample));
  });

  it('givenEdgesWithLabelsOrData_whenOpened_eachSitsOnTheHandleOfItsTrigger', () => {
    const { edges } = fromFlowData(sample);
    expect(
      edges.map((e) => [e.id, e.sourceHandle, e.data?.trigger, e.data?.trigger_value]),
    ).toEqual([
      ['edge-1', 'button_click:Track Order', 'button_click', 'Track Order'],
      ['edge-2', 'button_click:Talk to an agent', 'button_click', 'Talk to an agent'],
    ]);
  });

  it('givenReplyButtonAndListRowEdges_whenOpened_eachSitsOnTheHandleOfItsId', () => {
    const { edges } = fromFlowData({
      nodes: [],
      edges: [
        {
          id: 'a',
          source: 'n',
          target: 't',
          data: { trigger: 'button_reply', trigger_value: 'yes' },
        },
        {
          id: 'b',
          source: 'n',
          target: 't',
          data: { trigger: 'list_reply', trigger_value: 'track' },
        },
      ],
    });
    expect(edges.map((e) => e.sourceHandle)).toEqual(['button_reply:yes', 'list_reply:track']);
  });

  it('givenAMovedNode_whenSaved_onlyItsPositionChangesAndItsOtherKeysStay', () => {
    const graph = fromFlowData(sample);
    const moved = graph.nodes.map((n) =>
      n.id === 'node-1' ? { ...n, position: { x: 5, y: 7 } } : n,
    );
    const out = toFlowData(moved, graph.edges, graph.viewport, graph.originals);
    const node1 = out.nodes![0]!;
    expect(node1['position']).toEqual({ x: 5, y: 7 });
    expect(node1['positionAbsolute']).toEqual({ x: 100, y: 100 });
    expect(node1['width']).toBe(220);
    expect(out.nodes![1]).toEqual((sample['nodes'] as unknown[])[1]);
    expect(out.edges).toEqual(sample['edges']);
  });

  it('givenANewButtonEdge_whenSaved_itCarriesItsTriggerAndHandle', () => {
    const graph = fromFlowData(sample);
    const added: CanvasEdge = {
      id: 'edge-3',
      source: 'node-2',
      target: 'node-3',
      sourceHandle: 'default',
      type: 'trigger',
      data: { trigger: 'default' },
    };
    const out = toFlowData(graph.nodes, [...graph.edges, added], graph.viewport, graph.originals);
    expect(out.edges![2]).toEqual({
      id: 'edge-3',
      source: 'node-2',
      target: 'node-3',
      data: { trigger: 'default' },
      sourceHandle: 'default',
    });
  });

  it('givenAChangedViewportAndUnknownTopLevelKeys_whenSaved_theViewportIsNewAndTheKeysStay', () => {
    const graph = fromFlowData({ ...sample, meta: { by: 'another tool' } });
    const out = toFlowData(
      graph.nodes,
      graph.edges,
      { x: -40, y: 12.5, zoom: 0.8 },
      graph.originals,
    );
    expect(out.viewport).toEqual({ x: -40, y: 12.5, zoom: 0.8 });
    expect(out['meta']).toEqual({ by: 'another tool' });
  });

  it('givenAnEditedEdgeValue_whenSaved_theDataChangesAndItsOtherKeysStay', () => {
    const graph = fromFlowData({
      nodes: [],
      edges: [
        { id: 'e', source: 'a', target: 'b', data: { trigger: 'text_reply', note: 'keep me' } },
      ],
    });
    const edited = graph.edges.map((e) => ({ ...e, data: { ...e.data!, trigger_value: 'yes' } }));
    const out = toFlowData(graph.nodes, edited, undefined, graph.originals);
    expect(out.edges![0]).toEqual({
      id: 'e',
      source: 'a',
      target: 'b',
      data: { trigger: 'text_reply', note: 'keep me', trigger_value: 'yes' },
    });
  });

  it('givenConditionEdges_whenOpenedAndReordered_theirRuleHandlesFollowTheEdgeOrder', () => {
    const rule = (id: string, value: string) => ({
      id,
      source: 'c',
      target: 't',
      sourceHandle: null,
      data: { trigger: 'condition', operator: 'equals', trigger_value: value },
    });
    const graph = fromFlowData({
      nodes: [],
      edges: [
        rule('r1', 'yes'),
        { id: 'x', source: 'c', target: 'e', data: { trigger: 'default' } },
        rule('r2', 'no'),
      ],
    });
    expect(graph.edges.map((e) => e.sourceHandle)).toEqual([
      'condition:0',
      'default',
      'condition:1',
    ]);
    const swapped = renumberRules([graph.edges[2]!, graph.edges[1]!, graph.edges[0]!]);
    expect(swapped.map((e) => [e.id, e.sourceHandle])).toEqual([
      ['r2', 'condition:0'],
      ['x', 'default'],
      ['r1', 'condition:1'],
    ]);
    const out = toFlowData(graph.nodes, swapped, undefined, graph.originals);
    expect(out.edges!.map((e) => [e['id'], e['sourceHandle']])).toEqual([
      ['r2', 'condition:0'],
      ['x', undefined],
      ['r1', 'condition:1'],
    ]);
  });

  it('givenReorderedConditionEdgesWithStaleHandles_whenSaved_theHandlesFollowTheOrder', () => {
    const graph = fromFlowData({
      nodes: [],
      edges: [
        {
          id: 'r1',
          source: 'c',
          target: 't',
          data: { trigger: 'condition', trigger_value: 'yes' },
        },
        { id: 'r2', source: 'c', target: 't', data: { trigger: 'condition', trigger_value: 'no' } },
      ],
    });
    const swapped = [graph.edges[1]!, graph.edges[0]!];
    const out = toFlowData(graph.nodes, swapped, undefined, graph.originals);
    expect(out.edges!.map((e) => [e['id'], e['sourceHandle']])).toEqual([
      ['r2', 'condition:0'],
      ['r1', 'condition:1'],
    ]);
  });

  it('givenMalformedFlowData_whenOpened_itDrawsWhatItCanWithoutThrowing', () => {
    const graph = fromFlowData({ nodes: [null, { id: 'n', position: 'x' }], edges: 'nope' });
    expect(graph.nodes).toEqual([{ id: 'n', type: 'unknown', position: { x: 0, y: 0 }, data: {} }]);
    expect(graph.edges).toEqual([]);
    expect(fromFlowData(null).nodes).toEqual([]);
  });

  it('givenTakenIds_nextIdIsTheFirstFreeOne', () => {
    expect(nextId('node', ['node-1', 'node-3'])).toBe('node-2');
  });
});
