/* app_works_attachment — the drawings of a works application (issue 18
 * item 2: PDF, PNG or JPEG, type-checked by content, size-limited, stored
 * outside the web root, served only to staff with permission).
 *
 * Files are written under works.attachment_dir (default "works-files"
 * beside the key file) with a random name; the row (works_attachments) keeps
 * the sealed original name, the type, the size and the SHA-256, checked on
 * every read.  Attaching needs PERM_WORKS, reading PERM_WORKS_VIEW; both are
 * audited (works.application.attach, works.application.attachment).
 *
 * Ownership: app_works_attachment_read appends to the caller's buffer and
 * fills the caller's struct (app_works_attachment, in
 * app_works_application.h: the application view lists them too). */
#ifndef SUIDO_APP_WORKS_ATTACHMENT_H
#define SUIDO_APP_WORKS_ATTACHMENT_H

#include "app/works/app_works_application.h"

/* Attach a file (its name as uploaded, its bytes).  ERR_INVALID (field
 * "file"): empty, larger than works.attachment_max_bytes, or not a PDF, PNG
 * or JPEG by its first bytes (whatever its name says). */
int app_works_attach(app_ctx *ctx, int64_t id, const char *name, const void *data, size_t len, int64_t *att_id,
                     err_t *e);
/* An attachment's bytes into out (the caller's buffer) and its row; the
 * file's checksum is verified.  ERR_NOTFOUND when there is none (or, id >
 * 0, it does not belong to application id).  Audited. */
int app_works_attachment_read(app_ctx *ctx, int64_t id, int64_t att_id, app_works_attachment *info, buf_t *out,
                              err_t *e);

#endif
