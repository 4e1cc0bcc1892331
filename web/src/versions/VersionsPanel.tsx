import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { MigrateDialog } from '../migrate/MigrateDialog';
import { ErrorNote } from '../ui/Header';
import type { Publishing } from './usePublishing';
import { type FlowVersion, describeSummary, listVersions } from './versions-api';

function who(version: FlowVersion): string {
  const actor = version.published_by ?? version.changed_by;
  return actor?.token_name ?? actor?.token_id ?? 'unknown token';
}

function when(at: string | undefined): string {
  return at ? new Date(at).toLocaleString() : '';
}

/** The flow's versions, newest first: who changed what, which is published, and rollback. */
export function VersionsPanel({ flowId, publishing }: { flowId: string; publishing: Publishing }) {
  const versions = useQuery({
    queryKey: ['versions', flowId, publishing.published],
    queryFn: () => listVersions(flowId),
  });
  const [confirming, setConfirming] = useState<number>();
  const [migrating, setMigrating] = useState(false);
  if (versions.error) return <ErrorNote error={versions.error} />;
  if (!versions.data) return <p className="hint">Loading the history…</p>;
  return (
    <section className="versions" aria-label="Version history">
      <h2>History</h2>
      {versions.data.length > 1 && (
        <button type="button" onClick={() => setMigrating(true)}>
          Migrate conversations…
        </button>
      )}
      {migrating && (
        <MigrateDialog
          flowId={flowId}
          versions={versions.data.map((v) => v.version ?? 0)}
          published={publishing.published}
          onClose={() => setMigrating(false)}
        />
      )}
      <ol>
        {versions.data.map((v) => (
          <li
            key={v.version}
            className={v.is_published ? 'published' : ''}
            data-version={v.version}
          >
            <div className="version-head">
              <strong>v{v.version}</strong>
              {v.is_published && <span className="badge published">Published</span>}
              {v.rolled_back_from != null && (
                <span className="badge">Rollback of v{v.rolled_back_from}</span>
              )}
            </div>
            <div className="version-meta">
              {v.published_at
                ? `Published ${when(v.published_at)} by ${who(v)}`
                : `Saved ${when(v.created_at)} by ${who(v)}`}
            </div>
            <div className="version-summary">{describeSummary(v.summary)}</div>
            {!(v.is_published && !publishing.draftChanged) &&
              (confirming === v.version ? (
                <div className="confirm" role="group" aria-label={`Roll back to v${v.version}`}>
                  <span>
                    Publish a copy of v{v.version} as a new version and make it the draft?
                    {publishing.unsaved && ' Unsaved changes on the canvas are lost.'}
                  </span>
                  <button
                    type="button"
                    className="danger"
                    disabled={publishing.busy}
                    onClick={() => void publishing.rollback(v.version ?? 0)}
                  >
                    Roll back
                  </button>
                  <button type="button" onClick={() => setConfirming(undefined)}>
                    Cancel
                  </button>
                </div>
              ) : (
                <button type="button" onClick={() => setConfirming(v.version)}>
                  Roll back to this version
                </button>
              ))}
          </li>
        ))}
      </ol>
    </section>
  );
}
