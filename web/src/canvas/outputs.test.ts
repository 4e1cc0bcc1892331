import { describe, expect, it } from 'vitest';
import kindsDocument from '../api/node-kinds.bundled.json';
import type { NodeKinds } from '../api/node-kinds';
import type { CanvasEdge } from './mapping';
import { edgeLabel, outputsOf } from './outputs';

const kinds = kindsDocument as unknown as NodeKinds;
const kind = (id: string) => kinds.kinds.find((k) => k.kind === id)!;
const edge = (id: string, sourceHandle: string, data: CanvasEdge['data']): CanvasEdge => ({
  id,
  source: 'n',
  target: 't',
  sourceHandle,
  data,
});

describe('node handles from the published outputs', () => {
  it('givenATemplateWithTwoButtons_itHasAHandlePerButtonThenTheOtherOutputsInOrder', () => {
    const handles = outputsOf(kind('template'), kinds, ['Track Order', 'Talk to an agent'], []);
    expect(handles.map((h) => [h.id, h.label])).toEqual([
      ['button_click:Track Order', 'Track Order'],
      ['button_click:Talk to an agent', 'Talk to an agent'],
      ['text_reply', 'Text reply'],
      ['timeout', 'No reply'],
      ['delivery_failed', 'Not delivered'],
      ['default', 'Next'],
    ]);
  });

  it('givenAConditionWithTwoRules_itHasAHandlePerRuleInOrderOneToAddARuleAndElse', () => {
    const handles = outputsOf(
      kind('condition'),
      kinds,
      [],
      [
        edge('a', 'condition:0', {
          trigger: 'condition',
          operator: 'equals',
          trigger_value: 'yes',
        }),
        edge('b', 'default', { trigger: 'default' }),
        edge('c', 'condition:1', { trigger: 'condition', operator: 'is_set' }),
      ],
    );
    expect(handles.map((h) => [h.id, h.label, h.role])).toEqual([
      ['condition:0', 'equals yes', 'rule'],
      ['condition:1', 'is set', 'rule'],
      ['condition', '+ Rule', 'add-rule'],
      ['default', 'Else', 'output'],
    ]);
  });

  it('givenAnEdgeOnAButtonTheTemplateNoLongerHas_itKeepsAStaleHandleSoTheEdgeStaysVisible', () => {
    const handles = outputsOf(
      kind('template'),
      kinds,
      ['Yes'],
      [edge('e', 'button_click:Maybe', { trigger: 'button_click', trigger_value: 'Maybe' })],
    );
    expect(handles.at(-1)).toEqual({
      id: 'button_click:Maybe',
      trigger: 'button_click',
      value: 'Maybe',
      label: 'Button: Maybe',
      role: 'stale',
    });
  });

  it('givenEdgesOfEachTrigger_theirLabelsSayTriggerAndValue', () => {
    const template = kind('template');
    expect(
      edgeLabel(
        edge('1', 'x', { trigger: 'button_click', trigger_value: 'Track Order' }),
        template,
        kinds,
      ),
    ).toBe('Button: Track Order');
    expect(edgeLabel(edge('2', 'x', { trigger: 'text_reply' }), template, kinds)).toBe(
      'Text reply: any text',
    );
    expect(edgeLabel(edge('3', 'x', { trigger: 'timeout' }), template, kinds)).toBe('No reply');
    expect(edgeLabel(edge('4', 'x', { trigger: 'default' }), kind('condition'), kinds)).toBe(
      'Else',
    );
    expect(
      edgeLabel(
        edge('5', 'x', { trigger: 'condition', operator: 'contains', trigger_value: 'refund' }),
        undefined,
        kinds,
      ),
    ).toBe('If contains refund');
  });
});
