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

	// The partner console.

	// The vendor console.
	{ path: '/vendor', roles: VENDOR, nav: 'Review queue', page: () => import('./pages/vendor_review.js') },
	{ path: '/vendor/orders', roles: VENDOR, nav: 'Orders', page: () => import('./pages/vendor_orders.js') },
	{ path: '/vendor/orders/:id', roles: VENDOR, nav: null, page: () => import('./pages/vendor_order.js') },
	{ path: '/vendor/invoices', roles: VENDOR, nav: 'Invoices', page: () => import('./pages/vendor_invoices.js') },
	{ path: '/vendor/invoices/:id', roles: VENDOR, nav: null, page: () => import('./pages/vendor_invoice.js') },
	{ path: '/vendor/subscriptions', roles: VENDOR, nav: 'Subscriptions', page: () => import('./pages/vendor_subscriptions.js') },
	{ path: '/vendor/subscriptions/:id', roles: VENDOR, nav: null, page: () => import('./pages/vendor_subscription.js') },
	{ path: '/vendor/audit', roles: VENDOR, nav: 'Audit log', page: () => import('./pages/vendor_audit.js') },
];

export { CUSTOMER, PARTNER, VENDOR };
