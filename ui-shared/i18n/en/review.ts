/** English: monthly review, complaints, call-backs, inspections and the report downloads. */
export default {
  exports: { xlsx: 'Download Excel', csv: 'Download CSV' },
  review: {
    title: 'Monthly review (四位一体)', month: 'Month', byStaff: 'By clerk', byWindow: 'By window', name: 'Name', window: 'Window', score: 'Score',
    satisfaction: 'Satisfaction', attendance: 'Attendance', complaints: 'Complaints', inspections: 'Inspections', ratings: '{n} ratings', days: '{n} days',
    late: 'late {n}', early: 'early {n}', alerts: 'idle {n}', paused: 'paused {m} min', upheld: 'founded {n}/{count}', overdue: 'overdue {n}',
    findings: 'findings {n}/{count}', weights: 'Weights: satisfaction {satisfaction}, attendance {attendance}, complaints {complaints}, inspections {inspections}; parts without data are left out', none: 'No data this month',
  },
  inspection: {
    title: 'Daily inspection', window: 'Window', result: 'Result', good: 'Good', minor: 'Minor issue', serious: 'Serious issue', findings: 'Findings',
    record: 'Record check', recorded: 'Recorded', at: 'Time', clerk: 'Clerk', inspector: 'Inspector', none: 'No inspection this month',
  },
  complaint: {
    title: 'Complaints (办不成事)', open: 'Open', answered: 'Answered', all: 'All', filedAt: 'Filed', source: 'Source',
    sources: { kiosk: 'Kiosk', phone: 'Phone', window: 'Complaint window', callback: 'Call-back' },
    text: 'Problem', window: 'Window', clerk: 'Clerk concerned', assignee: 'Handled by', phone: 'Phone', due: 'Answer by', overdue: 'Overdue',
    outcome: 'Outcome', assign: 'Assign', answer: 'Answer and close', unfounded: 'Unfounded', none: 'No complaints', newTitle: 'Record a complaint',
    newText: "The visitor's problem", newPhone: 'Phone (optional)', submit: 'Record', filed: 'Recorded; answer by {due}',
  },
  callback: {
    title: 'Call-backs (电话回访)', date: 'Date', number: 'Ticket', window: 'Window', clerk: 'Served by', phone: 'Phone', servedAt: 'Served at', result: 'Result',
    note: 'Note', satisfied: 'Satisfied', problem: 'Problem found', unreachable: 'No answer', pending: 'To call', none: 'Nobody to call back that day',
    share: "A share (set by the hall) of the day's served visitors who left a phone",
  },
  kioskComplaint: {
    tile: 'Unresolved matter', title: 'Tell us what went wrong', intro: 'Something you could not get done here, or a complaint about the service: write it down and we will answer in time.',
    desc: 'Something you could not get done, or a comment on the service: answered in time',
    text: 'What happened', window: 'Window (optional)', phone: 'Mobile (optional, for our answer)', submit: 'Send', back: 'Back', thanks: 'Received; we will answer by {due}.',
  },
};
