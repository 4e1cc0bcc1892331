import type { Publishing } from './usePublishing';

/** The toolbar's Publish button and what is published; disabled with its reason while it cannot. */
export function PublishButton({ publishing }: { publishing: Publishing }) {
  const { published, draftChanged, errors, busy, message } = publishing;
  const reason =
    errors > 0
      ? `Fix the ${errors === 1 ? 'problem' : `${errors} problems`} first`
      : !draftChanged
        ? 'The draft is published'
        : undefined;
  const state =
    published === undefined
      ? 'Not published yet'
      : draftChanged
        ? 'Draft has unpublished changes'
        : `Published · v${published}`;
  return (
    <span className="publish">
      <span
        className={`publish-status${draftChanged ? ' changed' : ''}`}
        role="status"
        aria-label="Publication"
      >
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
      {message && (
        <span className="publish-error" role="alert">
          {message}
        </span>
      )}
    </span>
  );
}
