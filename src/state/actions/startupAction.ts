/**
 * What happens when the studio opens: settings from a shared link are applied, the workspace is restored
 * (or the sample faces rendered on a first visit), and the active pack (by default `digiface-augment`) is
 * loaded so the main job works with no download.
 */
import { parseUrlSettings } from '../urlState';
import { useStudioStore } from '../store';
import { loadPackAction, sourceForPackId } from './packActions';
import { hydrateWorkspaceAction } from './workspaceActions';

export const DEFAULT_PACK_ID = 'digiface-augment';

let started = false;

export async function startupAction(): Promise<void> {
  // React StrictMode mounts twice in development; start once.
  if (started) return;
  started = true;
  const store = useStudioStore.getState();
  if (location.hash.length > 1) {
    const { settings, ignored } = parseUrlSettings(location.hash);
    if (settings.seed !== undefined) store.setSeed(settings.seed);
    if (settings.variations !== undefined) store.setVariationsPerIdentity(settings.variations);
    if (settings.packId) {
      store.setActivePack(settings.packId);
      if (Object.keys(settings.controls).length) store.setControls(settings.packId, settings.controls);
    }
    if (ignored.length) store.addNotice('warning', `Some settings in the link were ignored: ${ignored.join(', ')}.`);
  }
  const packId = useStudioStore.getState().activePackId ?? DEFAULT_PACK_ID;
  await Promise.all([hydrateWorkspaceAction(), sourceForPackId(packId).then((source) => loadPackAction(source))]);
}
