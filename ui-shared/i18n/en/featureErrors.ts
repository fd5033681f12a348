/** English: words for the codes of the oversight, review, agent and sound features. */
export default {
  errors: {
    COMPLAINT_NOT_FOUND: 'That complaint was not found; refresh and try again',
    VALIDATION: 'What was sent is incomplete; please try again',
    NOT_A_PRINTER_AGENT: 'This device does not print, so it cannot take print jobs',
    BUNDLE_NOT_FOUND: 'This hall has no such one-visit bundle',
    DUPLICATE_MATTER: 'A matter can be listed only once',
    BUNDLE_FIELDS_REQUIRED: 'A bundle needs a name and at least two matters',
    CALLBACK_NOT_FOUND: 'That call-back is not on the list',
    CALLBACK_RECORDED: 'This call-back is already recorded',
    CALLBACK_NOTE_REQUIRED: 'Please describe the problem found',
    BUNDLE_OR_MATTER: 'A bundle takes no single matter',
    MATTER_REQUIRED: 'Choose the matter or the bundle to accept',
    COMPLAINT_TEXT_REQUIRED: 'Please describe the problem',
    BAD_MONTH: 'Please choose a month',
    COMPLAINT_CLOSED: 'This complaint is already closed',
    OUTCOME_REQUIRED: 'Please write the outcome',
    DUPLICATE_PAUSE_REASON: 'A pause reason can be listed only once',
    FINDINGS_REQUIRED: 'Please describe the findings',
    BUNDLE_CATEGORY_MISMATCH: 'This bundle takes its number in another category',
    BAD_SOUND_STATE: 'Unknown sound state',
  },
};
