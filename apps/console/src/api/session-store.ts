/**
 * Where the signed-in session lives: this tab's sessionStorage (it survives a reload, not the
 * browser closing), and the organisation a platform admin chose to act in.
 */
const TOKEN_KEY = 'alloy.session';
const ORG_KEY = 'alloy.organization';

type Listener = () => void;
const listeners = new Set<Listener>();

export const sessionStore = {
  token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  setToken(token: string | null): void {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
    listeners.forEach((l) => l());
  },
  organization(): string | null {
    return sessionStorage.getItem(ORG_KEY);
  },
  setOrganization(name: string | null): void {
    if (name) sessionStorage.setItem(ORG_KEY, name);
    else sessionStorage.removeItem(ORG_KEY);
    listeners.forEach((l) => l());
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
