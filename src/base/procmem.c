/* procmem — see procmem.h. */
#include "base/procmem.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"

/* "Name:   1234 kB" → bytes in *out; false if the line is another field. */
static bool field(const char *line, const char *name, int64_t *out)
{
    size_t n = strlen(name);
    if (strncmp(line, name, n) != 0 || line[n] != ':')
        return false;
    const char *p = line + n + 1;
    while (*p == ' ' || *p == '\t')
        p++;
    char digits[24];
    size_t k = 0;
    while (p[k] >= '0' && p[k] <= '9' && k + 1 < sizeof digits) {
        digits[k] = p[k];
        k++;
    }
    digits[k] = '\0';
    long long kb = 0;
    if (k == 0 || strncmp(p + k, " kB", 3) != 0 || !str_to_i64(digits, &kb))
        return false;
    *out = (int64_t)kb * 1024;
    return true;
}

bool procmem_read(procmem *out)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen("/proc/self/status", "re");
    if (!f)
        return false;
    char line[256];
    unsigned seen = 0;
    while (fgets(line, sizeof line, f)) {
        if (field(line, "VmRSS", &out->resident))
            seen |= 1;
        else if (field(line, "RssAnon", &out->own))
            seen |= 2;
        else if (field(line, "RssFile", &out->file))
            seen |= 4;
        else if (field(line, "RssShmem", &out->shared))
            seen |= 8;
    }
    fclose(f);
    if (seen != 15) {
        memset(out, 0, sizeof *out);
        return false;
    }
    return true;
}
