/** The workspace token, kept for this browser tab's session only (sessionStorage). */
const KEY = 'chatflows.token';

export const session = {
  token(): string | null {
    return sessionStorage.getItem(KEY);
  },
  signIn(token: string): void {
    sessionStorage.setItem(KEY, token.trim());
  },
  signOut(): void {
    sessionStorage.removeItem(KEY);
  },
};
