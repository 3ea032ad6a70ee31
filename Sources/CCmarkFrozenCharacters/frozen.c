// cmark-gfm keeps the characters that start an inline (`*`, `[`, and the extensions' `~`, `:`, `w`) in a
// process-wide table. `cmark_parser_finish` adds its parser's extension characters to that table before
// inline parsing and removes them after, through the exported function
// `cmark_manage_extensions_special_characters`. Two parsers finishing at once therefore corrupt each
// other: one removes `~` while the other is still parsing and a strikethrough comes out as text. Every
// parser Praktika makes has the same extensions, so the table only ever needs one state.
//
// This file defines that exported function. The library calls it through its PLT, so the dynamic linker
// binds the call to the executable's definition (ELF symbol interposition). Once frozen, the table is
// filled from Praktika's extension set and every later add or remove is ignored: the table no longer
// changes, and parsers can finish on several threads at once. Whether the library really calls this
// definition is measured at start-up (`praktika_cmark_ignored_table_edits`); when it does not, Swift keeps
// the lock.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stddef.h>

#include "praktika_cmark_frozen.h"

typedef void (*manage_function)(void *parser, int add);

static atomic_int frozen;
static atomic_long ignored_edits;

static manage_function library_function(void) {
    return (manage_function)dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters");
}

// The library's declaration takes a `cmark_parser *`; this file does not include cmark's headers, so
// the pointer is untyped here (the same calling convention).
void cmark_manage_extensions_special_characters(void *parser, int add) {
    if (atomic_load_explicit(&frozen, memory_order_acquire)) {
        atomic_fetch_add_explicit(&ignored_edits, 1, memory_order_relaxed);
        return;
    }
    manage_function original = library_function();
    if (original != NULL && original != cmark_manage_extensions_special_characters) {
        original(parser, add);
    }
}

int praktika_cmark_freeze_special_characters(void *parser) {
    manage_function original = library_function();
    if (original == NULL || original == cmark_manage_extensions_special_characters) {
        return 0;
    }
    original(parser, 1);
    atomic_store_explicit(&frozen, 1, memory_order_release);
    return 1;
}

long praktika_cmark_ignored_table_edits(void) {
    return atomic_load_explicit(&ignored_edits, memory_order_relaxed);
}
