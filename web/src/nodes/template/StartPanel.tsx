import type { PanelProps } from '../panels';

/** The start node is the template node that sends the flow's start template. */
export function StartPanel({ node, editor }: PanelProps) {
  const templateId = node.data['template_id'];
  if (typeof templateId !== 'string' || templateId === '') return null;
  if (editor.doc.startTemplate === templateId) {
    return <p className="panel-note">This node starts the flow: it sends the start template.</p>;
  }
  return (
    <button type="button" className="small" onClick={() => editor.setStartTemplate(templateId)}>
      Make this the start of the flow
    </button>
  );
}
