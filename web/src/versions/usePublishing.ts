import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { ApiError } from '../api/client';
import type { FlowEditor } from '../canvas/useFlowEditor';
import { getPublication, publishFlow, rollbackFlow } from './versions-api';

/**
 * Which version of the flow new conversations start on, and publishing or rolling back. The
 * published version is read again after every save of the draft (activating a flow never published
 * publishes it), and after every publish and rollback.
 */
export function usePublishing(editor: FlowEditor, onReload: () => Promise<void>) {
  const flowId = editor.flow.id!;
  const queries = useQueryClient();
  const status = useQuery({
    queryKey: ['publication', flowId, editor.version, editor.meta.isActive],
    queryFn: () => getPublication(flowId),
    placeholderData: (previous) => previous ?? editor.flow,
  });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();
  const published = status.data?.published_version ?? undefined;
  const unsaved = editor.save.kind !== 'saved';
  const draftChanged = unsaved || published !== editor.version;
  const errors = editor.problems.errors.length;

  const refresh = useCallback(async () => {
    await queries.invalidateQueries({ queryKey: ['publication', flowId] });
    await queries.invalidateQueries({ queryKey: ['versions', flowId] });
  }, [queries, flowId]);

  const publish = useCallback(async () => {
    setBusy(true);
    setMessage(undefined);
    try {
      if (editor.save.kind !== 'saved' && !(await editor.saveNow())) {
        setMessage('The draft could not be saved, so it was not published.');
        return;
      }
      await publishFlow(flowId);
      await refresh();
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }, [editor, flowId, refresh]);

  const rollback = useCallback(
    async (version: number) => {
      setBusy(true);
      setMessage(undefined);
      try {
        await rollbackFlow(flowId, version);
        await refresh();
        await onReload();
      } catch (e) {
        setMessage(e instanceof ApiError ? e.message : String(e));
      } finally {
        setBusy(false);
      }
    },
    [flowId, refresh, onReload],
  );

  return { published, draftChanged, unsaved, errors, busy, message, publish, rollback };
}

export type Publishing = ReturnType<typeof usePublishing>;
