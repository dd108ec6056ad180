/**
 * Tables as data first: the same model renders to the DOM and exports to Markdown, CSV and
 * LaTeX, so what is copied is exactly what is shown.
 */
import type { PreviewElementKind } from '../../../language/src/protocol';
import { el } from './dom';
import { formatLatex, formatNumber, machineNumber } from './format';
import type { PageHost } from './host';
import { exportButtons } from './toolbar';

export interface Cell {
  /** What the reader sees. */
  text: string;
  /** The number behind the text, for CSV and LaTeX. */
  value?: number | null;
  /** Makes the text a link to a declaration (inside the editor). */
  reveal?: { kind: PreviewElementKind; name: string };
  /** Extra lines shown under the text (e.g. binding constraints). */
  notes?: string[];
  className?: string;
  title?: string;
}

export interface TableModel {
  /** Used for file names and test hooks; stable per section. */
  id: string;
  caption: string;
  header: Cell[];
  rows: Cell[][];
  /** Rows set apart at the bottom (totals). */
  footer?: Cell[][];
}

export function numberCell(value: number | null | undefined, className = 'num'): Cell {
  return { text: formatNumber(value), value, className };
}

export function textCell(text: string, className?: string): Cell {
  return { text, className };
}

export function nameCell(kind: PreviewElementKind, name: string, prefix = ''): Cell {
  return { text: `${prefix}${name}`, reveal: { kind, name }, className: 'name' };
}

/** A captioned, horizontally scrollable table with its export buttons. */
export function renderTable(table: TableModel, host: PageHost): HTMLElement {
  const head = el('thead', {}, row(table.header, 'th', host, 'col'));
  const body = el('tbody', {}, ...table.rows.map((cells) => row(cells, 'td', host)));
  const foot = table.footer
    ? el('tfoot', {}, ...table.footer.map((cells) => row(cells, 'td', host)))
    : null;
  const element = el(
    'table',
    { attrs: { 'data-table': table.id } },
    el('caption', { text: table.caption }),
    head,
    body,
    foot,
  );
  const tools = exportButtons(
    host,
    [
      {
        format: 'markdown',
        label: 'Markdown',
        content: () => toMarkdown(table),
        name: `${table.id}.md`,
      },
      { format: 'csv', label: 'CSV', content: () => toCsv(table), name: `${table.id}.csv` },
      { format: 'latex', label: 'LaTeX', content: () => toLatex(table), name: `${table.id}.tex` },
    ],
    `Copy table “${table.caption}” as`,
  );
  return el(
    'figure',
    'table-figure',
    el(
      'div',
      {
        className: 'scroll',
        attrs: { tabindex: '0', role: 'region', 'aria-label': table.caption },
      },
      element,
    ),
    tools,
  );
}

function row(cells: Cell[], tag: 'th' | 'td', host: PageHost, scope?: string): HTMLTableRowElement {
  return el(
    'tr',
    {},
    ...cells.map((cell, i) =>
      renderCell(
        cell,
        i === 0 && tag === 'td' ? 'th' : tag,
        host,
        i === 0 && tag === 'td' ? 'row' : scope,
      ),
    ),
  );
}

function renderCell(cell: Cell, tag: 'th' | 'td', host: PageHost, scope?: string): HTMLElement {
  const element = el(tag, { className: cell.className ?? '', attrs: scope ? { scope } : {} });
  if (cell.title) element.title = cell.title;
  else if (typeof cell.value === 'number') element.title = machineNumber(cell.value);
  if (cell.reveal && host.interactive) {
    const { kind, name } = cell.reveal;
    const link = el('button', {
      className: 'link',
      text: cell.text,
      attrs: { type: 'button', title: `Reveal ${kind} “${name}” in the editor` },
    });
    link.addEventListener('click', () => host.reveal(kind, name));
    element.append(link);
  } else {
    element.append(cell.text);
  }
  for (const note of cell.notes ?? [])
    element.append(el('span', { className: 'cell-note', text: note }));
  return element;
}

function plain(cell: Cell): string {
  return [cell.text, ...(cell.notes ?? [])].join('; ');
}

/** A GitHub-flavoured Markdown table with the caption as a heading line. */
export function toMarkdown(table: TableModel): string {
  const escape = (text: string) =>
    text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const line = (cells: Cell[]) => `| ${cells.map((c) => escape(plain(c))).join(' | ')} |`;
  const align = table.header.map((c, i) => (i > 0 && isNumeric(table, i) ? '---:' : '---'));
  const rows = [...table.rows, ...(table.footer ?? [])];
  return [
    `**${escape(table.caption)}**`,
    '',
    line(table.header),
    `| ${align.join(' | ')} |`,
    ...rows.map(line),
    '',
  ].join('\n');
}

/** RFC 4180 CSV; numbers at full precision rather than as shown. */
export function toCsv(table: TableModel): string {
  const quote = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const value = (cell: Cell) =>
    cell.value !== undefined ? machineNumber(cell.value) : plain(cell);
  const rows = [table.header, ...table.rows, ...(table.footer ?? [])];
  return rows.map((cells) => cells.map((c) => quote(value(c))).join(',')).join('\r\n') + '\r\n';
}

/** A `tabular` with booktabs rules, numbers in math mode as fractions where exact. */
export function toLatex(table: TableModel): string {
  const text = (s: string) =>
    s
      .replace(
        /[\\{}$&#^_%~]/g,
        (c) =>
          ({ '\\': '\\textbackslash{}', '~': '\\textasciitilde{}', '^': '\\textasciicircum{}' })[
            c
          ] ?? `\\${c}`,
      )
      .replace(/→/g, '$\\to$')
      .replace(/−/g, '$-$')
      .replace(/μ/g, '$\\mu$')
      .replace(/θ/g, '$\\theta$')
      .replace(/ω/g, '$\\omega$')
      .replace(/λ/g, '$\\lambda$')
      .replace(/φ/g, '$\\varphi$')
      .replace(/∞/g, '$\\infty$');
  const value = (cell: Cell) =>
    cell.value !== undefined ? `$${formatLatex(cell.value)}$` : text(plain(cell));
  const line = (cells: Cell[]) => `${cells.map(value).join(' & ')} \\\\`;
  const spec = table.header.map((_, i) => (i > 0 && isNumeric(table, i) ? 'r' : 'l')).join('');
  return [
    `% ${table.caption.replace(/\n/g, ' ')}`,
    `\\begin{tabular}{${spec}}`,
    '\\toprule',
    line(table.header),
    '\\midrule',
    ...table.rows.map(line),
    ...(table.footer?.length ? ['\\midrule', ...table.footer.map(line)] : []),
    '\\bottomrule',
    '\\end{tabular}',
    '',
  ].join('\n');
}

function isNumeric(table: TableModel, column: number): boolean {
  return table.rows.length > 0 && table.rows.every((cells) => cells[column]?.value !== undefined);
}
