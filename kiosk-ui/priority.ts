/** Priority classes a citizen may choose at the kiosk (green channel is issued by staff only). */
export const KIOSK_PRIORITIES = ['elderly', 'disabled', 'pregnant', 'military'] as const;
export type KioskPriority = (typeof KIOSK_PRIORITIES)[number];
