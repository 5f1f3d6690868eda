/* role — the permission table (see role.h). */
#include "domain/role.h"

#include <string.h>

static const char *const CODES[ROLE__MAX] = {"viewer", "reader", "clerk", "chief", "admin", "auditor", "works"};
static const char *const LABELS[ROLE__MAX] = {"閲覧", "検針", "担当", "係長", "管理者", "監査", "工事"};
static const char *const PERMS[PERM__MAX] = {
    "none", "customer.view", "customer.edit", "customer.export", "reading.enter", "reading.confirm",
    "approve", "user.admin", "audit.view", "works", "job.run", "bill.correct", "tariff.admin",
    "payment.post", "works.view", "works.approve", "works.contractor",
    "meter.view", "meter",
};

#define Y true
#define n false
/* What each role may do.  Rows: roles; columns: enum perm in order
 *                     NONE VIEW EDIT EXPORT READING CONFIRM APPROVE USERADM AUDIT WORKS JOB  BILL TARIFF PAY  W.VIEW W.APPROVE W.CONTRACTOR M.VIEW METER */
static const bool TABLE[ROLE__MAX][PERM__MAX] = {
    [ROLE_VIEWER]  = {Y,   Y,   n,   n,     n,      n,      n,      n,      n,    n,    n, n,    n,    n,  n,    n,    n,    Y,   n},
    [ROLE_READER]  = {Y,   Y,   n,   n,     Y,      n,      n,      n,      n,    n,    n, n,    n,    n,  n,    n,    n,    Y,   n},
    [ROLE_CLERK]   = {Y,   Y,   Y,   Y,     Y,      Y,      n,      n,      n,    n,    n, Y,    n,    Y,  Y,    n,    n,    Y,   Y},
    [ROLE_CHIEF]   = {Y,   Y,   Y,   Y,     Y,      Y,      Y,      n,      n,    n,    Y, Y,    n,    Y,  Y,    Y,    n,    Y,   Y},
    [ROLE_ADMIN]   = {Y,   Y,   Y,   Y,     Y,      Y,      Y,      Y,      n,    n,    Y, Y,    Y,    Y,  Y,    Y,    Y,    Y,   Y},
    [ROLE_AUDITOR] = {Y,   n,   n,   n,     n,      n,      n,      n,      Y,    n,    n, n,    n,    n,  n,    n,    n,    n,   n},
    [ROLE_WORKS]   = {Y,   Y,   n,   n,     n,      n,      n,      n,      n,    Y,    n, n,    n,    n,  Y,    n,    Y,    Y,   Y},
};
#undef Y
#undef n

const char *role_code(int role)
{
    return role >= 0 && role < ROLE__MAX ? CODES[role] : "unknown";
}

const char *role_label(int role)
{
    return role >= 0 && role < ROLE__MAX ? LABELS[role] : "不明";
}

int role_parse(const char *s)
{
    if (!s)
        return -1;
    for (int i = 0; i < ROLE__MAX; i++)
        if (strcmp(s, CODES[i]) == 0 || strcmp(s, LABELS[i]) == 0)
            return i;
    return -1;
}

const char *perm_code(int perm)
{
    return perm >= 0 && perm < PERM__MAX ? PERMS[perm] : "unknown";
}

bool role_has(int role, int perm)
{
    return role >= 0 && role < ROLE__MAX && perm >= 0 && perm < PERM__MAX && TABLE[role][perm];
}

void role_labels_with(int perm, char *out, size_t outsz)
{
    size_t len = 0;
    if (outsz)
        out[0] = '\0';
    for (int r = 0; r < ROLE__MAX && outsz; r++) {
        if (!role_has(r, perm))
            continue;
        const char *sep = len ? "・" : "";
        size_t need = strlen(sep) + strlen(LABELS[r]);
        if (len + need >= outsz)
            break;
        memcpy(out + len, sep, strlen(sep));
        memcpy(out + len + strlen(sep), LABELS[r], strlen(LABELS[r]) + 1);
        len += need;
    }
}
