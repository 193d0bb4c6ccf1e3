/**
 * Result sections: how a component declares a kind of result once (ARCHITECTURE rule 6), so that
 * the recorder collects it and every report writer (JSON, Markdown, CSV) renders it without being
 * edited. A declaration is pure data plus small functions: the section's key, its title, the trace
 * event its rows come from, how a row is made from that event, its table columns and an optional
 * Markdown summary. It lives in the engine layer so any layer may declare a section; `src/report/`
 * renders whatever is declared.
 *
 * A component declares a section in its own file, next to its trace events:
 * ```ts
 * declare module '../engine/results.js' {
 *   interface ReportSections {
 *     // required: always in report.json (`[]` when empty); optional (`?:`): only when it has rows
 *     rounds: RoundRecord[];
 *   }
 * }
 * resultSections.register({ key: 'rounds', title: 'Training', event: 'round.end', row: (p) => p, columns: [...] });
 * ```
 * and the report layer loads that file (`src/report/sections.ts`) so the register call runs.
 * @module
 */
import type { TraceEventMap, TraceName } from './trace.js';

/**
 * Section key → the report's field for it (an array of rows). Empty here; each declaring module
 * merges its sections in (see the module doc). A required member is always in `report.json` (and
 * its section must set {@link ResultSection.alwaysInJson}); an optional one only when it has rows.
 * The report type (`Report`) extends this interface, so `report.rounds` is typed by its declaration.
 */
export interface ReportSections {}

/** A declared section's key (report.json key, CSV file stem). */
export type SectionKey = keyof ReportSections & string;

/** The row type of section `K`. */
export type SectionRow<K extends SectionKey> = NonNullable<ReportSections[K]> extends readonly (infer R)[] ? R : never;

/** A table cell's value, unrounded: CSV writes it as is (null → an empty field), Markdown formats it. */
export type CellValue = string | number | null;

/**
 * How Markdown shows a numeric cell (CSV always writes numbers unrounded). A string value is shown
 * as is, null as `—`. Text columns are left-aligned, the others right-aligned.
 */
export interface CellFormat {
  /**
   * `number`: at most {@link CellFormat.digits} significant digits of the value divided by
   * {@link CellFormat.divideBy}; `percent`: a fraction with one decimal (0.5 → `50.0%`); `count`:
   * an integer written in full; `text`: as is, left-aligned
   */
  readonly kind: 'number' | 'percent' | 'count' | 'text';
  /** `number`: significant digits; default 6 */
  readonly digits?: number;
  /** `number`: what the value is divided by before it is shown (`1e6` for Mbit from bits); default 1 */
  readonly divideBy?: number;
}

/** One column of a section's tables. */
export interface ResultColumn<Row> {
  /** CSV header: the field name with its unit suffix (`startS`, `energyJ`); absent: not in the CSV file */
  readonly csv?: string;
  /** Markdown header with its unit (`start (s)`, `Mbit`); absent: not in the Markdown table */
  readonly markdown?: string;
  /** the cell's value from a row */
  readonly value: (row: Row) => CellValue;
  /** how Markdown shows it; default `{ kind: 'number' }` */
  readonly format?: CellFormat;
}

/**
 * The declaration of one kind of result.
 * @typeParam Row - one row (one element of the report's array; the JSON writes it as is)
 * @typeParam E - the trace event the rows are recorded from
 */
export interface ResultSection<Row, E extends TraceName = TraceName> {
  /** the report.json key and the CSV file stem (`rounds` → `rounds.csv`) */
  readonly key: string;
  /** the Markdown heading (`## <title>`) */
  readonly title: string;
  /** the trace event each row is recorded from */
  readonly event: E;
  /**
   * Makes a row from one event (called once per emission, in order).
   * @param payload - the event's payload
   * @param tS - the simulated time of the event (s)
   */
  readonly row: (payload: TraceEventMap[E], tS: number) => Row;
  /** the table columns, in order (the Markdown table and the CSV file each take the columns with a header for them) */
  readonly columns: readonly ResultColumn<Row>[];
  /**
   * Markdown shown after the table (a histogram, a list, a few lines), or `''` for none.
   * @param rows - every row of the run
   */
  readonly markdownSummary?: (rows: readonly Row[]) => string;
  /** whether report.json holds the key even with no rows (`[]`); otherwise the key appears only with rows */
  readonly alwaysInJson?: boolean;
}

/** A section as the registry holds it: its row and payload types erased. */
export type AnyResultSection = ResultSection<unknown, TraceName>;

/** What {@link ResultSectionRegistry.register} accepts: a section whose key, rows and `alwaysInJson` agree with its {@link ReportSections} entry. */
export type SectionDeclaration<K extends SectionKey, E extends TraceName> = Omit<ResultSection<SectionRow<K>, E>, 'key' | 'alwaysInJson'> & {
  /** the key, a member of {@link ReportSections} */
  readonly key: K;
} & (undefined extends ReportSections[K]
    ? {
        /** an optional {@link ReportSections} member: the key appears only with rows */
        readonly alwaysInJson?: false;
      }
    : {
        /** a required {@link ReportSections} member: the key is always in report.json */
        readonly alwaysInJson: true;
      });

/** File stems CSV writers and report keys accept: a letter, then letters, digits, `-` or `_`. */
const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** The declared result sections, in registration order (the order the writers render them). */
export class ResultSectionRegistry {
  private readonly byKey = new Map<string, AnyResultSection>();

  /**
   * Declares a section.
   * @param section - the declaration
   * @throws Error when the key is taken or is not a plain file stem
   */
  register<K extends SectionKey, E extends TraceName>(section: SectionDeclaration<K, E>): this {
    if (!KEY_PATTERN.test(section.key)) throw new Error(`result section key '${section.key}' is not a plain name (letters, digits, '-', '_')`);
    if (this.byKey.has(section.key)) throw new Error(`result section '${section.key}' is already registered`);
    this.byKey.set(section.key, section as unknown as AnyResultSection);
    return this;
  }

  /**
   * Removes a section (tests that declare one of their own).
   * @returns whether it was registered
   */
  unregister(key: string): boolean {
    return this.byKey.delete(key);
  }

  /** Whether `key` is declared. */
  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** The declared sections, in registration order. */
  list(): readonly AnyResultSection[] {
    return [...this.byKey.values()];
  }
}

/** The sections every run records and every report renders. Components register theirs at module level. */
export const resultSections = new ResultSectionRegistry();
