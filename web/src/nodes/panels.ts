import type { ComponentType } from 'react';
import type { NodeKind, NodeKinds } from '../api/node-kinds';
import type { CanvasNode } from '../canvas/mapping';
import type { FlowEditor } from '../canvas/useFlowEditor';
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
