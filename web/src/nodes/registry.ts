import type { ComponentType } from 'react';
import type { NodeKind } from '../api/node-kinds';
import type { CanvasInfo } from '../canvas/context';
import { ConditionBody } from './condition/ConditionBody';
import { GenericBody } from './GenericBody';
import { TemplateBody, templateButtons } from './template/TemplateBody';

export interface NodeBodyProps {
  id: string;
  data: Record<string, unknown>;
  kind: NodeKind | undefined;
  info: CanvasInfo;
}

/**
 * What the published schema cannot say about a kind: how its node looks. A kind without an entry
 * is drawn by {@link GenericBody}; adding a kind needs no entry here.
 */
const bodies: Record<string, ComponentType<NodeBodyProps>> = {
  template: TemplateBody,
  condition: ConditionBody,
};

export function bodyOf(kind: NodeKind | undefined): ComponentType<NodeBodyProps> {
  return (kind && bodies[kind.kind]) ?? GenericBody;
}

/** The values a `per: template_button` output has one handle for. */
export function buttonsOf(data: Record<string, unknown>, info: CanvasInfo): string[] {
  return templateButtons(data, info);
}
