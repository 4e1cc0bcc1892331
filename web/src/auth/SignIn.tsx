import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../api/client';
import { session } from './session';

/** Signs in with a workspace API token, checked against the API before it is kept. */
export function SignIn({
  notice,
  onSignedIn,
}: {
  notice: string | undefined;
  onSignedIn: (token: string) => void;
}) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>(notice);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    session.signIn(token);
    try {
      await api.GET('/chat-flow/flows', { params: { query: { page_size: 1 } } });
      onSignedIn(token.trim());
    } catch (e) {
      session.signOut();
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form onSubmit={submit} className="card">
        <h1>
          <img src="/favicon.svg" alt="" width="28" height="28" /> Chat Flows
        </h1>
        <p>Sign in with your workspace's API token.</p>
        <label>
          API token
          <input
            type="password"
            name="token"
            autoFocus
            autoComplete="off"
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || token.trim() === ''}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        <p className="hint">
          The token is kept in this tab only and forgotten when you close it. The embedded default
          prints it at its first start, or uses <code>CHATFLOW_BOOTSTRAP_TOKEN</code>.
        </p>
      </form>
    </main>
  );
}
