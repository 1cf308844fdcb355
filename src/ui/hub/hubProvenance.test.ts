import { describe, expect, it } from 'vitest';
import { loadedHubProvenance } from './hubProvenance';

const commit = 'e'.repeat(40);
const modelHub = { endpoint: 'https://huggingface.co', repo: 'org/tiny', revision: 'main', commit };
const rows = new File(['{"prompt":"a","chosen":"b","rejected":"c"}\n'], 'pairs-default-train.jsonl', { lastModified: 1000 });
const source = { provenance: `org/pairs@${'f'.repeat(40)}:default/train`, name: rows.name, size: rows.size, lastModified: 1000 };

describe("the loaded inputs' Hub provenance", () => {
  it('names the Hub model by its commit and the rows file the Hub load made', () => {
    expect(loadedHubProvenance({ modelHub, dataFile: rows }, source)).toEqual({ model: `org/tiny@${commit}`, data: source.provenance });
  });
  it("a reload's restored copy of that file still counts (same name, size and time), another file does not", () => {
    const restored = new File([rows], rows.name, { lastModified: 1000 });
    expect(loadedHubProvenance({ modelHub: null, dataFile: restored }, source)).toEqual({ model: null, data: source.provenance });
    const edited = new File(['{"prompt":"a","chosen":"b","rejected":"d"}\n'], rows.name, { lastModified: 2000 });
    expect(loadedHubProvenance({ modelHub, dataFile: edited }, source)).toEqual({ model: `org/tiny@${commit}`, data: null });
    expect(loadedHubProvenance({ modelHub: null, dataFile: edited }, source)).toBeNull();
  });
});
