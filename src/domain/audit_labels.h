/* audit_labels — what the audit screen calls an action and a detail's keys,
 * in Japanese ("reading.confirm" → 検針の確定, "usage" → 使用水量).
 *
 * Ownership: the strings returned are static; NULL when the code is not
 * known (the screen then shows the code itself). */
#ifndef SUIDO_AUDIT_LABELS_H
#define SUIDO_AUDIT_LABELS_H

const char *audit_action_label(const char *action);
const char *audit_key_label(const char *key);

#endif
