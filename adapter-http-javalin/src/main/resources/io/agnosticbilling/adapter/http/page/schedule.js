// The plan change scheduled for the end of the period (a downgrade): what and when, and for admins
// a way to undo it (resume clears anything scheduled). Renders into #scheduled-change.
import { byId, fill, h, show } from './dom.js';
import { formatDate } from './format.js';

/**
 * Shows overview.scheduledChange, or hides the block when there is none.
 * @param {object} overview the billing overview
 * @param {{isAdmin: boolean, keepLabel: string, onUndo: (control: HTMLElement) => void}} options
 */
export function renderScheduledChange(overview, { isAdmin, keepLabel, onUndo }) {
  const block = byId('scheduled-change');
  const change = overview.scheduledChange;
  if (!change) {
    fill(block);
    show(block, false);
    return;
  }
  block.dataset.plan = change.plan;
  block.dataset.at = change.at;
  fill(
    block,
    h(
      'p',
      { 'data-testid': 'scheduled-change-text' },
      `Moves to ${change.planName} on `,
      h('strong', {}, h('time', { datetime: change.at }, formatDate(change.at))),
      `. ${overview.planName} stays until then.`,
    ),
    isAdmin
      ? h(
          'button',
          {
            type: 'button',
            className: 'button button-secondary button-small',
            'data-testid': 'undo-scheduled-change',
            onClick: (event) => onUndo(event.currentTarget),
          },
          keepLabel,
        )
      : null,
  );
  show(block, true);
}
