import type { NodeBodyProps } from '../registry';

/** A condition node says what it checks; its rules are its output rows, in order. */
export function ConditionBody({ data, info }: NodeBodyProps) {
  const subject = typeof data['subject'] === 'string' ? data['subject'] : 'reply';
  const label = info.kinds.condition_subjects.find((s) => s.subject === subject)?.label ?? subject;
  const key = typeof data['key'] === 'string' ? data['key'] : undefined;
  return (
    <p className="node-summary">
      Checks <strong>{label}</strong>
      {key ? ` “${key}”` : ''}
    </p>
  );
}
