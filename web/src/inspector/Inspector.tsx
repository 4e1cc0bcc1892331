import { createElement, useMemo } from 'react';
import type { Template } from '../api/client';
import { type NodeKinds, kindOf, triggerLabel } from '../api/node-kinds';
import type { CanvasEdge, CanvasNode } from '../canvas/mapping';
import { dataChoices } from '../canvas/outputs';
import type { FlowEditor } from '../canvas/useFlowEditor';
import { formSchemaOf, panelOf } from '../nodes/panels';
import { templateParts } from '../api/templates';
import type { PlaceholderOption } from './PlaceholderInput';
import { SchemaForm } from './SchemaForm';
import { WidgetContext, widgets } from './widgets';

interface Props {
  editor: FlowEditor;
  kinds: NodeKinds;
  templates: Template[];
}

/** The right-hand panel: the selected node's or edge's form, else the flow's settings. */
export function Inspector({ editor, kinds, templates }: Props) {
  const nodes = editor.doc.nodes.filter((n) => n.selected);
  const edges = editor.doc.edges.filter((e) => e.selected);
  const placeholders = usePlaceholders(editor, kinds);
  const context = useMemo(() => ({ templates, placeholders }), [templates, placeholders]);
  if (nodes.length === 1 && edges.length === 0) {
    return (
      <WidgetContext.Provider value={context}>
        <NodeInspector node={nodes[0]!} editor={editor} kinds={kinds} />
      </WidgetContext.Provider>
    );
  }
  if (edges.length === 1 && nodes.length === 0) {
    return <EdgeInspector edge={edges[0]!} editor={editor} kinds={kinds} templates={templates} />;
  }
  if (nodes.length + edges.length > 1) {
    return (
      <aside className="inspector" aria-label="Inspector">
        <h2>{nodes.length + edges.length} selected</h2>
        <p className="panel-note">Delete removes them; Ctrl+C and Ctrl+V copy them.</p>
      </aside>
    );
  }
  return <FlowSettings editor={editor} templates={templates} />;
}

function usePlaceholders(editor: FlowEditor, kinds: NodeKinds): PlaceholderOption[] {
  const nodes = editor.doc.nodes;
  return useMemo(() => {
    const variables = new Set<string>(['webhook_status']);
    for (const n of nodes) {
      if (n.data['action'] === 'set_variable' && typeof n.data['name'] === 'string')
        variables.add(n.data['name']);
      const mapping = n.data['response_mapping'];
      if (mapping && typeof mapping === 'object')
        Object.keys(mapping).forEach((k) => variables.add(k));
    }
    return [
      ...[...variables].map((v) => ({
        text: `{{variables.${v}}}`,
        description: 'A variable of this flow',
      })),
      ...kinds.placeholders.map((p) => ({ text: p.placeholder, description: p.description })),
    ];
  }, [nodes, kinds]);
}

function NodeInspector({
  node,
  editor,
  kinds,
}: {
  node: CanvasNode;
  editor: FlowEditor;
  kinds: NodeKinds;
}) {
  const kind = kindOf(kinds, node.type, node.data);
  const enumLabels = Object.fromEntries(kinds.condition_subjects.map((s) => [s.subject, s.label]));
  if (!kind) {
    return (
      <aside className="inspector" aria-label="Inspector">
        <h2>{node.type ?? 'Unknown'} node</h2>
        <p className="panel-note">
          The API does not publish this node type, so it cannot be edited here.
        </p>
      </aside>
    );
  }
  const Panel = panelOf(kind);
  return (
    <aside className="inspector" aria-label="Inspector">
      <h2>
        {kind.label} <span className="node-id">{node.id}</span>
      </h2>
      <p className="panel-note">{kind.description}</p>
      <SchemaForm
        key={node.id}
        schema={formSchemaOf(kind, node.data, kinds)}
        value={node.data}
        onChange={(data) => editor.setNodeData(node.id, data, kind)}
        widgets={widgets}
        enumLabels={enumLabels}
        idPrefix={`node-${node.id}`}
      />
      {Panel && createElement(Panel, { node, kind, kinds, editor })}
      <button
        type="button"
        className="danger small"
        onClick={() => editor.onNodesChange([{ type: 'remove', id: node.id }])}
      >
        Delete node
      </button>
    </aside>
  );
}

