#ifndef RECEDIT_LOADER_H
#define RECEDIT_LOADER_H
/* What the trampolines of one library share: the library, loaded once, and the lookup of a function in it. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct recedit_library {
    const char *variable;  /* the environment variable that names another file (tests) */
    const char *file;      /* the file dlopen is asked for otherwise */
    const char *missing;   /* the line when it cannot be loaded: MISSING FILE HINT */
    const char *hint;
    pthread_once_t once;
    void *handle;
    void (*missing_handler)(void);
};

#define RECEDIT_LIBRARY(variable, file, missing, hint) {variable, file, missing, hint, PTHREAD_ONCE_INIT, NULL, NULL}

static inline const char *recedit_library_file(const struct recedit_library *library) {
    const char *file = getenv(library->variable);
    return file && *file ? file : library->file;
}

static inline int recedit_library_load(struct recedit_library *library, void (*load)(void)) {
    pthread_once(&library->once, load);
    return library->handle != NULL;
}

static inline void recedit_library_open(struct recedit_library *library) {
    library->handle = dlopen(recedit_library_file(library), RTLD_NOW | RTLD_LOCAL);
}

static inline void recedit_library_line(const char *a, const char *b, const char *c) {
    char line[512];
    int n = snprintf(line, sizeof line, "recedit: %s%s%s\n", a, b, c);
    if (n > 0) {
        ssize_t ignored = write(STDERR_FILENO, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
        (void)ignored;
    }
}

/* The function `name` of the library; it never returns without it. */
static inline void *recedit_library_function(struct recedit_library *library, void (*load)(void), const char *name) {
    if (!recedit_library_load(library, load)) {
        void (*handler)(void) = __atomic_load_n(&library->missing_handler, __ATOMIC_ACQUIRE);
        if (handler) handler();
        recedit_library_line(library->missing, recedit_library_file(library), library->hint);
        exit(1);
    }
    void *function = dlsym(library->handle, name);
    if (!function) {
        recedit_library_line(recedit_library_file(library), " has no function ", name);
        exit(1);
    }
    return function;
}

/* A trampoline: RET NAME(PARAMS) calls the library's NAME, looked up on its first call (two threads racing
   only look it up twice). LOOKUP(name) is the file's lookup. */
#define RECEDIT_FUNCTION(lookup, ret, name, params, args)                                     \
    ret name params {                                                                         \
        static ret(*cached) params;                                                           \
        ret(*function) params = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);                   \
        if (!function) {                                                                      \
            function = (ret(*) params)lookup(#name);                                          \
            __atomic_store_n(&cached, function, __ATOMIC_RELEASE);                            \
        }                                                                                     \
        return function args;                                                                 \
    }
#define RECEDIT_VOID_FUNCTION(lookup, name, params, args)                                     \
    void name params {                                                                        \
        static void(*cached) params;                                                          \
        void(*function) params = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);                  \
        if (!function) {                                                                      \
            function = (void(*) params)lookup(#name);                                         \
            __atomic_store_n(&cached, function, __ATOMIC_RELEASE);                            \
        }                                                                                     \
        function args;                                                                        \
    }
#endif
