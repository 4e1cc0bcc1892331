import type { ReactNode } from 'react';
import { Link } from 'wouter';

export function Header({
  children,
  onSignOut,
  compact = false,
}: {
  children?: ReactNode;
  onSignOut: () => void;
  compact?: boolean;
}) {
  return (
    <header className="app-header">
      <Link href="/" className="brand" aria-label="Chat Flows: all flows">
        <img src="/favicon.svg" alt="" width="22" height="22" />
        {!compact && 'Chat Flows'}
      </Link>
      <div className="header-main">{children}</div>
      <Link href="/agents" className="header-link">
        Agents
      </Link>
      <button type="button" className="ghost" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}

export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error instanceof Error ? error.message : String(error)}
    </p>
  );
}

export function timeAgo(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(iso).toLocaleDateString();
}
