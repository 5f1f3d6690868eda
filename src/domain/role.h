/* role — staff roles and the permission table (DESIGN.md §6).
 *
 * Roles 閲覧 < 検針 < 担当 < 係長 < 管理者 are hierarchical; 監査 (audit
 * read-only) and 工事 (works section) stand aside.  What each role may do is
 * the table in role.c: app/ checks it on every use case; the UI only hides
 * what the table already forbids. */
#ifndef SUIDO_ROLE_H
#define SUIDO_ROLE_H

#include <stdbool.h>
#include <stddef.h>

enum role {
    ROLE_VIEWER,   /* 閲覧 viewer */
    ROLE_READER,   /* 検針 meter reader */
    ROLE_CLERK,    /* 担当 clerk */
    ROLE_CHIEF,    /* 係長 chief / approver */
    ROLE_ADMIN,    /* 管理者 administrator */
    ROLE_AUDITOR,  /* 監査 auditor (audit log, read-only) */
    ROLE_WORKS,    /* 工事 works section */
    ROLE__MAX
};

enum perm {
    PERM_NONE,            /* any logged-in user (own password, logout) */
    PERM_CUSTOMER_VIEW,   /* search, お客様カルテ */
    PERM_CUSTOMER_EDIT,   /* create / edit taps, customers, occupancies */
    PERM_CUSTOMER_EXPORT, /* CSV export of search results */
    PERM_READING_ENTER,   /* 検針 entry: readings, route lists */
    PERM_READING_CONFIRM, /* confirm held readings, estimates, re-read requests, imports */
    PERM_APPROVE,         /* approve / reject another person's request */
    PERM_USER_ADMIN,      /* staff accounts and roles */
    PERM_AUDIT_VIEW,      /* search the audit log */
    PERM_WORKS,           /* 給水工事: enter applications and take their steps (受付, 審査, 着工, 完成検査, 完了) */
    PERM_JOB_RUN,         /* start batch jobs such as the billing run */
    PERM_BILL_CORRECT,    /* ask for a bill correction (更正) or a leak reduction; a 係長 approves */
    PERM_TARIFF_ADMIN,    /* load tariffs (料金表) */
    PERM_PAYMENT_POST,    /* 収納: counter payments, result-file imports, suspense, set-off, refund requests, mandates */
    PERM_WORKS_VIEW,      /* 給水工事: search and read applications, contractors and their reports */
    PERM_WORKS_APPROVE,   /* 給水工事: 認可 (approve an application), approve a works refund (還付) */
    PERM_WORKS_CONTRACTOR,/* 指定給水装置工事事業者: edit the contractor master and its chief engineers */
    PERM_METER_VIEW,      /* メーター管理: the stock, a meter and its history, the stocktakes */
    PERM_METER,           /* メーター管理: 庫入, 庫出, 返却, reorder points, stocktaking (approval: PERM_APPROVE too) */
    PERM__MAX
};

/* Code name ("viewer", "reader", "clerk", "chief", "admin", "auditor",
 * "works") and Japanese label ("閲覧", ...). Static strings. */
const char *role_code(int role);
const char *role_label(int role);
/* Parse a code name or Japanese label; -1 if unknown. */
int role_parse(const char *s);
const char *perm_code(int perm);
bool role_has(int role, int perm);
/* The labels of the roles that have perm, in the table's order, joined by
 * "・" ("担当・係長・管理者"); "" when none.  Truncated at a whole label. */
void role_labels_with(int perm, char *out, size_t outsz);

#endif
