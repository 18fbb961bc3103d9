// The header shows who is signed in on pages rendered per request; prerendered pages show the
// signed-out header, which links to the same places.
export function load({ locals }) {
	const user = locals.user;
	return { viewer: user ? { name: user.name, role: user.role } : null };
}
