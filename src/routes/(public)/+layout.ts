// Public pages are read, not used: they ship no JavaScript unless a page asks for it.
export const csr = false;
