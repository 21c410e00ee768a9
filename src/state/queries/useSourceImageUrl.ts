/** An object URL for a face's full source image (from IndexedDB), revoked when no longer shown. */
import { useEffect, useState } from 'react';
import { loadSource } from '../persistence/workspaceDb';

export function useSourceImageUrl(faceId: string | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!faceId) return;
    let live = true;
    let created: string | null = null;
    void loadSource(faceId).then((blob) => {
      if (!live || !blob) return;
      created = URL.createObjectURL(blob);
      setUrl(created);
    });
    return () => {
      live = false;
      if (created) URL.revokeObjectURL(created);
      setUrl(null);
    };
  }, [faceId]);
  return url;
}
