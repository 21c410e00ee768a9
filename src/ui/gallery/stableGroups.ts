/**
 * Groups faces by identity for the gallery while keeping every object that did not change: a face whose fields
 * are all equal to last time keeps its old GalleryFace (so its memoised tile skips rendering), and when no face
 * changed at all the old groups array comes back (so the grid layout is not rebuilt). While an import adds
 * faces in batches, the tiles already on screen then stay as they are.
 */
import type { GalleryFace, GalleryGroup } from './types';

export interface StableGroups {
  groups: GalleryGroup[];
  byId: ReadonlyMap<string, GalleryFace>;
}

export const EMPTY_GROUPS: StableGroups = { groups: [], byId: new Map() };

function sameFace(a: GalleryFace, b: GalleryFace): boolean {
  return (
    a.id === b.id &&
    a.identity === b.identity &&
    a.index === b.index &&
    a.name === b.name &&
    a.thumbUrl === b.thumbUrl
  );
}

/** `faces` in display order; consecutive faces of one identity form a group (as the store orders them). */
export function stableGroups(faces: Iterable<GalleryFace>, prev: StableGroups): StableGroups {
  const byId = new Map<string, GalleryFace>();
  const groups: GalleryGroup[] = [];
  let changed = false;
  let n = 0;
  for (const candidate of faces) {
    const old = prev.byId.get(candidate.id);
    const face = old && sameFace(old, candidate) ? old : candidate;
    if (face !== old) changed = true;
    byId.set(face.id, face);
    let g = groups[groups.length - 1];
    if (!g || g.identity !== face.identity) groups.push((g = { identity: face.identity, faces: [] }));
    // Same face at the same position as before, or the order changed.
    const prevGroup = prev.groups[groups.length - 1];
    if (!changed && (prevGroup?.identity !== g.identity || prevGroup.faces[g.faces.length] !== face)) changed = true;
    g.faces.push(face);
    n++;
  }
  if (!changed && groups.length === prev.groups.length && n === prev.byId.size && groups.every((g, i) => g.faces.length === prev.groups[i].faces.length)) return prev;
  return { groups, byId };
}
