/* Fuzz target: the in-place multipart/form-data parser that reads every file upload. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    web_req *rq = calloc(1, sizeof *rq);
    char *body = malloc(size ? size : 1);   /* exactly size bytes: an overread is caught */
    if (!rq || !body)
        abort();
    memcpy(body, data, size);
    web_parse_multipart("multipart/form-data; boundary=XyZ", body, size, rq);
    if (rq->upload.data && (rq->upload.data < body || rq->upload.data + rq->upload.len > body + size))
        abort();   /* the file must lie inside the body */
    for (size_t i = 0; i < rq->nform; i++)
        if (!rq->form[i].key || !rq->form[i].value)
            abort();
    web_kv_free(rq->form, rq->nform);
    free(body);
    free(rq);
    return 0;
}
