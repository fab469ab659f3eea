// The C libraries behind the DeterministicArchive module: libarchive writes the tar stream,
// liblzma, libzstd and zlib compress it.
#ifndef CARCHIVESUPPORT_SHIM_H
#define CARCHIVESUPPORT_SHIM_H

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#if defined(__APPLE__)
#include <xlocale.h>
#endif
#if defined(__linux__)
#include <sys/vfs.h>
#endif

/// A locale whose character type is UTF-8 (the other categories are "C"), or (locale_t)0 when
/// the system has none of the usual names for one.
static inline locale_t cas_new_utf8_ctype_locale(void) {
    static const char *const names[] = {"C.UTF-8", "C.utf8", "UTF-8", "en_US.UTF-8"};
    for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        locale_t loc = newlocale(LC_CTYPE_MASK, names[i], (locale_t)0);
        if (loc != (locale_t)0) return loc;
    }
    return (locale_t)0;
}

/// The calling thread's current locale (as `uselocale` reports it).
static inline locale_t cas_current_thread_locale(void) { return uselocale((locale_t)0); }

/// Whether a `locale_t` is the null locale.
static inline int cas_locale_is_null(locale_t loc) { return loc == (locale_t)0; }

/// deflateInit2 is a macro; this is the same call as a function Swift can see.
static inline int cas_deflate_init_gzip(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
}

/// LZMA_STREAM_INIT is a macro; this gives a stream in its initial state.
static inline lzma_stream cas_lzma_stream_init(void) {
    lzma_stream stream = LZMA_STREAM_INIT;
    return stream;
}

/// The file-system type (statfs f_type) holding `path`, or -1 when unknown. The spec loader
/// uses it to refuse module paths on kernel file systems such as /proc (Glibc's Swift module
/// does not export statfs).
static inline long cas_filesystem_type(const char *path) {
#if defined(__linux__)
    struct statfs info;
    if (statfs(path, &info) == 0) return (long)info.f_type;
#endif
    (void)path;
    return -1;
}

#endif
