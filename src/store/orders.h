/* Store functions of the orders slice of commerce (store/orders.c). Included by store.h. */
#ifndef TESSERA_STORE_ORDERS_H
#define TESSERA_STORE_ORDERS_H

#include "store/commerce.h"

#endif
