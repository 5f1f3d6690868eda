/* Unit tests: the process's resident memory split into its own pages and
 * the pages of files it maps (base/procmem.h), as /metrics shows them. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/procmem.h"

#define MIB (1024 * 1024)

static void the_parts_add_up_to_the_resident_size(void **state)
{
    (void)state;
    procmem m;
    assert_true(procmem_read(&m));
    assert_true(m.resident > 0);
    assert_true(m.own > 0);
    assert_true(m.file > 0);   /* the program and its libraries at least */
    /* the kernel counts VmRSS as the sum of the three */
    assert_int_equal(m.resident, m.own + m.file + m.shared);
}

static void memory_the_process_writes_is_its_own(void **state)
{
    (void)state;
    procmem before, after;
    assert_true(procmem_read(&before));
    size_t n = 64 * MIB;
    char *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(p != MAP_FAILED);
    memset(p, 1, n);
    assert_true(procmem_read(&after));
    assert_true(after.own - before.own >= 60 * MIB);
    assert_true(after.file - before.file < 8 * MIB);
    munmap(p, n);
}

static void a_mapped_file_read_counts_as_file_pages(void **state)
{
    (void)state;
    char path[] = "/tmp/suido-unit-procmem-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    size_t n = 32 * MIB;
    static char block[MIB];
    memset(block, 7, sizeof block);
    for (size_t done = 0; done < n; done += sizeof block)
        assert_int_equal(write(fd, block, sizeof block), (ssize_t)sizeof block);
    procmem before, after;
    assert_true(procmem_read(&before));
    const volatile char *p = mmap(NULL, n, PROT_READ, MAP_SHARED, fd, 0);
    assert_true(p != MAP_FAILED);
    unsigned sum = 0;
    for (size_t i = 0; i < n; i += 4096)
        sum += (unsigned)p[i];
    assert_int_equal(sum, 7u * (unsigned)(n / 4096));
    assert_true(procmem_read(&after));
    /* (on a tmpfs /tmp the kernel counts them as shared memory instead) */
    assert_true((after.file + after.shared) - (before.file + before.shared) >= 30 * MIB);
    assert_true(after.own - before.own < 8 * MIB);
    munmap((void *)p, n);
    close(fd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_parts_add_up_to_the_resident_size),
        cmocka_unit_test(memory_the_process_writes_is_its_own),
        cmocka_unit_test(a_mapped_file_read_counts_as_file_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
