import type { ComponentType } from 'react';
import type { KindOutput, NodeKind } from '../api/node-kinds';
import { type Choice, dataChoices } from '../canvas/outputs';
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

/**
 * The values a `per` output has one handle for: the template's quick-reply buttons, or the node's
 * own reply buttons and list rows.
 */
export function choicesOf(
  per: NonNullable<KindOutput['per']>,
  data: Record<string, unknown>,
  info: CanvasInfo,
): Choice[] {
  return per === 'template_button'
    ? templateButtons(data, info).map((b) => ({ value: b, label: b }))
    : dataChoices(per, data);
}
