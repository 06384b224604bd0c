// Team management on the billing page (admins only): per member, a labelled role selector with a
// Save button, and a Remove button; each calls one route (PATCH or DELETE
// /api/organization/members/{id}), then the page re-reads the members and the seats. Refusals
// (409 last_admin, 404) surface through the page's act(), in error-message.
import { api } from './api.js';
import { h } from './dom.js';

const ROLES = [
  { value: 'member', label: 'Member' },
  { value: 'admin', label: 'Admin' },
];

function path(member) {
  return `/api/organization/members/${encodeURIComponent(member.id)}`;
}

/**
 * The controls of one member row.
 * page: { act(control, action), reload(), notify(text), isSelf(member) }
 */
export function memberControls(member, page) {
  const selectId = `member-role-${member.id}`;
  const select = h(
    'select',
    { id: selectId, className: 'member-role-select', 'data-testid': `member-role-select-${member.id}` },
    ROLES.map((role) =>
      h('option', { value: role.value, selected: role.value === member.role }, role.label),
    ),
  );
  const save = h(
    'button',
    {
      type: 'button',
      className: 'button button-secondary button-small',
      'data-testid': `member-role-save-${member.id}`,
      'aria-label': `Save the role of ${member.email}`,
      disabled: true,
      onClick: (event) => page.act(event.currentTarget, () => changeRole(member, select.value, page)),
    },
    'Save',
  );
  // Saving is a separate step, so moving through the options with the keyboard changes nothing.
  select.addEventListener('change', () => {
    save.disabled = select.value === member.role;
  });
  const remove = h(
    'button',
    {
      type: 'button',
      className: 'button button-danger-quiet button-small',
      'data-testid': `member-remove-${member.id}`,
      'aria-label': `Remove ${member.email}`,
      onClick: (event) => {
        const who = page.isSelf(member) ? 'yourself' : member.email;
        if (window.confirm(`Remove ${who} from the organization? Their access ends at once.`)) {
          page.act(event.currentTarget, () => removeMember(member, page));
        }
      },
    },
    'Remove',
  );
  return h(
    'span',
    { className: 'member-controls' },
    h('label', { for: selectId, className: 'visually-hidden' }, `Role of ${member.email}`),
    select,
    save,
    remove,
  );
}

async function changeRole(member, role, page) {
  const changed = await api('PATCH', path(member), { role });
  await page.reload();
  page.notify(`${changed.email} is now ${changed.role === 'admin' ? 'an admin' : 'a member'}.`);
}

async function removeMember(member, page) {
  await api('DELETE', path(member));
  // Removing yourself ends your own access: the next call answers 401 and the page logs out.
  await page.reload();
  page.notify(`${member.email} was removed. Their seat is free.`);
}
