// RFC 4180 CSV → header and records with their 1-based line numbers (quoted fields may hold commas, quotes, newlines).

export interface CsvRecord {
  /** Line of the file where the record starts. */
  line: number;
  fields: string[];
}

/** Every record of the text, the header included; a quote left open is reported by the caller via `open`. */
export function csvRecords(text: string): { records: CsvRecord[]; open: number | null } {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let quoteLine: number | null = null;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') records.push({ line: start, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') (quoted = false), (quoteLine = null);
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') (quoted = true), (quoteLine = line);
    else if (c === ',') fields.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else field += c;
  }
  endRecord();
  return { records, open: quoted ? quoteLine : null };
}
