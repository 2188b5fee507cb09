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
	{ path: '/portal', roles: CUSTOMER, nav: 'Subscriptions', page: () => import('./pages/portal_list.js') },
	{ path: '/portal/subscriptions/:id', roles: CUSTOMER, nav: null, page: () => import('./pages/portal_subscription.js') },
	{ path: '/billing', roles: CUSTOMER, nav: 'Billing console', page: () => import('./pages/billing_console.js') },

	// The storefront billing dashboard.
	{ path: '/dashboard', roles: CUSTOMER, nav: 'Billing dashboard', page: () => import('./pages/dashboard_home.js') },
	{ path: '/dashboard/orders', roles: CUSTOMER, nav: null, page: () => import('./pages/dashboard_orders.js') },
	{ path: '/dashboard/orders/:id', roles: CUSTOMER, nav: null, page: () => import('./pages/dashboard_order.js') },
	{ path: '/dashboard/subscriptions', roles: CUSTOMER, nav: null, page: () => import('./pages/dashboard_subscriptions.js') },
	{ path: '/dashboard/subscriptions/:id', roles: CUSTOMER, nav: null, page: () => import('./pages/dashboard_subscription.js') },
	{ path: '/dashboard/subscriptions/:id/history', roles: CUSTOMER, nav: null, page: () => import('./pages/dashboard_history.js') },

	// The partner console.
	{ path: '/partner', roles: PARTNER, nav: 'Home', page: () => import('./pages/partner_home.js') },
	{ path: '/partner/customers', roles: PARTNER, nav: 'Customers', page: () => import('./pages/partner_customers.js') },
	{ path: '/partner/customers/:id', roles: PARTNER, nav: null, page: () => import('./pages/partner_customer.js') },
	{ path: '/partner/quotes', roles: PARTNER, nav: 'Quotes', page: () => import('./pages/partner_quotes.js') },
	{ path: '/partner/quotes/new', roles: PARTNER, nav: null, page: () => import('./pages/partner_quote_new.js') },
	{ path: '/partner/quotes/:id', roles: PARTNER, nav: null, page: () => import('./pages/partner_quote.js') },
	{ path: '/partner/orders', roles: PARTNER, nav: 'Orders', page: () => import('./pages/partner_orders.js') },
	{ path: '/partner/orders/:id', roles: PARTNER, nav: null, page: () => import('./pages/partner_order.js') },
	{ path: '/partner/billing-accounts', roles: PARTNER, nav: 'Billing accounts', page: () => import('./pages/partner_billing_accounts.js') },
	{ path: '/partner/licenses', roles: PARTNER, nav: 'License keys', page: () => import('./pages/partner_licenses.js') },

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
