/** Backend info from the worker, refetched when the preference changes. */
import { useQuery } from '@tanstack/react-query';
import { studioClient } from '../studioClient';
import { useStudioStore } from '../store';

export const backendInfoKey = (pref: string) => ['backend-info', pref] as const;

export function useBackendInfo() {
  const pref = useStudioStore((s) => s.backendPreference);
  return useQuery({
    queryKey: backendInfoKey(pref),
    queryFn: () => studioClient.api.setBackendPreference(pref),
    staleTime: Infinity,
    retry: false,
  });
}
