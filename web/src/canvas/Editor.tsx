import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Background,
  Controls,
  MiniMap,
  type NodeTypes,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import {
  type DragEvent,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { Link } from 'wouter';
import type { FlowDetail, FlowReport, Problem, Template } from '../api/client';
import { useNodeKinds } from '../api/kinds-query';
import { type NodeKind, type NodeKinds } from '../api/node-kinds';
import { useTemplates } from '../api/templates';
import { Watch } from '../analytics/Watch';
import { getFlow } from '../flows/flows-api';
import { Inspector } from '../inspector/Inspector';
import { TryIt } from '../try-it/TryIt';
import { PublishBar } from '../versions/PublishBar';
import { VersionsPanel } from '../versions/VersionsPanel';
import { usePublishing } from '../versions/usePublishing';
import { ErrorNote, Header } from '../ui/Header';
import { CanvasContext, type CanvasInfo } from './context';
import { KindNode } from './KindNode';
import { autoLayout } from './layout';
import { type CanvasEdge, type CanvasNode, nextId, renumberRules } from './mapping';
import { KIND_MIME, Palette } from './Palette';
import { ProblemsPanel } from './ProblemsPanel';
import { TriggerEdge } from './TriggerEdge';
import { type FlowEditor, useFlowEditor } from './useFlowEditor';

const edgeTypes = { trigger: TriggerEdge };

function minimapColor(node: CanvasNode): string {
  return node.type === 'template' ? '#7cc7bb' : node.type === 'condition' ? '#b3a3e6' : '#eab58f';
}

export function Editor({ flowId, onSignOut }: { flowId: string; onSignOut: () => void }) {
  const flow = useQuery({
    queryKey: ['flow', flowId],
    queryFn: () => getFlow(flowId),
    staleTime: Infinity,
  });
  const kinds = useNodeKinds();
  const templates = useTemplates();
  const [generation, setGeneration] = useState(0);
  const queries = useQueryClient();
  const error = flow.error ?? kinds.error ?? templates.error;
  if (error || !flow.data || !kinds.data || !templates.data) {
    return (
      <>
        <Header onSignOut={onSignOut}>
          <Link href="/">← Flows</Link>
        </Header>
        <main className="loading">
          {error ? <ErrorNote error={error} /> : <p>Loading the flow…</p>}
        </main>
      </>
    );
  }
  const reload = async () => {
    await queries.invalidateQueries({ queryKey: ['flow', flowId] });
    await queries.refetchQueries({ queryKey: ['flow', flowId] });
    setGeneration((g) => g + 1);
  };
  return (
    <ReactFlowProvider>
      <LoadedEditor
        key={`${flowId}:${generation}`}
        flow={flow.data}
        kinds={kinds.data}
        templates={templates.data}
        onSignOut={onSignOut}
        onReload={reload}
      />
    </ReactFlowProvider>
  );
}

type Side = 'inspect' | 'try' | 'watch' | 'history';

function problemKey(p: Problem): string | undefined {
  return p.edge_id ? `edge:${p.edge_id}` : p.node_id;
}

function LoadedEditor({
  flow,
  kinds,
  templates,
  onSignOut,
  onReload,
}: {
  flow: FlowDetail;
  kinds: NodeKinds;
  templates: Template[];
  onSignOut: () => void;
  onReload: () => Promise<void>;
}) {
  const editor = useFlowEditor(flow);
  const publishing = usePublishing(editor, onReload);
  const flowApi = useReactFlow<CanvasNode, CanvasEdge>();
  const [side, setSide] = useState<Side>('inspect');
  const [highlight, setHighlight] = useState<CanvasInfo['highlight']>();
  const [report, setReport] = useState<FlowReport>();
  const clipboard = useRef<{ nodes: CanvasNode[]; edges: CanvasEdge[] }>(undefined);
  const { doc, select } = editor;

  const nodeTypes = useMemo<NodeTypes>(() => {
    const types = new Set([
      ...kinds.kinds.map((k) => k.type),
      ...doc.nodes.map((n) => n.type ?? 'unknown'),
    ]);
    return Object.fromEntries([...types].map((t) => [t, KindNode]));
    // The node types are fixed when the editor opens: a changing map would remount every node.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kinds]);

  const info = useMemo<CanvasInfo>(() => {
    const outgoing = new Map<string, CanvasEdge[]>();
    for (const e of doc.edges) outgoing.set(e.source, [...(outgoing.get(e.source) ?? []), e]);
    const problems = new Map<string, Problem[]>();
    for (const p of [...editor.problems.errors, ...editor.problems.warnings]) {
      const key = problemKey(p);
      if (key) problems.set(key, [...(problems.get(key) ?? []), p]);
    }
    return {
      kinds,
      templates: new Map(templates.map((t) => [t.id!, t])),
      startTemplate: doc.startTemplate,
      outgoing,
      problems,
      highlight,
      report: side === 'watch' ? report : undefined,
      selectEdge: (id: string) => select({ edges: [id] }),
    };
  }, [
    doc.edges,
    doc.startTemplate,
    editor.problems,
    select,
    kinds,
    templates,
    highlight,
    report,
    side,
  ]);

  const addAt = useCallback(
    (kind: NodeKind, position?: { x: number; y: number }) => {
      const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
      const center = pane
        ? flowApi.screenToFlowPosition({
            x: pane.left + pane.width / 2,
            y: pane.top + pane.height / 3,
          })
        : { x: 0, y: 0 };
      const at = position ?? {
        x: center.x + (doc.nodes.length % 5) * 24,
        y: center.y + (doc.nodes.length % 5) * 24,
      };
      editor.addNode(kind, at);
    },
    [editor, flowApi, doc.nodes.length],
  );

  const onDrop = (event: DragEvent) => {
    const id = event.dataTransfer.getData(KIND_MIME);
    const kind = kinds.kinds.find((k) => k.kind === id);
    if (!kind) return;
    event.preventDefault();
    addAt(kind, flowApi.screenToFlowPosition({ x: event.clientX - 20, y: event.clientY - 16 }));
  };

  const copy = useCallback(() => {
    const nodes = doc.nodes.filter((n) => n.selected);
    const ids = new Set(nodes.map((n) => n.id));
    clipboard.current = {
      nodes,
      edges: doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
    };
  }, [doc]);

  const paste = useCallback(() => {
    const copied = clipboard.current;
    if (!copied || copied.nodes.length === 0) return;
    editor.replaceDoc((d) => {
      const taken = d.nodes.map((n) => n.id);
      const ids = new Map<string, string>();
      for (const n of copied.nodes) {
        const id = nextId('node', [...taken, ...ids.values()]);
        ids.set(n.id, id);
      }
      const edgeIds = d.edges.map((e) => e.id);
      const nodes = copied.nodes.map((n) => ({
        ...n,
        id: ids.get(n.id)!,
        position: { x: n.position.x + 40, y: n.position.y + 40 },
        data: structuredClone(n.data),
        selected: true,
      }));
      const edges = copied.edges.map((e) => {
        const id = nextId('edge', edgeIds);
        edgeIds.push(id);
        return {
          ...e,
          id,
          source: ids.get(e.source)!,
          target: ids.get(e.target)!,
          selected: false,
        };
      });
      return {
        ...d,
        nodes: [...d.nodes.map((n) => ({ ...n, selected: false })), ...nodes],
        edges: renumberRules([...d.edges, ...edges]),
      };
    });
  }, [editor]);

  const layout = useCallback(async () => {
    const positions = await autoLayout(doc.nodes, doc.edges, (id) => {
      const node = flowApi.getInternalNode(id);
      return { width: node?.measured.width ?? 240, height: node?.measured.height ?? 120 };
    });
    editor.replaceDoc((d) => ({
      ...d,
      nodes: d.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })),
    }));
    window.setTimeout(() => void flowApi.fitView({ duration: 200, maxZoom: 1, padding: 0.1 }), 50);
  }, [doc, editor, flowApi]);

  const focus = useCallback(
    (p: Problem) => {
      const nodeId = p.node_id ?? doc.edges.find((e) => e.id === p.edge_id)?.source;
      editor.select(p.edge_id ? { edges: [p.edge_id] } : p.node_id ? { nodes: [p.node_id] } : {});
      const node = nodeId ? flowApi.getInternalNode(nodeId) : undefined;
      if (node) {
        const { x, y } = node.internals.positionAbsolute;
        void flowApi.setCenter(
          x + (node.measured.width ?? 0) / 2,
          y + (node.measured.height ?? 0) / 2,
          {
            zoom: Math.max(flowApi.getZoom(), 1),
            duration: 300,
          },
        );
      }
      setSide('inspect');
    },
    [doc.edges, editor, flowApi],
  );

  useShortcuts(editor, copy, paste);

  return (
    <CanvasContext.Provider value={info}>
      <div className="editor">
        <Header onSignOut={onSignOut} compact>
          <Link href="/" className="back">
            ← Flows
          </Link>
          <h1 className="flow-name">{editor.meta.name}</h1>
          <SaveStatus editor={editor} />
          <div className="toolbar" role="toolbar" aria-label="Editing">
            <button
              type="button"
              onClick={editor.undo}
              disabled={!editor.canUndo}
              title="Undo (Ctrl+Z)"
            >
              Undo
            </button>
            <button
              type="button"
              onClick={editor.redo}
              disabled={!editor.canRedo}
              title="Redo (Ctrl+Shift+Z)"
            >
              Redo
            </button>
            <button
              type="button"
              onClick={() => void layout()}
              title="Arrange the nodes left to right"
            >
              Layout
            </button>
            <button
              type="button"
              onClick={() => void flowApi.fitView({ duration: 200 })}
              title="Zoom to fit"
            >
              Fit
            </button>
            <button
              type="button"
              className="primary"
              onClick={() => void editor.saveNow()}
              disabled={editor.save.kind === 'saving'}
              title="Save (Ctrl+S)"
            >
              Save
            </button>
            <label className="switch" title="Active flows start conversations">
              <input
                type="checkbox"
                role="switch"
                aria-label="Active"
                checked={editor.meta.isActive}
                onChange={(e) => void editor.saveNow({ isActive: e.target.checked })}
              />
              <span>{editor.meta.isActive ? 'Active' : 'Draft'}</span>
            </label>
          </div>
          <div className="side-tabs" role="tablist" aria-label="Panels">
            {(
              [
                ['inspect', 'Inspect'],
                ['try', 'Try it'],
                ['watch', 'Watch it'],
              ] as const
            ).map(([id, label]) => (
              <button
                key={id}
                type="button"
                role="tab"
                aria-selected={side === id}
                className={side === id ? 'active' : ''}
                onClick={() => {
                  setSide(id);
                  setHighlight(undefined);
                }}
              >
                {label}
              </button>
            ))}
          </div>
        </Header>
        <PublishBar publishing={publishing} onHistory={() => setSide('history')} />
        {(editor.save.kind === 'conflict' ||
          editor.save.kind === 'refused' ||
          editor.save.kind === 'failed') && (
          <div className={`banner ${editor.save.kind}`} role="alert">
            <span>{editor.save.message}</span>
            {editor.save.kind === 'conflict' && (
              <>
                <button type="button" onClick={() => void onReload()}>
                  Discard mine and load theirs
                </button>
                <button
                  type="button"
                  className="danger"
                  onClick={async () => {
                    const latest = await getFlow(flow.id!);
                    await editor.saveNow({}, latest.version);
                  }}
                >
                  Overwrite with mine
                </button>
              </>
            )}
          </div>
        )}
        <div className="editor-body">
          <Palette kinds={kinds} onAdd={(k) => addAt(k)} />
          <div className="canvas" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
            <ReactFlow<CanvasNode, CanvasEdge>
              nodes={doc.nodes}
              edges={doc.edges}
              nodeTypes={nodeTypes}
              edgeTypes={edgeTypes}
              defaultEdgeOptions={{ type: 'trigger' }}
              onNodesChange={editor.onNodesChange}
              onEdgesChange={editor.onEdgesChange}
              onConnect={editor.onConnect}
              onNodeDragStart={editor.onNodeDragStart}
              onMoveEnd={(_, viewport) => editor.setViewport(viewport)}
              onInit={(instance) => editor.setViewport(instance.getViewport())}
              {...(editor.viewport.current || flow.flow_data === undefined || doc.nodes.length === 0
                ? { defaultViewport: editor.viewport.current ?? { x: 0, y: 0, zoom: 1 } }
                : { fitView: true, fitViewOptions: { maxZoom: 1 } })}
              deleteKeyCode={['Delete', 'Backspace']}
              multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
              minZoom={0.1}
              onlyRenderVisibleElements={doc.nodes.length > 150}
            >
              <Background gap={24} />
              <MiniMap
                pannable
                zoomable
                ariaLabel="Minimap"
                nodeColor={minimapColor}
                maskColor="rgb(240 242 245 / 70%)"
                style={{ width: 160, height: 110 }}
              />
              <Controls showInteractive={false} />
            </ReactFlow>
            {doc.nodes.length === 0 && (
              <div className="empty-canvas">
                <p>
                  Drag a kind from the palette onto the canvas to begin — a “Send template” first.
                </p>
              </div>
            )}
          </div>
          <div className="side">
            {side === 'inspect' && (
              <Inspector editor={editor} kinds={kinds} templates={templates} />
            )}
            {side === 'try' && (
              <TryIt flow={flow} editor={editor} templates={templates} onHighlight={setHighlight} />
            )}
            {side === 'history' && <VersionsPanel flowId={flow.id!} publishing={publishing} />}
            {side === 'watch' && (
              <Watch
                flow={flow}
                editor={editor}
                version={editor.version}
                onReport={setReport}
                onHighlight={setHighlight}
              />
            )}
          </div>
        </div>
        <ProblemsPanel problems={editor.problems} onFocus={focus} />
      </div>
    </CanvasContext.Provider>
  );
}

