/* Unit tests: passbox (base/passbox.h) — a secret sealed to a passphrase
 * opens with it and not with another, a damaged or cut text does not open,
 * each seal differs (random salt and nonce), an empty passphrase is
 * refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/passbox.h"

static void seal_and_open(void **state)
{
    (void)state;
    const char *secret = "# suido field keys\nk1 00112233\nindex 4455\n";
    char *a = passbox_seal("correct horse battery", secret);
    char *b = passbox_seal("correct horse battery", secret);
    assert_non_null(a);
    assert_non_null(b);
    assert_memory_equal(a, "pp1:", 4);
    assert_string_not_equal(a, b);
    char *p = passbox_open("correct horse battery", a);
    assert_non_null(p);
    assert_string_equal(p, secret);
    passbox_free_secret(p);
    assert_null(passbox_open("correct horse batterY", a));
    size_t n = strlen(a);
    a[n - 3] = a[n - 3] == 'A' ? 'B' : 'A';
    assert_null(passbox_open("correct horse battery", a));
    a[n - 20] = '\0';
    assert_null(passbox_open("correct horse battery", a));
    assert_null(passbox_open("correct horse battery", "pp1:1:8192:zz:abc"));
    assert_null(passbox_seal("", secret));
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seal_and_open),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
