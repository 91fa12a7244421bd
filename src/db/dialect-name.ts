/** The SQL engines Airlock runs on. */
export type SqlDialectName = 'sqlite' | 'postgres';

export function dialectOf(databaseUrl: string): SqlDialectName {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgres' : 'sqlite';
}
