import type { JsonSchema, NodeKinds } from '../../api/node-kinds';

/**
 * A condition's `key` names the variable or attribute its subject reads: the form shows it, as a
 * required field, only for a subject the API publishes with `needs_key` (the API reports a missing
 * one as `missing_field` on save).
 */
export function conditionForm(
  schema: JsonSchema,
  data: Record<string, unknown>,
  kinds: NodeKinds,
): JsonSchema {
  const fallback = schema.properties?.['subject']?.default;
  const subject = typeof data['subject'] === 'string' ? data['subject'] : fallback;
  const needsKey = kinds.condition_subjects.find((s) => s.subject === subject)?.needs_key ?? true;
  if (needsKey) {
    return { ...schema, required: [...(schema.required ?? []), 'key'] };
  }
  const properties = { ...schema.properties };
  delete properties['key'];
  return { ...schema, properties };
}
