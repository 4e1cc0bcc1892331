import type { ComponentType } from 'react';
import type { JsonSchema, NodeKind, NodeKinds } from '../api/node-kinds';
import type { CanvasNode } from '../canvas/mapping';
import type { FlowEditor } from '../canvas/useFlowEditor';
import { conditionForm } from './condition/form';
import { RulesPanel } from './condition/RulesPanel';
import { StartPanel } from './template/StartPanel';

export interface PanelProps {
  node: CanvasNode;
  kind: NodeKind;
  kinds: NodeKinds;
  editor: FlowEditor;
}

/** Inspector parts the schema cannot generate: a kind without an entry gets its form only. */
const panels: Record<string, ComponentType<PanelProps>> = {
  template: StartPanel,
  condition: RulesPanel,
};

export function panelOf(kind: NodeKind): ComponentType<PanelProps> | undefined {
  return panels[kind.kind];
}

/**
 * The schema a kind's form is generated from: the published one, or for a kind with an entry here
 * the published one adjusted to the node's own data (a field that applies only to some values).
 */
const forms: Record<
  string,
  (schema: JsonSchema, data: Record<string, unknown>, kinds: NodeKinds) => JsonSchema
> = {
  condition: conditionForm,
};

export function formSchemaOf(
  kind: NodeKind,
  data: Record<string, unknown>,
  kinds: NodeKinds,
): JsonSchema {
  return forms[kind.kind]?.(kind.data_schema, data, kinds) ?? kind.data_schema;
}
