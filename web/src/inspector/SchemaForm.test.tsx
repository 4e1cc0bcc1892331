import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from '@testing-library/react';
import kindsDocument from '../test-fixtures/node-kinds.json';
import type { NodeKinds } from '../api/node-kinds';
import { SchemaForm, type WidgetProps } from './SchemaForm';

const kinds = kindsDocument as unknown as NodeKinds;
const kind = (id: string) => kinds.kinds.find((k) => k.kind === id)!;

afterEach(cleanup);

describe('SchemaForm', () => {
  it('givenTheWebhookKind_itRendersALabelledControlPerPropertyAndReportsEdits', () => {
    const onChange = vi.fn();
    render(
      <SchemaForm
        schema={kind('action.webhook').data_schema}
        value={{ action: 'webhook' }}
        onChange={onChange}
      />,
    );
    expect(screen.getByLabelText(/URL/)).toHaveProperty('type', 'url');
    expect(screen.getByRole('alert').textContent).toBe('Required.');
    fireEvent.change(screen.getByLabelText(/Method/), { target: { value: 'GET' } });
    expect(onChange).toHaveBeenLastCalledWith({ action: 'webhook', method: 'GET' });
    fireEvent.change(screen.getByLabelText(/URL/), {
      target: { value: 'https://example.org/hook' },
    });
    expect(onChange).toHaveBeenLastCalledWith({
      action: 'webhook',
      url: 'https://example.org/hook',
    });
  });

  it('givenAnIntegerField_clearingItRemovesTheKeyAndAnOutOfRangeValueIsShownInline', () => {
    const onChange = vi.fn();
    const { rerender } = render(
      <SchemaForm
        schema={kind('action.delay').data_schema}
        value={{ action: 'delay', seconds: -1 }}
        onChange={onChange}
      />,
    );
    expect(screen.getByRole('alert').textContent).toBe('At least 0.');
    fireEvent.change(screen.getByLabelText(/Seconds/), { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith({ action: 'delay' });
    rerender(
      <SchemaForm
        schema={kind('action.delay').data_schema}
        value={{ action: 'delay', seconds: 30 }}
        onChange={onChange}
      />,
    );
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('givenAWidgetHint_itUsesTheRegisteredWidgetWhichMayPatchSiblingFields', () => {
    const onChange = vi.fn();
    const Picker = ({ onPatch }: WidgetProps) => (
      <button
        type="button"
        onClick={() => onPatch({ template_id: 't1', template_name: 'welcome' })}
      >
        pick
      </button>
    );
    render(
      <SchemaForm
        schema={kind('template').data_schema}
        value={{}}
        onChange={onChange}
        widgets={{ template: Picker }}
      />,
    );
    fireEvent.click(screen.getByText('pick'));
    expect(onChange).toHaveBeenLastCalledWith({ template_id: 't1', template_name: 'welcome' });
  });

  it('givenAListOfTags_itAddsEditsAndRemovesItems', () => {
    const onChange = vi.fn();
    render(
      <SchemaForm
        schema={kind('action.tag').data_schema}
        value={{ action: 'tag', tags: ['vip'] }}
        onChange={onChange}
      />,
    );
    fireEvent.click(screen.getByText('+ Add'));
    expect(onChange).toHaveBeenLastCalledWith({ action: 'tag', tags: ['vip', ''] });
    fireEvent.click(screen.getByLabelText('Remove item 1'));
    expect(onChange).toHaveBeenLastCalledWith({ action: 'tag' });
  });

  it('givenAListNode_itsSectionsAndRowsAreEditedAsNestedItemsWithInlineLimits', () => {
    const onChange = vi.fn();
    const schema = kind('list').data_schema;
    const { rerender } = render(
      <SchemaForm schema={schema} value={{ body: 'Pick', button: 'Open' }} onChange={onChange} />,
    );
    expect(screen.getByRole('alert').textContent).toBe('Required.');
    fireEvent.click(screen.getByRole('button', { name: '+ Add section' }));
    expect(onChange).toHaveBeenLastCalledWith({
      body: 'Pick',
      button: 'Open',
      sections: [{ rows: [{}] }],
    });
    const value = {
      body: 'Pick',
      button: 'Open',
      sections: [{ rows: [{ id: 'track', title: 'A row title longer than 24' }, { id: 'b' }] }],
    };
    rerender(<SchemaForm schema={schema} value={value} onChange={onChange} />);
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual([
      'At most 24 characters.',
      'Required.',
    ]);
    fireEvent.change(
      screen.getByLabelText(/Title/, { selector: '[id="field-sections.0.rows.1.title"]' }),
      {
        target: { value: 'Talk to us' },
      },
    );
    expect(onChange).toHaveBeenLastCalledWith({
      ...value,
      sections: [{ rows: [value.sections[0]!.rows[0], { id: 'b', title: 'Talk to us' }] }],
    });
    fireEvent.click(screen.getByRole('button', { name: 'Move row 2 up' }));
    expect(onChange).toHaveBeenLastCalledWith({
      ...value,
      sections: [{ rows: [{ id: 'b' }, value.sections[0]!.rows[0]] }],
    });
    fireEvent.click(screen.getByRole('button', { name: 'Remove row 1' }));
    expect(onChange).toHaveBeenLastCalledWith({ ...value, sections: [{ rows: [{ id: 'b' }] }] });
  });

  it('givenThreeButtons_addingAFourthIsRefusedAndSaysTheLimit', () => {
    const buttons = [1, 2, 3].map((i) => ({ id: `b${i}`, title: `B${i}` }));
    render(
      <SchemaForm
        schema={kind('buttons').data_schema}
        value={{ body: 'Hi', buttons }}
        onChange={vi.fn()}
      />,
    );
    expect(screen.getByRole('button', { name: '+ Add button' })).toHaveProperty('disabled', true);
    expect(screen.getByText('At most 3.')).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Button 2' })).toBeTruthy();
  });
});
