/* Store functions of the quotes slice of commerce (store/quotes.c). Included by store.h. */
#ifndef TESSERA_STORE_QUOTES_H
#define TESSERA_STORE_QUOTES_H

#include "store/commerce.h"

#endif
