/* Unit tests: anonymous temporary files (base/anonfile.h) hold data without
 * ever having a name in the temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/anonfile.h"

static size_t entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static void written_through_its_path_read_back_through_its_descriptor(void **state)
{
    (void)state;
    char dir[] = "/tmp/suido-unit-anon-XXXXXX";
    assert_non_null(mkdtemp(dir));
    setenv("TMPDIR", dir, 1);
    int fd = anonfile_open();
    assert_true(fd >= 0);
    char path[40];
    assert_true(anonfile_path(fd, path, sizeof path));
    FILE *f = fopen(path, "wb");   /* as cairo and libxlsxwriter open it */
    assert_non_null(f);
    fputs("口座番号 1234567", f);
    fclose(f);
    assert_int_equal(entries(dir), 0);   /* the data has no name anywhere */
    buf_t b;
    buf_init(&b, 0);
    assert_true(anonfile_read(fd, &b));
    assert_string_equal(buf_cstr(&b), "口座番号 1234567");
    buf_free(&b);
    close(fd);
    assert_int_equal(entries(dir), 0);
    rmdir(dir);
    unsetenv("TMPDIR");
}

static void a_small_path_buffer_is_refused(void **state)
{
    (void)state;
    char tiny[8];
    assert_false(anonfile_path(3, tiny, sizeof tiny));
    assert_false(anonfile_path(-1, tiny, sizeof tiny));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(written_through_its_path_read_back_through_its_descriptor),
        cmocka_unit_test(a_small_path_buffer_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
