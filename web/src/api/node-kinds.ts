/**
 * The node-kind vocabulary the API publishes at `GET /chat-flow/node-kinds/` (the flow model's own
 * description, `NodeKinds.describe()`). The palette, the node handles and the inspector forms are
 * drawn from it; the builder knows a kind only by what this document says, plus how a few kinds
 * look. The unit tests read the endpoint's real answer (`src/test-fixtures/node-kinds.json`).
 */

/**
 * A JSON Schema (2020-12) as the node kinds publish it: the subset the forms understand. A
 * property without `type` takes any JSON (a webhook's `body`).
 */
export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  /** The keys of a map (`response_mapping`: variable names). */
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  enum?: (string | number)[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  /** `uri-template` for URLs that may hold `{{…}}` placeholders. */
  format?: string;
  readOnly?: boolean;
  /** An older spelling the API still reads; builders write the current key. */
  deprecated?: boolean;
  'x-chatflow-widget'?: string;
}

export type Category = 'message' | 'logic' | 'action';
export type WaitsForContact = 'never' | 'always' | 'with_reply_edges';

/** One handle (or family of handles) a node of the kind can have. */
export interface KindOutput {
  trigger: string;
  label: string;
  /**
   * `template_button`: one handle per quick-reply button of the template; `button`: one per
   * `data.buttons[].id`; `row`: one per `data.sections[].rows[].id`; `rule`: one per condition rule.
   */
  per: 'template_button' | 'button' | 'row' | 'rule' | null;
  description?: string;
}

export interface NodeKind {
  kind: string;
  type: string;
  action: string | null;
  label: string;
  description: string;
  category: Category;
  waits_for_contact: WaitsForContact;
  data_schema: JsonSchema;
  outputs: KindOutput[];
}

export interface TriggerInfo {
  trigger: string;
  label: string;
  description: string;
  has_value: boolean;
}

export interface OperatorInfo {
  operator: string;
  label: string;
  description: string;
  needs_value: boolean;
}

export interface SubjectInfo {
  subject: string;
  label: string;
  description: string;
  needs_key: boolean;
}

export interface PlaceholderInfo {
  placeholder: string;
  description: string;
}

export interface NodeKinds {
  kinds: NodeKind[];
  triggers: TriggerInfo[];
  operators: OperatorInfo[];
  condition_subjects: SubjectInfo[];
  placeholders: PlaceholderInfo[];
}

/** The kind of a flow_data node: by `type`, and for action kinds by `data.action` too. */
export function kindOf(
  kinds: NodeKinds,
  type: string | undefined,
  data: Record<string, unknown>,
): NodeKind | undefined {
  const candidates = kinds.kinds.filter((k) => k.type === type);
  if (candidates.length <= 1) {
    return candidates[0];
  }
  return candidates.find((k) => k.action !== null && k.action === data['action']);
}

/**
 * A new node's data: the defaults of its choices and flags, plus `action` for action kinds. The
 * default of a text or a number (a re-prompt and its count) is left out, so the node follows the
 * default, which the inspector shows as "Default: …".
 */
export function initialData(kind: NodeKind): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(kind.data_schema.properties ?? {})) {
    if (schema.default !== undefined && (schema.enum !== undefined || schema.type === 'boolean')) {
      data[name] = schema.default;
    }
  }
  if (kind.action !== null) {
    data['action'] = kind.action;
  }
  return data;
}

/** What a field is when left empty, as a hint: "Default: …"; undefined without a default. */
export function defaultHint(schema: JsonSchema): string | undefined {
  return schema.default === undefined ? undefined : `Default: ${String(schema.default)}`;
}

export function triggerLabel(kinds: NodeKinds, trigger: string): string {
  return kinds.triggers.find((t) => t.trigger === trigger)?.label ?? trigger;
}

export function operatorLabel(kinds: NodeKinds, operator: string | undefined): string {
  const op = operator ?? 'equals';
  return kinds.operators.find((o) => o.operator === op)?.label ?? op;
}
