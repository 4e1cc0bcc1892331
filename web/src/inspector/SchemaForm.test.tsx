import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from '@testing-library/react';
import kindsDocument from '../api/node-kinds.bundled.json';
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
        value={{ action: 'delay', seconds: 0 }}
        onChange={onChange}
      />,
    );
    expect(screen.getByRole('alert').textContent).toBe('At least 1.');
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
});
