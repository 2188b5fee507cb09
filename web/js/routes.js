// The page table: each page's address (":name" parts become ctx.params),
// the roles that may open it, its label in the menu (null: not in the
// menu) and its module, loaded when first opened.

const CUSTOMER = ['customer_contact'];
const PARTNER = ['partner_user'];
const VENDOR = ['vendor_admin', 'vendor_support'];

// Where each role starts.
export const homes = {
	customer_contact: '/portal',
	partner_user: '/partner',
	vendor_admin: '/vendor',
	vendor_support: '/vendor',
};

export const publicRoutes = [
	{ path: '/login', page: () => import('./pages/login.js') },
];

export const routes = [
	// The customer's partner-managed subscriptions portal and billing console.

	// The storefront billing dashboard.
	{ path: '/dashboard', roles: CUSTOMER, nav: 'Billing', page: () => import('./pages/dashboard_home.js') },
	{ path: '/dashboard/orders', roles: CUSTOMER, nav: null, page: () => import('./pages/dashboard_orders.js') },
	{ path: '/dashboard/orders/:id', roles: CUSTOMER, nav: null, page: () => import('./pages/dashboard_order.js') },
	{ path: '/dashboard/subscriptions', roles: CUSTOMER, nav: null, page: () => import('./pages/dashboard_subscriptions.js') },
	{ path: '/dashboard/subscriptions/:id', roles: CUSTOMER, nav: null, page: () => import('./pages/dashboard_subscription.js') },
	{ path: '/dashboard/subscriptions/:id/history', roles: CUSTOMER, nav: null, page: () => import('./pages/dashboard_history.js') },

	// The partner console.

	// The vendor console.
];

export { CUSTOMER, PARTNER, VENDOR };
