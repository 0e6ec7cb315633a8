import type { ComponentChildren } from "preact";

/** One column: its header text and how a row fills its cell. */
export interface Column<R> {
  header: string;
  cell: (row: R, index: number) => ComponentChildren;
  /** The cell that names the row (`<th scope="row">`), for screen readers reading across. */
  rowHeader?: boolean;
}

interface DataTableProps<R> {
  columns: readonly Column<R>[];
  rows: readonly R[];
  rowKey: (row: R, index: number) => string | number;
  /** The table's name; leave it out only where a heading right above names it. */
  caption?: string;
}

/** A table of records with column headers, scrolling sideways on narrow screens. */
export function DataTable<R>({ columns, rows, rowKey, caption }: DataTableProps<R>) {
  return (
    <div class="table-scroll">
      <table class="data-table">
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={rowKey(row, i)}>
              {columns.map((c) =>
                c.rowHeader ? (
                  <th key={c.header} scope="row">
                    {c.cell(row, i)}
                  </th>
                ) : (
                  <td key={c.header}>{c.cell(row, i)}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
