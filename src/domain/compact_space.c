/* compact_space — see compact_space.h. */
#include "domain/compact_space.h"

#include "base/buf.h"

static int64_t with_margin(int64_t bytes)
{
    return bytes + bytes / 10;
}

void compact_space_need(int64_t db_bytes, compact_disk db, compact_disk tmp, int64_t *need_db, int64_t *need_tmp)
{
    int64_t one = with_margin(db_bytes < 0 ? 0 : db_bytes);
    if (db.dev == tmp.dev) {
        *need_db = 2 * one;
        *need_tmp = 0;
    } else {
        *need_db = one;
        *need_tmp = one;
    }
}

static int64_t mb(int64_t bytes)
{
    return (bytes + (1 << 20) - 1) >> 20;
}

bool compact_space_ok(int64_t db_bytes, compact_disk db, const char *db_dir, compact_disk tmp, const char *tmp_dir,
                      char *why, size_t whysz)
{
    int64_t need_db, need_tmp;
    compact_space_need(db_bytes, db, tmp, &need_db, &need_tmp);
    if (db.free_bytes < need_db) {
        if (need_tmp == 0)
            str_fmt(why, whysz,
                    "%s の空き容量が足りません（空き %lld MB、必要 %lld MB: データベース %lld MB の一時コピーと"
                    "更新ログの分）。",
                    db_dir, (long long)mb(db.free_bytes), (long long)mb(need_db), (long long)mb(db_bytes));
        else
            str_fmt(why, whysz, "%s の空き容量が足りません（空き %lld MB、必要 %lld MB: データベース %lld MB の更新ログの分）。",
                    db_dir, (long long)mb(db.free_bytes), (long long)mb(need_db), (long long)mb(db_bytes));
        return false;
    }
    if (tmp.free_bytes < need_tmp) {
        str_fmt(why, whysz,
                "一時ディレクトリ %s の空き容量が足りません（空き %lld MB、必要 %lld MB: データベース %lld MB の"
                "一時コピーの分）。SQLITE_TMPDIR で別の場所を指定できます。",
                tmp_dir, (long long)mb(tmp.free_bytes), (long long)mb(need_tmp), (long long)mb(db_bytes));
        return false;
    }
    if (whysz)
        why[0] = '\0';
    return true;
}
