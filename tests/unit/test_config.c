/* Unit tests: INI parsing, environment overrides, typed values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/config.h"

static void sections_comments_and_quotes(void **state)
{
    (void)state;
    config *c = config_new();
    err_t e;
    const char *ini = "top = 1\n# comment\n[db]\nurl = \"sqlite:/var/lib/suido/x.db\"\n"
                      "[server]\nlisten = 0.0.0.0:8080 ; inline comment\nthreads=8\n";
    assert_int_equal(config_load_string(c, ini, "t.ini", &e), 0);
    assert_string_equal(config_get(c, "top", NULL), "1");
    assert_string_equal(config_get(c, "db.url", NULL), "sqlite:/var/lib/suido/x.db");
    assert_string_equal(config_get(c, "server.listen", NULL), "0.0.0.0:8080");
    assert_string_equal(config_get(c, "missing", "def"), "def");
    long long v;
    assert_int_equal(config_get_int(c, "server.threads", 4, 1, 64, &v, &e), 0);
    assert_int_equal(v, 8);
    assert_int_equal(config_get_int(c, "server.absent", 4, 1, 64, &v, &e), 0);
    assert_int_equal(v, 4);
    assert_int_equal(config_get_int(c, "server.listen", 4, 1, 64, &v, &e), ERR_INVALID);
    assert_string_equal(e.field, "server.listen");
    config_free(c);
}

static void syntax_errors_name_the_line(void **state)
{
    (void)state;
    config *c = config_new();
    err_t e;
    assert_int_equal(config_load_string(c, "[db]\nurl = x\nthis line is wrong\n", "name", &e), ERR_INVALID);
    assert_non_null(strstr(e.log, "name:3"));
    assert_int_equal(config_load_string(c, "[broken\n", "other", &e), ERR_INVALID);
    assert_non_null(strstr(e.log, "other:1"));
    config_free(c);
}

static void environment_overrides_file(void **state)
{
    (void)state;
    config *c = config_new();
    err_t e;
    assert_int_equal(config_load_string(c, "[db]\nurl = sqlite:file.db\n", "t", &e), 0);
    setenv("SUIDO_DB", "host=/tmp dbname=x", 1);
    config_apply_env(c);
    assert_string_equal(config_get(c, "db.url", NULL), "host=/tmp dbname=x");
    unsetenv("SUIDO_DB");
    config_free(c);
}

static void missing_file_is_an_io_error(void **state)
{
    (void)state;
    config *c = config_new();
    err_t e;
    assert_int_equal(config_load_file(c, "/nonexistent/suido.ini", &e), ERR_IO);
    config_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sections_comments_and_quotes),
        cmocka_unit_test(syntax_errors_name_the_line),
        cmocka_unit_test(environment_overrides_file),
        cmocka_unit_test(missing_file_is_an_io_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
