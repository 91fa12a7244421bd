/**
 * apk's installed database, `/lib/apk/db/installed` (apk-tools src/database.c,
 * apk_db_index_read / apk_pkg_add_info): records separated by blank lines, each
 * line one `K:value` pair. The keys used here: P name, V version, A arch,
 * o origin (the source package), L licence, c aports commit; F a directory and
 * R a file inside the last F (paths relative to `/`), which make the files the
 * package owns.
 */

export interface ApkRecord {
  name: string;
  version: string;
  arch?: string;
  origin?: string;
  license?: string;
  commit?: string;
  /** Absolute paths of the files (R lines) the package installed; directories are not listed. */
  files: string[];
}

export interface ApkDbParse {
  records: ApkRecord[];
  warnings: string[];
}

interface Draft {
  fields: Map<string, string>;
  files: string[];
  directory: string;
  line: number;
}

export function parseApkDb(text: string): ApkDbParse {
  const records: ApkRecord[] = [];
  const warnings: string[] = [];
  let draft: Draft | undefined;
  const finish = () => {
    if (draft) {
      const record = toRecord(draft, warnings);
      if (record) records.push(record);
    }
    draft = undefined;
  };
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? '').replace(/\r$/, '');
    if (line.trim() === '') {
      finish();
      continue;
    }
    if (line.length < 2 || line[1] !== ':') {
      warnings.push(`line ${index + 1}: not a "K:value" line`);
      continue;
    }
    draft ??= { fields: new Map(), files: [], directory: '', line: index + 1 };
    addField(draft, line[0] ?? '', line.slice(2));
  }
  finish();
  return { records, warnings };
}

function addField(draft: Draft, key: string, value: string): void {
  if (key === 'F') {
    draft.directory = value.replace(/^\/+|\/+$/g, '');
  } else if (key === 'R') {
    if (value !== '') draft.files.push(`/${draft.directory === '' ? '' : `${draft.directory}/`}${value}`);
  } else if (!draft.fields.has(key)) {
    // apk never writes a scalar field twice in a record; if a damaged file does, the first one stands.
    draft.fields.set(key, value);
  }
}

function toRecord(draft: Draft, warnings: string[]): ApkRecord | undefined {
  const name = draft.fields.get('P');
  const version = draft.fields.get('V');
  if (!name || !version) {
    warnings.push(`record at line ${draft.line}: ${name ? `package ${name} has no version (V:)` : 'no package name (P:)'}`);
    return undefined;
  }
  const record: ApkRecord = { name, version, files: draft.files };
  const text = (key: string) => draft.fields.get(key) || undefined;
  const [arch, origin, license, commit] = [text('A'), text('o'), text('L'), text('c')];
  if (arch) record.arch = arch;
  if (origin) record.origin = origin;
  if (license) record.license = license;
  if (commit) record.commit = commit;
  return record;
}
