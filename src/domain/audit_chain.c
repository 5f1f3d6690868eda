/* audit_chain — the hash of an audit row (see audit_chain.h). */
#include "domain/audit_chain.h"

#include "base/buf.h"
#include "base/crypto.h"

void audit_chain_hash(const audit_row *r, char out[65])
{
    buf_t b;
    buf_init(&b, 0);
    buf_printf(&b, "%s\n%lld\n%lld\n", r->prev_hash ? r->prev_hash : "", (long long)r->seq, (long long)r->at);
    const char *parts[] = {r->actor, r->ip, r->action, r->object};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        buf_puts(&b, parts[i] ? parts[i] : "");
        buf_putc(&b, '\n');
    }
    buf_puts(&b, r->detail ? r->detail : "");
    crypto_sha256_hex(b.data ? b.data : "", b.len, out);
    buf_free(&b);
}
