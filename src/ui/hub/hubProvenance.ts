// The loaded inputs' Hub provenance ("org/name@commit"), for the metrics exports: the model by the store's modelHub, the
// rows by the file a Hub dataset load made (matched by name, size and time, so a reload's restored copy still counts).
import type { HubProvenance } from '../../engine/export/hubProvenance';
import type { StudioState } from '../store';
import { loadHubDataSource, saveHubDataSource, type HubDataSource } from './hubSession';

let dataSource: HubDataSource | null = null;
// A load made before this read finishes wins over the last session's.
void loadHubDataSource().then((s) => void (dataSource ??= s ?? null));

const sourceOf = (file: File, provenance: string): HubDataSource => ({ provenance, name: file.name, size: file.size, lastModified: file.lastModified });

export function rememberHubDataFile(file: File, provenance: string): void {
  dataSource = sourceOf(file, provenance);
  void saveHubDataSource(dataSource);
}

export function loadedHubProvenance(s: Pick<StudioState, 'modelHub' | 'dataFile'>, data: HubDataSource | null = dataSource): HubProvenance | null {
  const model = s.modelHub ? `${s.modelHub.repo}@${s.modelHub.commit}` : null;
  const f = s.dataFile;
  const same = !!f && !!data && data.name === f.name && data.size === f.size && data.lastModified === f.lastModified;
  return model || same ? { model, data: same ? data!.provenance : null } : null;
}
