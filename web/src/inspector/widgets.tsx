import { createContext, useContext } from 'react';
import type { Template } from '../api/client';
import { defaultHint } from '../api/node-kinds';
import { TemplatePicker } from '../nodes/template/TemplatePicker';
import { PlaceholderInput, type PlaceholderOption } from './PlaceholderInput';
import type { WidgetProps, Widgets } from './SchemaForm';

/** What the custom widgets offer: the workspace's templates, the placeholders in scope. */
export interface WidgetContextValue {
  templates: Template[];
  placeholders: PlaceholderOption[];
}

export const WidgetContext = createContext<WidgetContextValue>({ templates: [], placeholders: [] });

function TemplateWidget(props: WidgetProps) {
  return <TemplatePicker {...props} templates={useContext(WidgetContext).templates} />;
}

function PlaceholderWidget(props: WidgetProps) {
  const { placeholders } = useContext(WidgetContext);
  return (
    <PlaceholderInput
      {...props}
      options={placeholders}
      placeholder={defaultHint(props.field.schema)}
      multiline={(props.field.schema.maxLength ?? 0) > 256}
    />
  );
}

/** The widgets behind the `x-chatflow-widget` hints that need more than a plain input. */
export const widgets: Widgets = {
  template: TemplateWidget,
  'placeholder-text': PlaceholderWidget,
};
