/* reading_cause — see reading_cause.h. */
#include "domain/reading_cause.h"

#include "base/codes.h"

static const code_label CAUSES[READING_CAUSE__MAX] = {
    [READING_CAUSE_LOCKED] = {"locked", "施錠・立入不可"},
    [READING_CAUSE_CAR] = {"car", "車両の下"},
    [READING_CAUSE_DOG] = {"dog", "犬"},
    [READING_CAUSE_BURIED] = {"buried", "埋没・水没"},
    [READING_CAUSE_ABSENT] = {"absent", "不在（敷地内に入れない）"},
    [READING_CAUSE_OTHER] = {"other", "その他"},
};

const char *reading_cause_code(int cause)
{
    return codes_code(CAUSES, READING_CAUSE__MAX, cause);
}

const char *reading_cause_label(int cause)
{
    return codes_label(CAUSES, READING_CAUSE__MAX, cause);
}

int reading_cause_parse(const char *code)
{
    return codes_parse(CAUSES, READING_CAUSE__MAX, code);
}
