/* multipart — multipart/form-data bodies (file uploads) through
 * libmicrohttpd's post processor (see web_internal.h). */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_internal.h"

typedef struct mp_state {
    web_req *rq;
    bool failed;
} mp_state;

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                               const char *content_type, const char *transfer_encoding, const char *data, uint64_t off,
                               size_t size)
{
    (void)kind;
    (void)content_type;
    (void)transfer_encoding;
    mp_state *st = cls;
    web_req *rq = st->rq;
    if (!key)
        return MHD_YES;
    if (filename) {
        if (off == 0 && rq->upload.len == 0)
            str_copy(rq->upload_name, sizeof rq->upload_name, filename);
        if (size && !buf_append(&rq->upload, data, size))
            st->failed = true;
        return st->failed ? MHD_NO : MHD_YES;
    }
    /* A plain field, possibly in several pieces: append to the last one of that name. */
    web_kv *kv = NULL;
    if (off > 0 && rq->nform && strcmp(rq->form[rq->nform - 1].key, key) == 0)
        kv = &rq->form[rq->nform - 1];
    if (!kv) {
        if (rq->nform >= WEB_MAX_FIELDS) {
            st->failed = true;
            return MHD_NO;
        }
        kv = &rq->form[rq->nform];
        kv->key = strdup(key);
        kv->value = calloc(1, 1);
        if (!kv->key || !kv->value) {
            free(kv->key);
            free(kv->value);
            kv->key = kv->value = NULL;
            st->failed = true;
            return MHD_NO;
        }
        rq->nform++;
    }
    size_t have = strlen(kv->value);
    if (size > 64 * 1024 || have + size > 64 * 1024) {   /* form fields are short; files go to upload */
        st->failed = true;
        return MHD_NO;
    }
    char *v = realloc(kv->value, have + size + 1);
    if (!v) {
        st->failed = true;
        return MHD_NO;
    }
    memcpy(v + have, data, size);
    v[have + size] = '\0';
    kv->value = v;
    return MHD_YES;
}

int web_parse_multipart(struct MHD_Connection *conn, const char *body, size_t len, web_req *rq)
{
    mp_state st = {.rq = rq};
    if (rq->upload.cap == 0)
        buf_init(&rq->upload, len + 1);
    struct MHD_PostProcessor *pp = MHD_create_post_processor(conn, 64 * 1024, on_part, &st);
    if (!pp)
        return -1;
    enum MHD_Result r = MHD_post_process(pp, body, len);
    MHD_destroy_post_processor(pp);
    return r == MHD_YES && !st.failed ? 0 : -1;
}
