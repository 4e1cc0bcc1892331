import { fillParameters, templateParts, templateStatusBadge } from '../../api/templates';
import type { NodeBodyProps } from '../registry';

/** A template node shows the message as it will be sent: header, body with its parameters. */
export function TemplateBody({ data, info }: NodeBodyProps) {
  const id = typeof data['template_id'] === 'string' ? data['template_id'] : undefined;
  const template = id ? info.templates.get(id) : undefined;
  if (!id) return <p className="node-hint">Choose a template in the inspector.</p>;
  if (!template) {
    return <p className="node-hint">Template {String(data['template_name'] ?? id)} not found.</p>;
  }
  const parts = templateParts(template);
  const parameters = data['parameters'] as { body?: string[]; header?: string[] } | undefined;
  const status = templateStatusBadge(template);
  return (
    <div className="node-message">
      <div className="node-template-name">
        {template.name}
        {status && (
          <span
            className="badge template-status"
            title={`WhatsApp will not send this template while it is ${status}${template.reason ? ` (${template.reason})` : ''}`}
          >
            {status}
          </span>
        )}
      </div>
      {parts.header && <strong>{fillParameters(parts.header, parameters?.header)}</strong>}
      <p>{fillParameters(parts.body, parameters?.body)}</p>
    </div>
  );
}

/** The quick-reply buttons of the node's template: one output handle each. */
export function templateButtons(
  data: Record<string, unknown>,
  info: NodeBodyProps['info'],
): string[] {
  const id = typeof data['template_id'] === 'string' ? data['template_id'] : undefined;
  return id ? templateParts(info.templates.get(id)).buttons : [];
}
