/* Unit tests: the keyring file, sealing, rotation, blind indexes, passwords. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/crypto.h"

typedef struct fx { char dir[64]; char path[128]; crypto_keyring *kr; } fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    str_copy(f->dir, sizeof f->dir, "/tmp/suido-crypto-XXXXXX");
    if (crypto_init() || !mkdtemp(f->dir))
        return -1;
    str_fmt(f->path, sizeof f->path, "%s/suido.key", f->dir);
    err_t e;
    if (crypto_keyring_load(f->path, true, &f->kr, &e))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    crypto_keyring_free(f->kr);
    unlink(f->path);
    rmdir(f->dir);
    free(f);
    return 0;
}

static void key_file_is_created_private(void **state)
{
    fx *f = *state;
    struct stat st;
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_string_equal(crypto_keyring_current(f->kr), "k1");
}

static void seal_open_round_trip_hides_plaintext(void **state)
{
    fx *f = *state;
    const char *name = "山田　太郎";
    char *s = crypto_seal(f->kr, name);
    assert_non_null(s);
    assert_true(strncmp(s, "k1:", 3) == 0);
    assert_null(strstr(s, "山田"));
    char *t = crypto_seal(f->kr, name);
    assert_string_not_equal(s, t);           /* a fresh nonce each time */
    char *p = crypto_open(f->kr, s);
    assert_string_equal(p, name);
    free(p);
    free(t);
    char kid[CRYPTO_KEYID_MAX];
    assert_true(crypto_sealed_keyid(s, kid, sizeof kid));
    assert_string_equal(kid, "k1");
    free(s);
    char *empty = crypto_seal(f->kr, "");
    assert_string_equal(empty, "");
    free(empty);
}

static void tampering_is_detected(void **state)
{
    fx *f = *state;
    char *s = crypto_seal(f->kr, "090-1234-5678");
    size_t n = strlen(s);
    s[n - 3] = s[n - 3] == 'A' ? 'B' : 'A';
    assert_null(crypto_open(f->kr, s));
    free(s);
    s = crypto_seal(f->kr, "090-1234-5678");
    s[1] = '9';                               /* unknown key id */
    assert_null(crypto_open(f->kr, s));
    free(s);
    assert_null(crypto_open(f->kr, "k1:!!!"));
    assert_null(crypto_open(f->kr, "nocolon"));
}

static void rotation_keeps_old_values_readable(void **state)
{
    fx *f = *state;
    err_t e;
    char *old = crypto_seal(f->kr, "旧鍵の値");
    assert_int_equal(crypto_keyring_add_key(f->kr, f->path, &e), 0);
    assert_string_equal(crypto_keyring_current(f->kr), "k2");
    char *fresh = crypto_seal(f->kr, "新鍵の値");
    assert_true(strncmp(fresh, "k2:", 3) == 0);
    /* Reload from the file: both keys are there, k2 current. */
    crypto_keyring *again = NULL;
    assert_int_equal(crypto_keyring_load(f->path, false, &again, &e), 0);
    assert_string_equal(crypto_keyring_current(again), "k2");
    char *p1 = crypto_open(again, old), *p2 = crypto_open(again, fresh);
    assert_string_equal(p1, "旧鍵の値");
    assert_string_equal(p2, "新鍵の値");
    /* A k1 ciphertext relabelled as k2 fails: the key id is authenticated. */
    char *relabel = strdup(old);
    relabel[1] = '2';
    assert_null(crypto_open(again, relabel));
    free(relabel);
    free(p1);
    free(p2);
    free(old);
    free(fresh);
    crypto_keyring_free(again);
}

static void unsafe_or_broken_files_are_refused(void **state)
{
    fx *f = *state;
    err_t e;
    crypto_keyring *kr = NULL;
    chmod(f->path, 0640);
    assert_int_equal(crypto_keyring_load(f->path, false, &kr, &e), ERR_IO);
    assert_non_null(strstr(e.log, "chmod 600"));
    chmod(f->path, 0600);
    char bad[160];
    str_fmt(bad, sizeof bad, "%s/bad.key", f->dir);
    FILE *fp = fopen(bad, "w");
    fputs("# comment\nk1 0011\n", fp);
    fclose(fp);
    chmod(bad, 0600);
    assert_int_equal(crypto_keyring_load(bad, false, &kr, &e), ERR_IO);
    assert_non_null(strstr(e.log, "line 2"));
    unlink(bad);
    str_fmt(bad, sizeof bad, "%s/missing.key", f->dir);
    assert_int_equal(crypto_keyring_load(bad, false, &kr, &e), ERR_IO);
    assert_null(kr);
}

static void blind_index_is_keyed_and_separated(void **state)
{
    fx *f = *state;
    char a[65], b[65], c[65];
    crypto_blind_index(f->kr, "phone", "09012345678", a);
    crypto_blind_index(f->kr, "phone", "09012345678", b);
    crypto_blind_index(f->kr, "kana", "09012345678", c);
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
    assert_int_equal(strlen(a), 64);
}

static void passwords(void **state)
{
    (void)state;
    char h[128];
    assert_int_equal(crypto_password_hash("correct horse battery", h), 0);
    assert_true(strncmp(h, "$argon2id$", 10) == 0);
    assert_true(crypto_password_verify(h, "correct horse battery"));
    assert_false(crypto_password_verify(h, "correct horse batterY"));
    assert_false(crypto_password_verify("", "x"));
}

static void digests_and_tokens(void **state)
{
    (void)state;
    char h[65], t1[65], t2[65];
    crypto_sha256_hex("abc", 3, h);
    assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    crypto_random_hex(t1, 32);
    crypto_random_hex(t2, 32);
    assert_int_equal(strlen(t1), 64);
    assert_string_not_equal(t1, t2);
    assert_true(crypto_str_eq(t1, t1));
    assert_false(crypto_str_eq(t1, t2));
    assert_false(crypto_str_eq("abc", "abcd"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(key_file_is_created_private), T(seal_open_round_trip_hides_plaintext), T(tampering_is_detected),
        T(rotation_keeps_old_values_readable), T(unsafe_or_broken_files_are_refused),
        T(blind_index_is_keyed_and_separated), T(passwords), T(digests_and_tokens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
