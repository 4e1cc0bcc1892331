import type { Publishing } from './usePublishing';

/**
 * Under the editor's header: what new conversations start on, the Publish button (disabled with its
 * reason while it cannot publish) and the way to the version history.
 */
export function PublishBar({
  publishing,
  onHistory,
}: {
  publishing: Publishing;
  onHistory: () => void;
}) {
  const { published, draftChanged, errors, busy, message } = publishing;
  const reason =
    errors > 0
      ? `Fix the ${errors === 1 ? 'problem' : `${errors} problems`} first`
      : !draftChanged
        ? 'The draft is published'
        : undefined;
  const state =
    published === undefined
      ? 'Not published yet: new conversations cannot start'
      : draftChanged
        ? `Draft has unpublished changes · new conversations start on v${published}`
        : `Published · v${published}`;
  return (
    <div className={`publish-bar${draftChanged ? ' changed' : ''}`}>
      <span className="publish-status" role="status" aria-label="Publication">
        {state}
      </span>
      <button
        type="button"
        className="primary"
        onClick={() => void publishing.publish()}
        disabled={busy || reason !== undefined}
        title={reason ?? 'Publish the draft: new conversations start on it'}
      >
        Publish
      </button>
      {reason && draftChanged && <span className="publish-reason">{reason}</span>}
      <button type="button" onClick={onHistory}>
        History
      </button>
      {message && (
        <span className="publish-error" role="alert">
          {message}
        </span>
      )}
    </div>
  );
}
