/* Unit tests: the log line escapes control characters so a request field cannot forge a line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/log.h"

static void escape_turns_control_characters_and_backslash_into_text(void **state)
{
    (void)state;
    char out[128];
    log_escape("/a\r\nINFO forged\t\\x\x01\x7f 日本", out, sizeof out);
    assert_string_equal(out, "/a\\r\\nINFO forged\\t\\\\x\\x01\\x7f 日本");
}

static void escape_truncates_whole_sequences(void **state)
{
    (void)state;
    char out[6];
    assert_int_equal(log_escape("abcd\ne", out, sizeof out), 4);   /* "\\n" does not fit: dropped whole */
    assert_string_equal(out, "abcd");
    assert_int_equal(log_escape("abcdefgh", out, sizeof out), 5);
    assert_string_equal(out, "abcde");
}

static void a_message_with_crlf_is_written_as_one_line(void **state)
{
    (void)state;
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    int saved = dup(STDERR_FILENO);
    dup2(fileno(tmp), STDERR_FILENO);
    log_msg(LOG_INFO, "r\n1", "GET %s 404", "/x\r\nFAKE 2026-01-01 INFO admin logged in");
    dup2(saved, STDERR_FILENO);
    close(saved);
    char line[512] = "";
    rewind(tmp);
    size_t n = fread(line, 1, sizeof line - 1, tmp);
    fclose(tmp);
    line[n] = '\0';
    assert_non_null(strstr(line, "rid=r\\n1 GET /x\\r\\nFAKE 2026-01-01 INFO admin logged in 404\n"));
    assert_ptr_equal(strchr(line, '\n'), line + n - 1);   /* exactly one line */
    assert_null(strchr(line, '\r'));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escape_turns_control_characters_and_backslash_into_text),
        cmocka_unit_test(escape_truncates_whole_sequences),
        cmocka_unit_test(a_message_with_crlf_is_written_as_one_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
