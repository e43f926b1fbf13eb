// Workflow actions: the action bar and each action's dialog (fields, hints, validation, results). The action
// names themselves are in enums.action.
export default {
  actions: {
    bar: {
      title: 'Actions',
      aria: 'Actions available now',
      none: 'You have no action to take on this petition now.',
    },
    titles: {
      generic: '{label}',
      reply: 'Reply — issue the {document}',
      requestReview: 'Request review (on behalf of the petitioner)',
      requestReReview: 'Request re-review (on behalf of the petitioner)',
    },
    documents: {
      original: 'handling opinion',
      review: 'review opinion',
      reReview: 're-review opinion',
    },
    article: 'Legal basis: {article}',
    articleAria: 'Legal basis: {article}',
    caseLine: 'Petition {number}',
    requiredHint: 'Fields marked * are required',
    fields: {
      target_org_id: 'Forward / assign to',
      transferTarget: 'Transfer to',
      feedback_due: 'Feedback due',
      reason: 'Reason',
      rejectReason: 'Reason for not accepting',
      returnReason: 'Reason for returning',
      extendReason: 'Reason for the extension',
      reviewReason: 'Grounds of the request',
      remindReason: 'Reminder',
      superviseReason: 'Supervision matter',
      legal_route: 'Legal route to tell the petitioner',
      extension_days: 'Days of extension',
      approver_id: 'Approved by',
      outcome: 'Outcome',
      facts: 'Facts',
      reasons: 'Reasons',
      legal_basis: 'Legal basis',
      agreement: 'Mediation agreement',
      spotReply: 'Reply given',
      rating: 'Rating',
      comment: 'Comment',
      ratingComment: 'Petitioner\'s comment',
      internal_note: 'Internal note',
    },
    placeholders: {
      org: 'Choose an office; type to search',
      date: 'Choose a date',
      text: 'Enter text',
      legalRoute: 'e.g. 向人民法院提起诉讼 (file a lawsuit)',
      approverId: 'User ID of the approver',
      approver: 'Choose the approver',
      facts: 'The facts established',
      reasons: 'Reasons for the decision',
      legalBasis: 'e.g. 《信访工作条例》第三十二条',
      agreement: 'Terms agreed by the parties',
      spotReply: 'What the petitioner was told',
    },
    hints: {
      feedbackDue: 'The office must report back by this date; it must be after today.',
      legalRoute: 'Pick a common route or write your own; the petitioner is told this text (in Chinese).',
      extensionDays: '1 to 30 days (Art. 34).',
      internalNote: 'Seen by staff only, never by the petitioner.',
      commonRoutes: 'Common routes',
    },
    notices: {
      acceptDirectly:
        'This office accepts the matter itself: the 60-day handling deadline starts and the petitioner gets an acceptance notice.',
      accept: 'Accept the matter: the 60-day handling deadline starts and the petitioner gets an acceptance notice.',
      transferPoliticalLegal:
        'Matters involving litigation go to the political-legal organs; the case is closed here after the transfer.',
      transferDiscipline:
        'Reports of misconduct by officials go to discipline inspection and supervision; the case is closed here after the transfer.',
      reject:
        'Give the reason and tell the petitioner which legal route to take instead (Art. 23, Art. 19 para. 3).',
      rejectRepeat:
        'Only for a matter finally decided on re-review and raised again on the same facts and grounds; the petitioner is notified.',
      return:
        'A matter outside this office\'s duties goes back to the forwarding office within 5 working days, with detailed reasons (Art. 23 para. 3).',
      extend:
        'For complex matters the head of the office may extend the handling deadline once, by at most 30 days (Art. 34).',
      mediate: 'A mediation agreement takes the place of the handling opinion (Art. 33).',
      hearingStart:
        'While the hearing lasts the re-review deadline is paused; the hearing time does not count (Art. 36).',
      hearingEnd: 'Ending the hearing resumes the re-review deadline; the due date moves accordingly.',
      requestReview:
        'Record the petitioner\'s request within 30 days of the opinion; a linked case opens at the office one level up.',
      rate: 'Record the petitioner\'s satisfaction with the result (Art. 21); a case is rated once.',
      conclude: 'The review window lapsed without a request: conclude the matter.',
      finalize: 'The re-review opinion makes the matter final.',
      remind: 'Remind the office of a matter not handled in time (Art. 38); reminders are internal.',
      supervise:
        'Supervise a matter handled poorly and set a feedback date (Art. 39); supervision is internal.',
    },
    approver: {
      self: '{name} (you)',
      selfHint: 'You hold the approver role: you approve the extension yourself.',
      listHint: 'Choose the head of the handling office (approver role).',
      manualHint: 'You cannot list users: enter the user ID of the handling office\'s head (approver role).',
      noneInOrg: 'The handling office has no approver',
      loadFailed: 'Could not load users; enter the approver\'s user ID instead',
    },
    org: {
      currentOrg: ' (this office)',
      empty: 'No office to choose',
    },
    issues: {
      required: 'Please fill in {field}',
      requiredSelect: 'Please choose {field}',
      tooLong: '{field} must be at most 20,000 characters',
      notAfterToday: '{field} must be after today',
      range: '{field} must be 1 to 30 days',
      sameOrg: 'You cannot choose your own office',
      invalid: '{field} is not valid',
    },
    submit: 'Confirm: {label}',
    submitting: 'Submitting…',
    success: '“{label}” done',
    conflict: 'Someone else has just changed this petition; the latest version is now shown',
    conflictInline:
      'Someone else has just changed this petition and the page now shows the latest version. Check and submit again.',
    noLongerAvailable: 'After the refresh this action is no longer possible; the dialog was closed.',
    ruleTitle: 'This action is not allowed now',
    forbiddenTitle: 'You may not take this action',
    errorTitle: 'Could not submit',
    legalRoutes: {
      court: 'File a lawsuit with a people\'s court',
      laborArbitration: 'Apply for labour dispute arbitration',
      reconsideration: 'Apply for administrative reconsideration',
      arbitration: 'Apply to an arbitration commission',
      procuratorate: 'Apply to the procuratorate for legal supervision',
    },
  },
}
