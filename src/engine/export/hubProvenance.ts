// Where a run's Hub inputs came from, pinned ("org/name@commit"), as text columns of every metrics row: a column, not a
// header line, so pandas, W&B tables and the studio's own Import run read the files unchanged.

/** summary.json's `hub` ({model, data}); null or absent where that input did not come from the Hub. */
export interface HubProvenance {
  model?: string | null;
  data?: string | null;
}

/** The metrics rows' text columns, in the order the exports write them. */
export const HUB_COLUMNS = ['hub_model', 'hub_data'] as const;

/** The columns to add to each metrics row: only those that are set, so a run without Hub inputs writes what it always did. */
export function hubColumns(p: HubProvenance | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (p?.model) out.hub_model = p.model;
  if (p?.data) out.hub_data = p.data;
  return out;
}

/** The provenance an exported metrics row carries (what Import run reads back); null when it has none. */
export function hubProvenanceOf(row: Record<string, unknown>): HubProvenance | null {
  const model = typeof row.hub_model === 'string' && row.hub_model ? row.hub_model : null;
  const data = typeof row.hub_data === 'string' && row.hub_data ? row.hub_data : null;
  return model || data ? { model, data } : null;
}
