/** Pack lists from the worker: built-in, loaded this visit, and cached for the next. */
import { useQuery } from '@tanstack/react-query';
import { studioClient } from '../studioClient';

export const packKeys = {
  builtin: ['packs', 'builtin'] as const,
  loaded: ['packs', 'loaded'] as const,
  cached: ['packs', 'cached'] as const,
};

export const useBuiltinPacks = () => useQuery({ queryKey: packKeys.builtin, queryFn: () => studioClient.api.listBuiltinPacks(), staleTime: Infinity });
export const useLoadedPacks = () => useQuery({ queryKey: packKeys.loaded, queryFn: () => studioClient.api.loadedPacks() });
export const useCachedPacks = () => useQuery({ queryKey: packKeys.cached, queryFn: () => studioClient.api.listCachedPacks() });
