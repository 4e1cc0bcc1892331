import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorNote } from '../ui/Header';
import { JobProgress } from './JobProgress';
import { dryRunMigration, nodesOf, startMigration, type Migration } from './jobs-api';

const NO_TARGET = '';

/**
 * Migrating the flow's running conversations from one version to another: the versions, a node
 * mapping pre-filled with the same ids, the dry run's table per node, then the job's progress.
 */
export function MigrateDialog({
  flowId,
  versions,
  published,
  onClose,
}: {
  flowId: string;
  versions: number[];
  published: number | undefined;
  onClose: () => void;
}) {
  const newest = versions[0] ?? 1;
  const [to, setTo] = useState<number>(published ?? newest);
  const [from, setFrom] = useState<number>(versions.find((v) => v < (published ?? newest)) ?? to);
  const [overrides, setOverrides] = useState<Record<string, string>>({});

  const fromNodes = useQuery({
    queryKey: ['version-nodes', flowId, from],
    queryFn: () => nodesOf(flowId, from),
  });
  const toNodes = useQuery({
    queryKey: ['version-nodes', flowId, to],
    queryFn: () => nodesOf(flowId, to),
  });
  /** The target of each node: chosen in the table, else the node with the same id, if any. */
  const sameId = (node: string): string => (toNodes.data?.includes(node) ? node : NO_TARGET);
  const targetOf = (node: string): string => overrides[node] ?? sameId(node);

  const migration = (): Migration => ({
    from_version: from,
    to_version: to,
    // Only the nodes that do not go to the node with their own id (or nowhere, when it is gone).
    mapping: Object.fromEntries(
      (fromNodes.data ?? [])
        .filter((node) => overrides[node] !== undefined && overrides[node] !== sameId(node))
        .map((node) => [node, overrides[node] === NO_TARGET ? null : (overrides[node] ?? null)]),
    ),
  });
  const dryRun = useMutation({ mutationFn: () => dryRunMigration(flowId, migration()) });
  const run = useMutation({ mutationFn: () => startMigration(flowId, migration()) });
  const reset = () => {
    setOverrides({});
    dryRun.reset();
    run.reset();
  };

  return (
    <div className="dialog-backdrop">
      <div className="dialog migrate" role="dialog" aria-label="Migrate conversations">
        <h2>Migrate running conversations</h2>
        <p className="hint">
          A conversation waiting for a reply keeps waiting at the mapped node, with its variables
          and the time left on its wait; one in the middle of a step moves at its next wait.
        </p>
        <div className="migrate-versions">
          <label>
            From
            <select
              aria-label="From version"
              value={from}
              onChange={(e) => {
                setFrom(Number(e.target.value));
                reset();
              }}
            >
              {versions.map((v) => (
                <option key={v} value={v}>
                  v{v}
                </option>
              ))}
            </select>
          </label>
          <label>
            To
            <select
              aria-label="To version"
              value={to}
              onChange={(e) => {
                setTo(Number(e.target.value));
                reset();
              }}
            >
              {versions.map((v) => (
                <option key={v} value={v}>
                  v{v}
                  {v === published ? ' (published)' : ''}
                </option>
              ))}
            </select>
          </label>
        </div>
        <table className="flows-table mapping" aria-label="Node mapping">
          <thead>
            <tr>
              <th>Node in v{from}</th>
              <th>Goes to in v{to}</th>
            </tr>
          </thead>
          <tbody>
            {/* Rows once both versions are read: a target shown is the one the run uses. */}
            {(toNodes.data ? (fromNodes.data ?? []) : []).map((node) => (
              <tr key={node}>
                <td>{node}</td>
                <td>
                  <select
                    aria-label={`Target of ${node}`}
                    value={targetOf(node)}
                    onChange={(e) => {
                      setOverrides({ ...overrides, [node]: e.target.value });
                      dryRun.reset();
                      run.reset();
                    }}
                  >
                    <option value={NO_TARGET}>(no target: stays on v{from})</option>
                    {(toNodes.data ?? []).map((target) => (
                      <option key={target} value={target}>
                        {target}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="dialog-actions">
          <button
            type="button"
            onClick={() => dryRun.mutate()}
            disabled={from === to || !fromNodes.data || !toNodes.data || dryRun.isPending}
          >
            Dry run
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => run.mutate()}
            disabled={!dryRun.data || run.isPending || run.isSuccess}
            title={dryRun.data ? undefined : 'Dry run first'}
          >
            Run migration
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
        {from === to && <p className="hint">Choose two different versions.</p>}
        <ErrorNote error={fromNodes.error ?? toNodes.error ?? dryRun.error ?? run.error} />
        {dryRun.data && (
          <table className="flows-table dry-run" aria-label="Dry run">
            <thead>
              <tr>
                <th>Node</th>
                <th>Waiting</th>
                <th>Mid-step</th>
                <th>Goes to</th>
              </tr>
            </thead>
            <tbody>
              {(dryRun.data.nodes ?? []).map((row) => (
                <tr key={row.node ?? ''} className={row.no_target ? 'no-target' : ''}>
                  <td>{row.node}</td>
                  <td>{row.waiting}</td>
                  <td>{row.mid_step}</td>
                  <td>{row.no_target ? 'No target: stays' : row.target}</td>
                </tr>
              ))}
              {(dryRun.data.nodes ?? []).length === 0 && (
                <tr>
                  <td colSpan={4} className="empty">
                    No running conversation on v{from}.
                  </td>
                </tr>
              )}
            </tbody>
            <tfoot>
              <tr>
                <td>Total {dryRun.data.total}</td>
                <td>{dryRun.data.waiting}</td>
                <td>{dryRun.data.mid_step}</td>
                <td>{dryRun.data.no_target} without a target</td>
              </tr>
            </tfoot>
          </table>
        )}
        {run.data && <JobProgress job={run.data} />}
      </div>
    </div>
  );
}
