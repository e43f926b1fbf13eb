export default {
  workbench: {
    title: 'Workbench',
    greeting: 'Hello, {name}',
    scopeHint: 'Counts cover the petitions within your data scope.',
    cards: {
      overdue: 'Overdue',
      dueSoon: 'Due within 3 days',
      awaitingAcceptance: 'Awaiting acceptance',
      awaitingRouting: 'Awaiting routing',
      awaitingMyApproval: 'Awaiting my approval',
      openTotal: 'Open in total',
    },
    cardAria: '{label}: {n}, open the list',
    myTodo: 'My to-do',
    myTodoHint: 'Open petitions held by my office',
    deadlines: 'Due soon / overdue',
    deadlinesHint: 'Petitions overdue or due within three days',
    viewAll: 'View all',
    openCase: 'Open petition {number}',
    refreshed: 'Refreshed',
  },
}
