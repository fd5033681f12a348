/** English: what a window's scanner opens on the clerk console. */
export default {
  scanned: {
    title: 'Scanned',
    case: 'Case',
    ticket: 'Ticket',
    matter: 'Matter',
    status: 'Status',
    promised: 'Promised by',
    overdue: 'Overdue',
    loading: 'Loading…',
    failed: 'Could not read what was scanned',
    close: 'Close',
  },
};
