// "Cancel now": ends the subscription at once, after an explicit confirmation in the page (no
// native dialog), since it cannot be undone. "Cancel subscription" keeps cancelling at period end.
import { byId, show } from './dom.js';

/**
 * Wires the cancel-now button and its confirmation panel.
 * @param {(control: HTMLElement, action: () => Promise<void>) => void} act runs an action
 * @param {() => Promise<void>} cancelNow performs the cancellation
 */
export function wireCancelNow(act, cancelNow) {
  const open = byId('cancel-now');
  const panel = byId('cancel-now-panel');
  open.addEventListener('click', () => {
    show(panel, true);
    byId('cancel-now-confirm').focus();
  });
  byId('cancel-now-abort').addEventListener('click', () => {
    show(panel, false);
    open.focus();
  });
  byId('cancel-now-confirm').addEventListener('click', (event) =>
    act(event.currentTarget, async () => {
      await cancelNow();
      show(panel, false);
    }),
  );
}

/** Shows the button when cancelling now is possible, and closes a stale confirmation. */
export function renderCancelNow(visible, planName) {
  show(byId('cancel-now'), visible);
  byId('cancel-now-plan').textContent = planName;
  if (!visible) {
    show(byId('cancel-now-panel'), false);
  }
}
