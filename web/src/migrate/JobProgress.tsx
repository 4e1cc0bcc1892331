import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ErrorNote } from '../ui/Header';
import { getJob, settled, type Job } from './jobs-api';

/** A job's progress, read again every half second until it is over; then `onSettled` runs. */
export function JobProgress({ job, onSettled }: { job: Job; onSettled?: () => void }) {
  const current = useQuery({
    queryKey: ['job', job.id],
    queryFn: () => getJob(job.id!),
    initialData: job,
    refetchInterval: (query) => (settled(query.state.data) ? false : 500),
  });
  const j = current.data;
  const over = settled(j);
  useEffect(() => {
    if (over) onSettled?.();
  }, [over, onSettled]);
  const handled = (j.done ?? 0) + (j.skipped ?? 0) + (j.failed ?? 0);
  const total = j.total ?? 0;
  return (
    <div className="job-progress" role="status" aria-label="Job progress">
      <progress max={Math.max(total, 1)} value={settled(j) ? Math.max(total, 1) : handled} />
      <span className="job-status">
        {j.status === 'queued' && 'Queued'}
        {j.status === 'running' && `Running: ${handled} of ${total}`}
        {j.status === 'completed' &&
          `Completed: ${j.done} done, ${j.skipped} skipped, ${j.failed} failed of ${total}`}
        {j.status === 'failed' && `Failed: ${j.error ?? 'see the server log'}`}
        {j.status === 'interrupted' && 'Interrupted: the server stopped; run it again'}
      </span>
      {(j.skips?.length ?? 0) > 0 && (
        <details>
          <summary>Skipped</summary>
          <ul>
            {j.skips!.map((s) => (
              <li key={s.conversation}>
                {s.conversation}: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {(j.failures?.length ?? 0) > 0 && (
        <details>
          <summary>Failed</summary>
          <ul>
            {j.failures!.map((s) => (
              <li key={s.conversation}>
                {s.conversation}: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      <ErrorNote error={current.error} />
    </div>
  );
}
