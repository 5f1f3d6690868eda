/* app_key_escrow — key escrow and recovery (see app_key_escrow.h). */
#include "app/app_key_escrow.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/crypto.h"
#include "base/log.h"
#include "base/passbox.h"
#include "base/text.h"

/* The whole of a small file (under 1 MiB) as a malloc'd string; NULL with errno. */
static char *read_small(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    buf_t b;
    buf_init(&b, 0);
    char chunk[4096];
    ssize_t got;
    while ((got = read(fd, chunk, sizeof chunk)) > 0 && b.len < 1048576)
        buf_append(&b, chunk, (size_t)got);
    close(fd);
    if (got < 0 || b.failed || b.len >= 1048576) {
        buf_free(&b);
        errno = EIO;
        return NULL;
    }
    buf_cstr(&b);
    return buf_steal(&b, NULL);
}

static int write_new(const char *path, const char *text, err_t *e)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        char msg[1300];
        str_fmt(msg, sizeof msg, errno == EEXIST ? "%s はすでにあります。上書きはしません。" : "%s を作れません。", path);
        return err_set(e, errno == EEXIST ? ERR_CONFLICT : ERR_IO, NULL, msg, "create %s: %s", path, strerror(errno));
    }
    size_t n = strlen(text);
    bool ok = write(fd, text, n) == (ssize_t)n && fsync(fd) == 0;
    close(fd);
    if (!ok) {
        unlink(path);
        return err_set(e, ERR_IO, NULL, "ファイルを書き込めません。", "write %s failed", path);
    }
    return 0;
}

int app_key_escrow(const char *key_file, const char *passphrase, const char *out, err_t *e)
{
    if (text_len_chars(passphrase) < APP_ESCROW_PASSPHRASE_MIN)
        return err_set(e, ERR_INVALID, "passphrase", "パスフレーズは12文字以上にしてください。", "passphrase too short");
    crypto_keyring *kr = NULL;
    if (crypto_init() != 0)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "libsodium initialisation failed");
    int rc = crypto_keyring_load(key_file, false, &kr, e);
    if (rc)
        return rc;
    crypto_keyring_free(kr);
    char *plain = read_small(key_file);
    if (!plain)
        return err_set(e, ERR_IO, "key_file", "鍵ファイルを読めません。", "read %s: %s", key_file, strerror(errno));
    char *sealed = passbox_seal(passphrase, plain);
    passbox_free_secret(plain);
    if (!sealed)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "passbox_seal failed");
    char when[24];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    buf_t b;
    buf_init(&b, strlen(sealed) + 256);
    buf_printf(&b,
               "# suido key escrow: the field key file sealed to a passphrase\n"
               "# created %s; recover: suido key recover --in THIS_FILE\n%s\n",
               when, sealed);
    free(sealed);
    rc = b.failed ? err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory") : write_new(out, buf_cstr(&b), e);
    buf_free(&b);
    if (!rc)
        log_info("key escrow written to %s", out);
    return rc;
}

int app_key_recover(const char *in, const char *passphrase, const char *key_file, err_t *e)
{
    struct stat st;
    if (stat(key_file, &st) == 0) {
        char msg[1300];
        str_fmt(msg, sizeof msg, "鍵ファイル %s はすでにあります。上書きはしません（別の場所を SUIDO_KEY_FILE で指定してください）。",
                key_file);
        return err_set(e, ERR_CONFLICT, "key_file", msg, "key file exists");
    }
    char *text = read_small(in);
    if (!text) {
        char msg[1300];
        str_fmt(msg, sizeof msg, "預託ファイル %s を読めません。", in);
        return err_set(e, ERR_IO, "--in", msg, "read %s: %s", in, strerror(errno));
    }
    const char *line = strstr(text, "pp1:");
    char *plain = line ? passbox_open(passphrase, line) : NULL;
    free(text);
    if (!plain)
        return err_set(e, ERR_AUTH, "passphrase", "パスフレーズが違うか、預託ファイルが壊れています。",
                       "escrow file does not open");
    /* put it in place only if it is a key file */
    char tmp[1100];
    str_fmt(tmp, sizeof tmp, "%s.recover-tmp", key_file);
    unlink(tmp);
    int rc = write_new(tmp, plain, e);
    passbox_free_secret(plain);
    if (rc)
        return rc;
    crypto_keyring *kr = NULL;
    if (crypto_init() != 0 || (rc = crypto_keyring_load(tmp, false, &kr, e))) {
        unlink(tmp);
        return rc ? rc : err_set(e, ERR_INTERNAL, NULL, NULL, "libsodium initialisation failed");
    }
    crypto_keyring_free(kr);
    if (link(tmp, key_file) != 0) {   /* never replaces a file that appeared meanwhile */
        int err = errno;
        unlink(tmp);
        return err_set(e, ERR_IO, "key_file", "鍵ファイルを書き込めません。", "link %s: %s", key_file, strerror(err));
    }
    unlink(tmp);
    log_info("key file recovered to %s", key_file);
    return 0;
}
