/** Registry names: lowercase slugs usable in URLs, CLIs and file paths. */
export const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$|^[a-z0-9]$/;
export const NAME_MESSAGE = 'must be a lowercase slug: a-z, 0-9 and "-", 1 to 64 characters';
