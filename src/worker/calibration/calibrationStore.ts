/**
 * @file Calibrations attached to packs, kept in IndexedDB (idb-keyval) under pack id + the digest of the
 * components they were computed with — a pack updated with new weights simply finds none. IndexedDB is
 * shared by the page and this worker; where it is missing (Node tests) a memory map stands in.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';

export interface CalibrationStore {
  get(packId: string, componentsDigest: string): Promise<Uint8Array | undefined>;
  set(packId: string, componentsDigest: string, file: Uint8Array): Promise<void>;
  delete(packId: string, componentsDigest: string): Promise<void>;
}

const keyOf = (packId: string, componentsDigest: string) => `${packId}@${componentsDigest}`;

export function createIdbCalibrationStore(): CalibrationStore {
  let db: UseStore | null = null;
  const store = () => (db ??= createStore('digi2real-calibration', 'realism-offsets'));
  return {
    get: (p, d) => get<Uint8Array>(keyOf(p, d), store()),
    set: (p, d, file) => set(keyOf(p, d), file, store()),
    delete: (p, d) => del(keyOf(p, d), store()),
  };
}

export function createMemoryCalibrationStore(): CalibrationStore {
  const map = new Map<string, Uint8Array>();
  return {
    get: async (p, d) => map.get(keyOf(p, d)),
    set: async (p, d, file) => void map.set(keyOf(p, d), file.slice()),
    delete: async (p, d) => void map.delete(keyOf(p, d)),
  };
}

let current: CalibrationStore | null = null;

/** The store this worker uses. */
export function calibrationStore(): CalibrationStore {
  current ??= typeof indexedDB !== 'undefined' ? createIdbCalibrationStore() : createMemoryCalibrationStore();
  return current;
}
