/* Store functions of the billing slice of commerce (store/billing.c). Included by store.h. */
#ifndef TESSERA_STORE_BILLING_H
#define TESSERA_STORE_BILLING_H

#include "store/commerce.h"

#endif
