#ifndef RECEDIT_CLIBPQ_SHIM_H
#define RECEDIT_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
