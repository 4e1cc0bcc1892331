import {
  type Connection,
  type EdgeChange,
  type NodeChange,
  type Viewport,
  applyEdgeChanges,
  applyNodeChanges,
} from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ApiError, asFlowData, type FlowDetail, type Problem } from '../api/client';
import { type NodeKind, initialData } from '../api/node-kinds';
import { requestOf, saveFlow } from '../flows/flows-api';
import { CHOICE_TRIGGERS, parseHandle } from './handles';
import { followChoices } from './outputs';
import { type History, emptyHistory, record, redo, undo } from './history';
import {
  type CanvasEdge,
  type CanvasNode,
  type NodeData,
  type Originals,
  fromFlowData,
  nextId,
  renumberRules,
  toFlowData,
} from './mapping';

export interface Doc {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
  startTemplate: string | undefined;
}

export interface Meta {
  name: string;
  description: string | undefined;
  isActive: boolean;
  replyTimeout: number | undefined;
}

export type SaveState =
  | { kind: 'saved' }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'conflict'; message: string }
  | { kind: 'refused'; message: string }
  | { kind: 'failed'; message: string };

const AUTOSAVE_MS = 1500;

function metaOf(flow: FlowDetail): Meta {
  return {
    name: flow.name ?? '',
    description: flow.description,
    isActive: flow.is_active ?? false,
    replyTimeout: flow.settings?.reply_timeout_seconds,
  };
}

/**
 * The edited flow: the canvas document with undo/redo, the flow's settings, and saving with
 * `If-Match` (a conflict is shown, never overwritten silently). Drafts save by themselves shortly
 * after each edit; an active flow saves when asked, since a save changes what new conversations run.
 */
