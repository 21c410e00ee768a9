/** Worker entry: exposes the studio API over comlink. */
import * as Comlink from 'comlink';
import { studioApi } from './api';

// ORT's pthread workers load this same module chunk with self.name "em-pthread…": they must not expose the API.
if (!self.name?.startsWith('em-pthread')) Comlink.expose(studioApi);
