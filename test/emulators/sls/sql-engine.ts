// Runs the SQL part of a query on a real embedded engine (SQLite compiled to wasm, via sql.js): one
// in-memory database per query, holding the rows that passed the search and the time window in a table
// `log` — every field a TEXT column except `__time__` INTEGER.
import initSqlJs from 'sql.js';
import type { LogRow } from './model.js';
import { registerSlsFunctions } from './sql-functions.js';
import { prepareSql } from './sql-rewrite.js';

/** What SLS returns when a statement has no LIMIT of its own. */
export const DEFAULT_SQL_LIMIT = 100;

let engine: Promise<initSqlJs.SqlJsStatic> | undefined;
const sqlJs = (): Promise<initSqlJs.SqlJsStatic> => (engine ??= initSqlJs());

/** The engine rejected the statement; `message` is the engine's own text. */
export class SqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlError';
  }
}

export interface SqlResult {
  readonly columns: string[];
  /** Every value a string, SQL NULL as "null", as SLS renders results. */
  readonly rows: Array<Record<string, string>>;
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function render(value: initSqlJs.SqlValue): string {
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return String(value);
}

/** `columns` is the logstore's whole field list, so unknown-column errors do not depend on the time window. */
export async function runSql(statement: string, columns: readonly string[], rows: readonly LogRow[]): Promise<SqlResult> {
  const SQL = await sqlJs();
  const db = new SQL.Database();
  try {
    registerSlsFunctions(db);
    const fields = columns.includes('__time__') ? [...columns] : ['__time__', ...columns];
    db.run(`create table log (${fields.map((f) => `${quoteIdent(f)} ${f === '__time__' ? 'INTEGER' : 'TEXT'}`).join(', ')})`);
    const insert = db.prepare(`insert into log values (${fields.map(() => '?').join(', ')})`);
    db.run('begin');
    for (const row of rows) {
      insert.run(fields.map((f) => {
        const value = row[f];
        if (value === undefined) return f === '__source__' || f === '__topic__' ? '' : null;
        return f === '__time__' ? Number(value) : String(value);
      }));
    }
    db.run('commit');
    insert.free();

    const prepared = prepareSql(statement);
    let stmt: initSqlJs.Statement;
    try {
      stmt = db.prepare(prepared.sql);
    } catch (error) {
      throw new SqlError(error instanceof Error ? error.message : String(error));
    }
    try {
      const names = stmt.getColumnNames();
      const out: Array<Record<string, string>> = [];
      while (stmt.step()) {
        if (!prepared.hasLimit && out.length >= DEFAULT_SQL_LIMIT) break;
        const values = stmt.get();
        const record: Record<string, string> = {};
        names.forEach((name, i) => {
          record[name] = render(values[i] ?? null);
        });
        out.push(record);
      }
      return { columns: names, rows: out };
    } catch (error) {
      throw new SqlError(error instanceof Error ? error.message : String(error));
    } finally {
      stmt.free();
    }
  } finally {
    db.close();
  }
}
