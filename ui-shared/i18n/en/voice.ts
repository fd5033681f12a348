/** English: the hall's voice, the displays' sound state, webhooks. */
export default {
  voice: {
    blocked: 'Sound is off: tap the screen',
    blockedHint: 'The browser needs one tap before it may play sound; start the display browser with the flags in the README',
    none: 'Cannot play sound',
    noneHint: 'No Chinese voice on this device and the recordings did not load: check the speakers and the network',
    state: { voice: 'Browser voice', clips: 'Recorded clips', blocked: 'Sound off', none: 'No sound', unknown: 'Not reported' },
    displays: 'Display sound',
    noDisplays: 'No displays registered',
    reportedAt: 'reported',
  },
};
