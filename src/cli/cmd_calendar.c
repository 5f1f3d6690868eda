/* cmd_calendar — `suido calendar holidays YEAR [LAST]`, `suido calendar business DATE [N]`. */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "domain/calendar.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido calendar holidays YEAR [LAST] その年（LAST があれば YEAR〜LAST 年）の祝日を「YYYY-MM-DD<TAB>名称」で\n"
    "                                      1行ずつ表示します (1949–2099)。\n"
    "  suido calendar business DATE [N]    DATE が営業日ならその日、でなければ翌営業日を表示します。\n"
    "                                      N を付けると DATE から N 営業日後（負なら前）を表示します。\n";

int cmd_calendar(int argc, char **argv)
{
    if (argc >= 1 && strcmp(argv[0], "--help") == 0) {
        fputs(USAGE, stdout);
        return 0;
    }
    long long y = 0, last = 0, n = 0;
    if ((argc == 2 || argc == 3) && strcmp(argv[0], "holidays") == 0 && str_to_i64(argv[1], &y) && y >= 1949 &&
        y <= 2099 && (argc == 2 || (str_to_i64(argv[2], &last) && last >= y && last <= 2099))) {
        for (long long year = y; year <= (argc == 3 ? last : y); year++) {
            calendar_day days[40];
            int k = calendar_holidays((int)year, days, 40);
            for (int i = 0; i < k; i++) {
                char iso[11];
                date_format_iso(days[i].date, iso);
                printf("%s\t%s\n", iso, days[i].name);
            }
        }
        return 0;
    }
    civil_date d;
    if ((argc == 2 || argc == 3) && strcmp(argv[0], "business") == 0 && date_parse(argv[1], &d) &&
        (argc == 2 || (str_to_i64(argv[2], &n) && n >= -1000 && n <= 1000))) {
        civil_date r = argc == 2 ? calendar_next_business_day(d) : calendar_add_business_days(d, (int)n);
        char iso[11];
        date_format_iso(r, iso);
        puts(iso);
        return 0;
    }
    fputs(USAGE, stderr);
    return 2;
}
