/** The signed-in person's preferences (region, services, parental limit), read once per session and kept here. */
import { api, onSessionChange } from './api';

export interface Preferences {
  region: string;
  platforms: string[];
  genres: string[];
  languages: string[];
  maxRating: string | null;
  updatedAt: string | null;
}

let cached: Promise<Preferences> | null = null;
onSessionChange(() => (cached = null));

export function myPreferences(): Promise<Preferences> {
  cached ??= api<Preferences>('/api/v1/me/preferences').catch((err) => {
    cached = null;
    throw err;
  });
  return cached;
}

export async function savePreferences(
  patch: Partial<Omit<Preferences, 'updatedAt'>>,
): Promise<Preferences> {
  const out = await api<Preferences>('/api/v1/me/preferences', { method: 'POST', json: patch });
  cached = Promise.resolve(out);
  return out;
}
