#ifndef PRAKTIKA_CMARK_FROZEN_H
#define PRAKTIKA_CMARK_FROZEN_H

/// Fills cmark-gfm's process-wide table of inline special characters from `parser`'s extensions and
/// stops the library from editing it again (see frozen.c). Returns 0 when the library's own function
/// could not be found, so nothing was frozen.
int praktika_cmark_freeze_special_characters(void *parser);

/// How many times cmark-gfm asked to edit the table after it was frozen. A parse that does not raise
/// this number ran cmark's own function instead of ours: the table is not frozen and finishing a
/// parser must stay serialised.
long praktika_cmark_ignored_table_edits(void);

#endif
