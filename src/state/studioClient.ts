/** The app's single worker client, created once on the main thread. */
import { StudioClient } from '../worker/client';

export const studioClient = new StudioClient();
