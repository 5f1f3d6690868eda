/* reading_cause — see reading_cause.h. */
#include "domain/reading_cause.h"

#include <stddef.h>
#include <string.h>

static const struct {
    const char *code, *label;
} CAUSES[READING_CAUSE__MAX] = {
    [READING_CAUSE_LOCKED] = {"locked", "施錠・立入不可"},
    [READING_CAUSE_CAR] = {"car", "車両の下"},
    [READING_CAUSE_DOG] = {"dog", "犬"},
    [READING_CAUSE_BURIED] = {"buried", "埋没・水没"},
    [READING_CAUSE_ABSENT] = {"absent", "不在（敷地内に入れない）"},
    [READING_CAUSE_OTHER] = {"other", "その他"},
};

const char *reading_cause_code(int cause)
{
    return cause >= 0 && cause < READING_CAUSE__MAX ? CAUSES[cause].code : NULL;
}

const char *reading_cause_label(int cause)
{
    return cause >= 0 && cause < READING_CAUSE__MAX ? CAUSES[cause].label : NULL;
}

int reading_cause_parse(const char *code)
{
    for (int i = 0; code && i < READING_CAUSE__MAX; i++)
        if (strcmp(CAUSES[i].code, code) == 0)
            return i;
    return -1;
}
