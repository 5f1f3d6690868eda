/* anonfile — see anonfile.h. */
#include "base/anonfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *tmp_dir(void)
{
    const char *d = getenv("TMPDIR");
    return d && *d == '/' ? d : "/tmp";
}

int anonfile_open(void)
{
    const char *dir = tmp_dir();
#ifdef O_TMPFILE
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0)
        return fd;
    if (errno != EOPNOTSUPP && errno != EISDIR && errno != ENOENT && errno != EINVAL)
        return -1;
#endif
    /* no O_TMPFILE here: a name for the moment between creating and unlinking, while the file is empty */
    buf_t path;
    buf_init(&path, 0);
    buf_printf(&path, "%s/suido-XXXXXX", dir);
    if (path.failed) {
        buf_free(&path);
        errno = ENOMEM;
        return -1;
    }
    int fd2 = mkostemp(path.data, O_CLOEXEC);
    if (fd2 >= 0 && unlink(path.data) != 0) {
        int saved = errno;
        close(fd2);
        fd2 = -1;
        errno = saved;
    }
    buf_free(&path);
    return fd2;
}

bool anonfile_path(int fd, char *out, size_t outsz)
{
    return fd >= 0 && str_fmt(out, outsz, "/proc/self/fd/%d", fd);
}

bool anonfile_read(int fd, buf_t *out)
{
    char chunk[65536];
    off_t at = 0;
    for (;;) {
        ssize_t n = pread(fd, chunk, sizeof chunk, at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        if (n == 0)
            break;
        buf_append(out, chunk, (size_t)n);
        at += n;
    }
    return !out->failed;
}

bool anonfile_write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        c += w;
        n -= (size_t)w;
    }
    return true;
}