export function useFlowEditor(flow: FlowDetail) {
  const initial = useMemo(() => fromFlowData(flow.flow_data), [flow]);
  const [doc, setDocState] = useState<Doc>({
    nodes: initial.nodes,
    edges: initial.edges,
    startTemplate: flow.start_template,
  });
  const [meta, setMeta] = useState<Meta>(() => metaOf(flow));
  const [history, setHistory] = useState<History<Doc>>(emptyHistory);
  const [problems, setProblems] = useState<{ errors: Problem[]; warnings: Problem[] }>({
    errors: flow.errors ?? [],
    warnings: flow.warnings ?? [],
  });
  const [save, setSave] = useState<SaveState>({ kind: 'saved' });
  const [version, setVersion] = useState(flow.version ?? 1);
  const originals = useRef<Originals>(initial.originals);
  const viewport = useRef<Viewport | undefined>(initial.viewport);
  const edits = useRef(0);
  const docRef = useRef(doc);
  const metaRef = useRef(meta);
  const versionRef = useRef(version);
  useLayoutEffect(() => {
    docRef.current = doc;
    metaRef.current = meta;
    versionRef.current = version;
  });

  const touched = useCallback(() => {
    edits.current++;
    setSave((s) => (s.kind === 'conflict' ? s : { kind: 'dirty' }));
  }, []);

  /** An edit that undo can take back. */
  const change = useCallback(
    (next: (d: Doc) => Doc) => {
      const before = docRef.current;
      const after = next(before);
      if (after === before) return;
      setHistory((h) => record(h, before));
      docRef.current = after;
      setDocState(after);
      touched();
    },
    [touched],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      const apply = (d: Doc): Doc => {
        const nodes = applyNodeChanges(changes, d.nodes);
        const removed = new Set(changes.flatMap((c) => (c.type === 'remove' ? [c.id] : [])));
        const edges = removed.size
          ? renumberRules(d.edges.filter((e) => !removed.has(e.source) && !removed.has(e.target)))
          : d.edges;
        return { ...d, nodes, edges };
      };
      if (changes.some((c) => c.type === 'remove')) {
        change(apply);
        return;
      }
      const next = apply(docRef.current);
      docRef.current = next;
      setDocState(next);
      if (changes.some((c) => c.type === 'position' && c.dragging === false)) touched();
    },
    [change, touched],
  );

  /** Drag start: remember the positions before, so undo puts the nodes back. */
  const onNodeDragStart = useCallback(() => {
    setHistory((h) => record(h, docRef.current));
  }, []);

  const onEdgesChange = useCallback(
    (changes: EdgeChange<CanvasEdge>[]) => {
      const apply = (d: Doc): Doc => ({
        ...d,
        edges: renumberRules(applyEdgeChanges(changes, d.edges)),
      });
      if (changes.some((c) => c.type === 'remove')) change(apply);
      else {
        const next = apply(docRef.current);
        docRef.current = next;
        setDocState(next);
      }
    },
    [change],
  );

  /** A new edge from a handle; a handle other than "Text reply" holds one edge, so it moves. */
  const onConnect = useCallback(
    (connection: Connection) => {
      const { trigger, value } = parseHandle(connection.sourceHandle);
      change((d) => {
        const isRule = trigger === 'condition' && value !== undefined;
        const existing = d.edges.find(
          (e) =>
            e.source === connection.source &&
            e.sourceHandle === connection.sourceHandle &&
            trigger !== 'text_reply' &&
            (isRule || trigger !== 'condition'),
        );
        if (existing) {
          return {
            ...d,
            edges: d.edges.map((e) => (e === existing ? { ...e, target: connection.target } : e)),
          };
        }
        const data: CanvasEdge['data'] =
          trigger === 'condition'
            ? { trigger, operator: 'equals', trigger_value: '' }
            : CHOICE_TRIGGERS.has(trigger)
              ? { trigger, trigger_value: value ?? '' }
              : { trigger };
        const edge: CanvasEdge = {
          id: nextId(
            'edge',
            d.edges.map((e) => e.id),
          ),
          source: connection.source,
          target: connection.target,
          sourceHandle: connection.sourceHandle,
          type: 'trigger',
          data,
          selected: trigger === 'condition',
        };
        const edges = d.edges.map((e) =>
          e.selected && edge.selected ? { ...e, selected: false } : e,
        );
        return {
          ...d,
          nodes: edge.selected
            ? d.nodes.map((n) => (n.selected ? { ...n, selected: false } : n))
            : d.nodes,
          edges: renumberRules([...edges, edge]),
        };
      });
    },
    [change],
  );

  const addNode = useCallback(
    (kind: NodeKind, position: { x: number; y: number }) => {
      change((d) => {
        const node: CanvasNode = {
          id: nextId(
            'node',
            d.nodes.map((n) => n.id),
          ),
          type: kind.type,
          position,
          data: initialData(kind),
          selected: true,
        };
        return {
          ...d,
          nodes: [...d.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node],
          edges: d.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
        };
      });
    },
    [change],
  );

  /** New data for a node; edges on a reply button or row whose id was edited follow it. */
  const setNodeData = useCallback(
    (id: string, data: NodeData, kind?: NodeKind) => {
      change((d) => ({
        ...d,
        nodes: d.nodes.map((n) => (n.id === id ? { ...n, data } : n)),
        edges: followChoices(kind, id, d.nodes.find((n) => n.id === id)?.data ?? {}, data, d.edges),
        // The first template chosen becomes the start template, as the flow needs one to run.
        startTemplate:
          d.startTemplate ??
          (typeof data['template_id'] === 'string' ? data['template_id'] : undefined),
      }));
    },
    [change],
  );

  const setEdgeData = useCallback(
    (id: string, data: CanvasEdge['data']) => {
      change((d) => ({
        ...d,
        edges: renumberRules(d.edges.map((e) => (e.id === id ? { ...e, data } : e))),
      }));
    },
    [change],
  );

  const setStartTemplate = useCallback(
    (templateId: string | undefined) => change((d) => ({ ...d, startTemplate: templateId })),
    [change],
  );

  const updateMeta = useCallback(
    (patch: Partial<Meta>) => {
      setMeta((m) => ({ ...m, ...patch }));
      touched();
    },
    [touched],
  );

  const replaceDoc = useCallback(
    (next: (d: Doc) => Doc) => {
      change(next);
    },
    [change],
  );

  /** Selects exactly these elements: not an edit (no undo step, nothing to save). */
  const select = useCallback((ids: { nodes?: string[]; edges?: string[] }) => {
    const nodes = new Set(ids.nodes ?? []);
    const edges = new Set(ids.edges ?? []);
    const d = docRef.current;
    const next = {
      ...d,
      nodes: d.nodes.map((n) =>
        n.selected === nodes.has(n.id) ? n : { ...n, selected: nodes.has(n.id) },
      ),
      edges: d.edges.map((e) =>
        e.selected === edges.has(e.id) ? e : { ...e, selected: edges.has(e.id) },
      ),
    };
    docRef.current = next;
    setDocState(next);
  }, []);

  const doUndo = useCallback(() => {
    const step = undo(history, docRef.current);
    if (!step) return;
    setHistory(step.history);
    docRef.current = step.state;
    setDocState(step.state);
    touched();
  }, [history, touched]);

  const doRedo = useCallback(() => {
    const step = redo(history, docRef.current);
    if (!step) return;
    setHistory(step.history);
    docRef.current = step.state;
    setDocState(step.state);
    touched();
  }, [history, touched]);

  /** The flow as it would be stored now. */
  const request = useCallback(
    (overrides: Partial<Meta> = {}) => {
      const d = docRef.current;
      const m = { ...metaRef.current, ...overrides };
      return {
        ...requestOf(flow),
        name: m.name,
        description: m.description,
        is_active: m.isActive,
        start_template: d.startTemplate,
        settings: m.replyTimeout ? { reply_timeout_seconds: m.replyTimeout } : {},
        flow_data: asFlowData(toFlowData(d.nodes, d.edges, viewport.current, originals.current)),
      };
    },
    [flow],
  );

  const saveOnce = useCallback(
    async (overrides: Partial<Meta>, base: number): Promise<boolean> => {
      const editsAtStart = edits.current;
      setSave({ kind: 'saving' });
      try {
        const saved = await saveFlow(flow.id!, base, request(overrides));
        originals.current = fromFlowData(saved.flow_data).originals;
        setVersion(saved.version ?? base);
        versionRef.current = saved.version ?? base;
        setMeta((m) => ({ ...m, isActive: saved.is_active ?? m.isActive }));
        setProblems({ errors: saved.errors ?? [], warnings: saved.warnings ?? [] });
        setSave(edits.current === editsAtStart ? { kind: 'saved' } : { kind: 'dirty' });
        return true;
      } catch (e) {
        const error = e instanceof ApiError ? e : new ApiError(0, {});
        if (error.status === 409) {
          setSave({
            kind: 'conflict',
            message: `${error.message} Someone else saved this flow after you opened it, so your changes were not saved.`,
          });
        } else if (error.problem.code === 'invalid_flow') {
          setProblems((p) => ({ errors: error.problem.errors ?? p.errors, warnings: p.warnings }));
          setSave({
            kind: 'refused',
            message: `${error.message} Fix the problems listed below, or switch the flow off.`,
          });
        } else {
          setSave({ kind: 'failed', message: error.message });
        }
        return false;
      }
    },
    [flow.id, request],
  );

  const saving = useRef<Promise<boolean> | undefined>(undefined);
  /**
   * Saves now; `overrides` (e.g. `isActive`) change the flow in the same write. A save asked for
   * while another is under way runs right after it, with the version that one produced.
   */
  const saveNow = useCallback(
    async (overrides: Partial<Meta> = {}, base?: number): Promise<boolean> => {
      while (saving.current) await saving.current;
      const run = saveOnce(overrides, base ?? versionRef.current);
      saving.current = run;
      try {
        return await run;
      } finally {
        if (saving.current === run) saving.current = undefined;
      }
    },
    [saveOnce],
  );

  // Drafts save by themselves shortly after the last edit.
  useEffect(() => {
    if (save.kind !== 'dirty' || meta.isActive) return;
    const timer = window.setTimeout(() => void saveNow(), AUTOSAVE_MS);
    return () => window.clearTimeout(timer);
  }, [save, doc, meta, saveNow]);

  return {
    flow,
    doc,
    meta,
    version,
    problems,
    save,
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
    viewport,
    onNodesChange,
    onNodeDragStart,
    onEdgesChange,
    onConnect,
    addNode,
    setNodeData,
    setEdgeData,
    setStartTemplate,
    updateMeta,
    replaceDoc,
    select,
    undo: doUndo,
    redo: doRedo,
    saveNow,
    request,
    setViewport: (v: Viewport) => {
      viewport.current = v;
    },
  };
}

export type FlowEditor = ReturnType<typeof useFlowEditor>;
