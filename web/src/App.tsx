import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Route, Switch } from 'wouter';
import { AgentsPage } from './agents/AgentsPage';
import { onUnauthorized } from './api/client';
import { session } from './auth/session';
import { SignIn } from './auth/SignIn';
import { Editor } from './canvas/Editor';
import { ConversationsPage } from './conversations/ConversationsPage';
import { FlowsPage } from './flows/FlowsPage';

/**
 * Client routes live under `/` and `/flows/` (the conversations page too), never under the API's prefixes.
 */
export function App() {
  const [token, setToken] = useState(session.token());
  const [notice, setNotice] = useState<string>();
  const queries = useQueryClient();

  useEffect(
    () =>
      onUnauthorized(() => {
        session.signOut();
        queries.clear();
        setNotice('The token was refused. Sign in again.');
        setToken(null);
      }),
    [queries],
  );

  if (!token) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(t) => {
          setNotice(undefined);
          setToken(t);
        }}
      />
    );
  }
  const signOut = () => {
    session.signOut();
    queries.clear();
    setToken(null);
  };
  return (
    <Switch>
      <Route path="/flows/conversations">
        <ConversationsPage onSignOut={signOut} />
      </Route>
      <Route path="/agents">
        <AgentsPage onSignOut={signOut} />
      </Route>
      <Route path="/flows/:id">
        {(params) => <Editor flowId={params.id} onSignOut={signOut} />}
      </Route>
      <Route>
        <FlowsPage onSignOut={signOut} />
      </Route>
    </Switch>
  );
}
