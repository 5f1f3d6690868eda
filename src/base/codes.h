/* codes — a code list: a table of {code, label} indexed by an enum that ends
 * in a __MAX sentinel (the domain's reason, cause and basis lists).
 *
 * Ownership: the strings are the table's (static in practice). */
#ifndef SUIDO_CODES_H
#define SUIDO_CODES_H

typedef struct code_label {
    const char *code;    /* stored and sent: "no_tariff", "locked", ... */
    const char *label;   /* shown: Japanese */
} code_label;

/* The code or label of entry i of a table of n; NULL outside it. */
const char *codes_code(const code_label *t, int n, int i);
const char *codes_label(const code_label *t, int n, int i);
/* The index of code in the table; -1 if absent (or code NULL). */
int codes_parse(const code_label *t, int n, const char *code);

#endif