function EdgeInspector({
  edge,
  editor,
  kinds,
  templates,
}: {
  edge: CanvasEdge;
  editor: FlowEditor;
  kinds: NodeKinds;
  templates: Template[];
}) {
  const trigger = edge.data?.trigger ?? 'default';
  const info = kinds.triggers.find((t) => t.trigger === trigger);
  const source = editor.doc.nodes.find((n) => n.id === edge.source);
  const per = source
    ? kindOf(kinds, source.type, source.data)?.outputs.find((o) => o.trigger === trigger)?.per
    : undefined;
  const choices =
    trigger === 'button_click' && typeof source?.data['template_id'] === 'string'
      ? templateParts(templates.find((t) => t.id === source.data['template_id'])).buttons.map(
          (b) => ({ value: b, label: b }),
        )
      : source && (per === 'button' || per === 'row')
        ? dataChoices(per, source.data).filter((c) => c.value !== '')
        : [];
  const buttons = choices.map((c) => c.value);
  const set = (patch: Partial<NonNullable<CanvasEdge['data']>>) =>
    editor.setEdgeData(edge.id, { ...edge.data!, ...patch });
  const operator = edge.data?.operator ?? 'equals';
  return (
    <aside className="inspector" aria-label="Inspector">
      <h2>
        {triggerLabel(kinds, trigger)} edge <span className="node-id">{edge.id}</span>
      </h2>
      <p className="panel-note">
        {edge.source} → {edge.target}. {info?.description}
      </p>
      {trigger === 'condition' && (
        <div className="field">
          <label htmlFor="edge-operator">Operator</label>
          <select
            id="edge-operator"
            value={operator}
            onChange={(e) => set({ operator: e.target.value })}
          >
            {kinds.operators.map((o) => (
              <option key={o.operator} value={o.operator}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      )}
      {info?.has_value &&
        (trigger !== 'condition' ||
          kinds.operators.find((o) => o.operator === operator)?.needs_value !== false) && (
          <div className="field">
            <label htmlFor="edge-value">
              {trigger === 'button_click' || per === 'button'
                ? 'Button'
                : per === 'row'
                  ? 'Row'
                  : 'Value'}
            </label>
            {buttons.length > 0 ? (
              <select
                id="edge-value"
                value={edge.data?.trigger_value ?? ''}
                onChange={(e) => set({ trigger_value: e.target.value })}
              >
                {!buttons.includes(edge.data?.trigger_value ?? '') && (
                  <option value={edge.data?.trigger_value ?? ''}>{edge.data?.trigger_value}</option>
                )}
                {choices.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label && c.label !== c.value ? `${c.label} (${c.value})` : c.value}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id="edge-value"
                value={edge.data?.trigger_value ?? ''}
                placeholder={trigger === 'text_reply' ? 'empty: any text' : ''}
                onChange={(e) => set({ trigger_value: e.target.value })}
              />
            )}
          </div>
        )}
      <button
        type="button"
        className="danger small"
        onClick={() => editor.onEdgesChange([{ type: 'remove', id: edge.id }])}
      >
        Delete edge
      </button>
    </aside>
  );
}

function FlowSettings({ editor, templates }: { editor: FlowEditor; templates: Template[] }) {
  const { meta, doc } = editor;
  return (
    <aside className="inspector" aria-label="Inspector">
      <h2>Flow settings</h2>
      <div className="field">
        <label htmlFor="flow-name">Name</label>
        <input
          id="flow-name"
          value={meta.name}
          onChange={(e) => editor.updateMeta({ name: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="flow-description">Description</label>
        <textarea
          id="flow-description"
          rows={2}
          value={meta.description ?? ''}
          onChange={(e) => editor.updateMeta({ description: e.target.value || undefined })}
        />
      </div>
      <div className="field">
        <label htmlFor="flow-start">Start template</label>
        <select
          id="flow-start"
          value={doc.startTemplate ?? ''}
          onChange={(e) => editor.setStartTemplate(e.target.value || undefined)}
        >
          <option value="">None</option>
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
        <p className="field-help">
          Conversations start by sending it; a click on its buttons in WhatsApp starts the flow.
        </p>
      </div>
      <div className="field">
        <label htmlFor="flow-timeout">Default reply timeout (seconds)</label>
        <input
          id="flow-timeout"
          type="number"
          min={1}
          placeholder="86400 (24 hours)"
          value={meta.replyTimeout ?? ''}
          onChange={(e) =>
            editor.updateMeta({ replyTimeout: e.target.value ? Number(e.target.value) : undefined })
          }
        />
      </div>
      <p className="panel-note">
        Select a node or an edge to edit it. Drag kinds from the palette onto the canvas.
      </p>
    </aside>
  );
}
