// Intentionally empty: rill_translations exists only to carry the compiled
// Qt Linguist catalogues (:/i18n/rill_<lang>.qm) as resources. A static
// library needs at least one source file.
