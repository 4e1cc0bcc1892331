import { describe, expect, it } from 'vitest';
import kindsDocument from '../test-fixtures/node-kinds.json';
import type { NodeKinds } from '../api/node-kinds';
import type { CanvasEdge } from './mapping';
import { type Choice, dataChoices, edgeLabel, followChoices, outputsOf } from './outputs';

const templateButtons =
  (...texts: string[]) =>
  (per: string): Choice[] =>
    per === 'template_button' ? texts.map((t) => ({ value: t, label: t })) : [];
const none = () => [];

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
    const handles = outputsOf(
      kind('template'),
      kinds,
      templateButtons('Track Order', 'Talk to an agent'),
      [],
    );
    expect(handles.map((h) => [h.id, h.label])).toEqual([
      ['button_click:Track Order', 'Track Order'],
      ['button_click:Talk to an agent', 'Talk to an agent'],
      ['text_reply', 'Text reply'],
      ['timeout', 'No reply'],
      ['delivery_failed', 'Not delivered'],
      ['no_match', 'No match'],
      ['default', 'Next'],
    ]);
  });

  it('givenAConditionWithTwoRules_itHasAHandlePerRuleInOrderOneToAddARuleAndElse', () => {
    const handles = outputsOf(kind('condition'), kinds, none, [
      edge('a', 'condition:0', {
        trigger: 'condition',
        operator: 'equals',
        trigger_value: 'yes',
      }),
      edge('b', 'default', { trigger: 'default' }),
      edge('c', 'condition:1', { trigger: 'condition', operator: 'is_set' }),
    ]);
    expect(handles.map((h) => [h.id, h.label, h.role])).toEqual([
      ['condition:0', 'equals yes', 'rule'],
      ['condition:1', 'is set', 'rule'],
      ['condition', '+ Rule', 'add-rule'],
      ['default', 'Else', 'output'],
    ]);
  });

  it('givenAnEdgeOnAButtonTheTemplateNoLongerHas_itKeepsAStaleHandleSoTheEdgeStaysVisible', () => {
    const handles = outputsOf(kind('template'), kinds, templateButtons('Yes'), [
      edge('e', 'button_click:Maybe', { trigger: 'button_click', trigger_value: 'Maybe' }),
    ]);
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

describe('session messages: a handle per reply button and per list row', () => {
  const list = {
    body: 'Pick one',
    button: 'Options',
    sections: [
      { title: 'Orders', rows: [{ id: 'track', title: 'Track my order' }, { id: 'return' }] },
      { rows: [{ id: 'agent', title: 'Talk to us', description: 'A person answers' }] },
    ],
  };

  it('givenAListWithRowsInTwoSections_itHasAHandlePerRowLabelledWithItsTitleThenTheOtherOutputs', () => {
    const handles = outputsOf(kind('list'), kinds, (per) => dataChoices(per, list), []);
    expect(handles.map((h) => [h.id, h.label, h.trigger, h.value ?? null])).toEqual([
      ['list_reply:track', 'Track my order', 'list_reply', 'track'],
      ['list_reply:return', 'return', 'list_reply', 'return'],
      ['list_reply:agent', 'Talk to us', 'list_reply', 'agent'],
      ['text_reply', 'Text reply', 'text_reply', null],
      ['timeout', 'No reply', 'timeout', null],
      ['window_closed', 'Window closed', 'window_closed', null],
      ['delivery_failed', 'Not delivered', 'delivery_failed', null],
      ['no_match', 'No match', 'no_match', null],
      ['default', 'Next', 'default', null],
    ]);
  });

  it('givenReplyButtons_itHasAHandlePerButtonIdSkippingOnesWithoutAnIdOrRepeated', () => {
    const data = {
      buttons: [
        { id: 'yes', title: 'Yes' },
        { title: 'No id yet' },
        { id: 'yes', title: 'Again' },
        { id: 'no', title: 'No' },
      ],
    };
    const handles = outputsOf(kind('buttons'), kinds, (per) => dataChoices(per, data), []);
    expect(handles.filter((h) => h.role === 'button').map((h) => [h.id, h.label])).toEqual([
      ['button_reply:yes', 'Yes'],
      ['button_reply:no', 'No'],
    ]);
  });

  it('givenAnEdgeOnARowTheListNoLongerHas_itKeepsAStaleHandle', () => {
    const handles = outputsOf(kind('list'), kinds, (per) => dataChoices(per, list), [
      edge('e', 'list_reply:gone', { trigger: 'list_reply', trigger_value: 'gone' }),
    ]);
    expect(handles.at(-1)).toEqual({
      id: 'list_reply:gone',
      trigger: 'list_reply',
      value: 'gone',
      label: 'List reply: gone',
      role: 'stale',
    });
  });

  it('givenAButtonIdEditedInPlace_itsEdgeFollowsToTheNewId', () => {
    const before = {
      buttons: [
        { id: 'yes', title: 'Yes' },
        { id: 'no', title: 'No' },
      ],
    };
    const after = {
      buttons: [
        { id: 'yes', title: 'Yes' },
        { id: 'nope', title: 'No' },
      ],
    };
    const edges = [
      {
        ...edge('a', 'button_reply:no', { trigger: 'button_reply', trigger_value: 'no' }),
        source: 'n',
      },
      edge('b', 'button_reply:yes', { trigger: 'button_reply', trigger_value: 'yes' }),
      {
        ...edge('c', 'button_reply:no', { trigger: 'button_reply', trigger_value: 'no' }),
        source: 'other',
      },
    ];
    const next = followChoices(kind('buttons'), 'n', before, after, edges);
    expect(next.map((e) => [e.id, e.sourceHandle, e.data?.trigger_value])).toEqual([
      ['a', 'button_reply:nope', 'nope'],
      ['b', 'button_reply:yes', 'yes'],
      ['c', 'button_reply:no', 'no'],
    ]);
  });

  it('givenARowRemoved_itsEdgeIsLeftAsItIsToShowAsStale', () => {
    const after = { ...list, sections: [list.sections[0]!] };
    const edges = [
      edge('a', 'list_reply:agent', { trigger: 'list_reply', trigger_value: 'agent' }),
    ];
    expect(followChoices(kind('list'), 'n', list, after, edges)).toBe(edges);
  });

  it('givenTwoButtonsSwapped_noEdgeMovesSinceBothIdsStillExist', () => {
    const before = { buttons: [{ id: 'yes' }, { id: 'no' }] };
    const after = { buttons: [{ id: 'no' }, { id: 'yes' }] };
    const edges = [edge('a', 'button_reply:no', { trigger: 'button_reply', trigger_value: 'no' })];
    expect(followChoices(kind('buttons'), 'n', before, after, edges)).toBe(edges);
  });
});
