/* err — see err.h. */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"

static const char *const NAMES[ERR__MAX] = {
    [ERR_OK] = "ok", [ERR_INVALID] = "invalid", [ERR_NOTFOUND] = "not_found",
    [ERR_FORBIDDEN] = "forbidden", [ERR_AUTH] = "unauthorized", [ERR_LOCKED] = "locked",
    [ERR_CONFLICT] = "conflict", [ERR_TOO_LARGE] = "too_large", [ERR_DB] = "database",
    [ERR_IO] = "io", [ERR_INTERNAL] = "internal", [ERR_STOPPED] = "stopped",
    [ERR_UNAVAILABLE] = "unavailable",
};

static const char *const USER[ERR__MAX] = {
    [ERR_OK] = "",
    [ERR_INVALID] = "入力内容に誤りがあります。",
    [ERR_NOTFOUND] = "該当するデータがありません。",
    [ERR_FORBIDDEN] = "この操作を行う権限がありません。",
    [ERR_AUTH] = "ログインしてください。",
    [ERR_LOCKED] = "ログインの失敗が続いたため、アカウントを一時的にロックしました。しばらくしてから再度お試しください。",
    [ERR_CONFLICT] = "他の操作と競合したか、現在の状態ではこの操作はできません。",
    [ERR_TOO_LARGE] = "送信されたデータが大きすぎます。",
    [ERR_DB] = "システムエラーが発生しました。管理者にお問い合わせください。",
    [ERR_IO] = "システムエラーが発生しました。管理者にお問い合わせください。",
    [ERR_INTERNAL] = "システムエラーが発生しました。管理者にお問い合わせください。",
    [ERR_STOPPED] = "停止の指示により処理を途中で止めました。同じ処理をもう一度実行すると続きから終えます。",
    [ERR_UNAVAILABLE] = "データベースの切り替え中でした。もう一度送信してください。",
};

const char *err_code_name(int code)
{
    return code >= 0 && code < ERR__MAX ? NAMES[code] : "unknown";
}

const char *err_default_user(int code)
{
    return code >= 0 && code < ERR__MAX ? USER[code] : USER[ERR_INTERNAL];
}

void err_clear(err_t *e)
{
    if (e)
        memset(e, 0, sizeof *e);
}

int err_set(err_t *e, int code, const char *field, const char *user, const char *logfmt, ...)
{
    if (!e)
        return code;
    e->code = code;
    str_copy(e->field, sizeof e->field, field ? field : "");
    str_copy(e->user, sizeof e->user, user ? user : err_default_user(code));
    va_list ap;
    va_start(ap, logfmt);
    vsnprintf(e->log, sizeof e->log, logfmt, ap);
    va_end(ap);
    return code;
}

int err_field(err_t *e, const char *field, const char *userfmt, ...)
{
    if (!e)
        return ERR_INVALID;
    e->code = ERR_INVALID;
    str_copy(e->field, sizeof e->field, field ? field : "");
    va_list ap;
    va_start(ap, userfmt);
    vsnprintf(e->user, sizeof e->user, userfmt, ap);
    va_end(ap);
    str_fmt(e->log, sizeof e->log, "invalid field %s", field ? field : "");
    return ERR_INVALID;
}
