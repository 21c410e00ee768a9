/** The realism offset Δ the worker will use for a pack (attached calibration, pack constant, or none). */
import { useQuery } from '@tanstack/react-query';
import { studioClient } from '../studioClient';

export const realismOffsetKeys = {
  all: ['realism-offset'] as const,
  pack: (packId: string) => ['realism-offset', packId] as const,
};

export const useRealismOffset = (packId: string | null) =>
  useQuery({
    queryKey: realismOffsetKeys.pack(packId ?? ''),
    queryFn: () => studioClient.api.realismOffsetInfo(packId!),
    enabled: packId !== null,
  });