function SaveStatus({ editor }: { editor: FlowEditor }) {
  const text: Record<FlowEditor['save']['kind'], string> = {
    saved: `Saved · v${editor.version}`,
    dirty: editor.meta.isActive ? 'Unsaved changes' : 'Saving soon…',
    saving: 'Saving…',
    conflict: 'Not saved: changed elsewhere',
    refused: 'Not saved',
    failed: 'Not saved',
  };
  return (
    <span className={`save-status ${editor.save.kind}`} role="status" aria-live="polite">
      {text[editor.save.kind]}
    </span>
  );
}

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** Ctrl/⌘ + S save, Z undo, Shift+Z or Y redo, C copy, V paste, A select all. */
function useShortcuts(editor: FlowEditor, copy: () => void, paste: () => void) {
  const latest = useRef({ editor, copy, paste });
  useLayoutEffect(() => {
    latest.current = { editor, copy, paste };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const { editor: ed, copy: c, paste: p } = latest.current;
      const key = e.key.toLowerCase();
      if (key === 's') {
        e.preventDefault();
        void ed.saveNow();
        return;
      }
      if (isTyping(e.target)) return;
      if (key === 'z' && !e.shiftKey) ed.undo();
      else if ((key === 'z' && e.shiftKey) || key === 'y') ed.redo();
      else if (key === 'c') c();
      else if (key === 'v') p();
      else if (key === 'a') ed.select({ nodes: ed.doc.nodes.map((n) => n.id) });
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
