/** The small export button groups under tables and charts, with a polite status line. */
import type { PreviewExportFormat } from '../../../language/src/protocol';
import { el } from './dom';
import type { PageHost } from './host';

export interface ExportAction {
  format: PreviewExportFormat;
  label: string;
  content: () => string;
  name: string;
}

export function exportButtons(
  host: PageHost,
  actions: ExportAction[],
  groupLabel: string,
): HTMLElement {
  const status = el('span', {
    className: 'export-status',
    attrs: { role: 'status', 'aria-live': 'polite' },
  });
  const buttons = actions.map((action) => {
    const button = el('button', {
      className: 'export',
      text: action.label,
      attrs: {
        type: 'button',
        'data-export': action.format,
        'aria-label': `${groupLabel} ${action.label}`,
      },
    });
    button.addEventListener('click', async () => {
      status.textContent = await host.exportContent(action.format, action.content(), action.name);
    });
    return button;
  });
  const prefix = actions.length === 1 && actions[0].format === 'svg' ? 'Save as' : 'Copy as';
  return el(
    'div',
    { className: 'exports', attrs: { role: 'group', 'aria-label': groupLabel } },
    el('span', { className: 'exports-label', text: prefix }),
    ...buttons,
    status,
  );
}
